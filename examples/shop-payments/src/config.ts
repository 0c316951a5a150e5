// The shop's configuration, read once from the environment. Bug switches (SHOP_BUGS) exist so a
// test harness can prove it catches each classic integration bug; production leaves them empty.

export const BUGS = [
  /** After a timeout or lost connection, re-sends the Stripe call at once without an Idempotency-Key. */
  'retry-without-idempotency-key',
  /** Trusts webhook bodies without checking Stripe-Signature (forged and stale events get in). */
  'unsigned-webhooks',
  /** Applies an event's status even when it moves the order backwards (late `authorized` after `paid`). */
  'late-event-regresses',
  /** Sends a refund once; when its outcome is unknown, the merchant's retry or reconciliation re-sends it with a NEW key. */
  'refund-retry-twice',
  /** Reports an issuer decline as a platform error (502, order `error`) instead of a decline. */
  'decline-as-error',
] as const;
export type Bug = (typeof BUGS)[number];

export interface ShopConfig {
  port: number;
  host: string;
  stripeApiBase: string;
  stripeSecretKey: string;
  stripeWebhookSecret: string;
  /** Per Stripe call; a call that takes longer is indeterminate (the PSP may still execute it). */
  stripeTimeoutMs: number;
  /** Attempts per Stripe call for answers that are safe to retry with the same key (429, 409 in flight, 5xx). */
  stripeMaxAttempts: number;
  /** Stripe-Signature timestamps older (or newer) than this are refused. Stripe's default is 300 s. */
  webhookToleranceSeconds: number;
  maxBodyBytes: number;
  bugs: ReadonlySet<Bug>;
}

export class ConfigError extends Error {}

export function configFromEnv(env: NodeJS.ProcessEnv): ShopConfig {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new ConfigError(`${name} is required`);
    return v;
  };
  const key = need('STRIPE_SECRET_KEY');
  if (!/^sk_test_\w+$/.test(key)) throw new ConfigError('STRIPE_SECRET_KEY must be a test key (sk_test_...)');
  const secret = need('STRIPE_WEBHOOK_SECRET');
  if (!secret.startsWith('whsec_')) throw new ConfigError('STRIPE_WEBHOOK_SECRET must be a whsec_... signing secret');
  return {
    port: int(env.PORT ?? '8080', 'PORT', 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    stripeApiBase: need('STRIPE_API_BASE').replace(/\/$/, ''),
    stripeSecretKey: key,
    stripeWebhookSecret: secret,
    stripeTimeoutMs: int(env.STRIPE_TIMEOUT_MS ?? '2000', 'STRIPE_TIMEOUT_MS', 100, 60_000),
    stripeMaxAttempts: int(env.STRIPE_MAX_ATTEMPTS ?? '4', 'STRIPE_MAX_ATTEMPTS', 1, 10),
    webhookToleranceSeconds: 300,
    maxBodyBytes: 64 * 1024,
    bugs: parseBugs(env.SHOP_BUGS ?? ''),
  };
}

export function parseBugs(list: string): ReadonlySet<Bug> {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(BUGS as readonly string[]).includes(n)) throw new ConfigError(`SHOP_BUGS: unknown bug ${n} (known: ${BUGS.join(', ')})`);
  return new Set(names as Bug[]);
}

function int(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer in ${min}..${max}, got ${text}`);
  return n;
}
