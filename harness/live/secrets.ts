// The secrets of a live world: generated fresh at every start, never a committed default. A
// webhook secret anyone can read in a repository lets anyone forge a capture the core believes
// (issue #10). The simulators and the core take these as arguments (they never reach for
// randomness); the harness makes them here and hands them over in the world file.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export interface WorldSecrets {
  stripe: {
    /** What the SUT sends as `Authorization: Bearer` (a test-mode key: the simulator takes any). */
    apiKey: string;
    /** The webhook endpoint's signing secret (`whsec_…`). */
    webhookSecret: string;
  };
  adyen: {
    /** `x-api-key`: the simulator requires exactly this one. */
    apiKey: string;
    /** The notification HMAC key, hex. */
    hmacKey: string;
  };
  /** Bearer token of the simulators' control API (/__gauntlet/): who may set faults, read ledgers. */
  controlToken: string;
}

/** 32 random bytes each (256 bits), in the shape each provider issues. */
export function generateWorldSecrets(): WorldSecrets {
  return {
    stripe: { apiKey: `sk_test_${hex(32)}`, webhookSecret: `whsec_${hex(32)}` },
    adyen: { apiKey: `gauntlet_${hex(32)}`, hmacKey: hex(32).toUpperCase() },
    controlToken: hex(32),
  };
}

/** One secret of each kind, for a single CLI process (`gauntlet core`, `gauntlet sim`). */
export type SecretName = 'stripeApiKey' | 'stripeWebhookSecret' | 'adyenApiKey' | 'adyenHmacKey' | 'controlToken';
export type FlatSecrets = Partial<Record<SecretName, string>>;

export function flattenSecrets(s: WorldSecrets): Required<FlatSecrets> {
  return {
    stripeApiKey: s.stripe.apiKey,
    stripeWebhookSecret: s.stripe.webhookSecret,
    adyenApiKey: s.adyen.apiKey,
    adyenHmacKey: s.adyen.hmacKey,
    controlToken: s.controlToken,
  };
}

/**
 * Where a process takes each secret from the environment. A child gets its secrets this way, not
 * on its command line, where `ps` shows them to every user of the machine.
 */
export const SECRET_ENV: Record<SecretName, string> = {
  stripeApiKey: 'GAUNTLET_STRIPE_API_KEY',
  stripeWebhookSecret: 'GAUNTLET_STRIPE_WEBHOOK_SECRET',
  adyenApiKey: 'GAUNTLET_ADYEN_API_KEY',
  adyenHmacKey: 'GAUNTLET_ADYEN_HMAC_KEY',
  controlToken: 'GAUNTLET_CONTROL_TOKEN',
};

/** The secrets as environment variables (and every other GAUNTLET secret variable removed). */
export function secretsEnv(base: NodeJS.ProcessEnv, secrets: FlatSecrets): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [name, variable] of Object.entries(SECRET_ENV) as [SecretName, string][]) {
    delete env[variable];
    if (secrets[name] !== undefined) env[variable] = secrets[name];
  }
  return env;
}

/**
 * Whether a listen address is reachable from this machine only. Anything else (0.0.0.0, ::, a
 * LAN address, a host name other than localhost) may be reachable from elsewhere.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** Checks a secret has the shape the provider issues, so a typo fails at start, not at the first webhook. */
export function checkSecretShape(name: SecretName, value: string): string | undefined {
  switch (name) {
    case 'stripeApiKey':
      return /^(sk|rk)_test_[A-Za-z0-9_]{8,247}$/.test(value) ? undefined : 'a Stripe test key looks like sk_test_ followed by at least 8 letters, digits or _';
    case 'stripeWebhookSecret':
      return /^whsec_[A-Za-z0-9_]{8,}$/.test(value) ? undefined : 'a Stripe signing secret looks like whsec_ followed by at least 8 letters, digits or _';
    case 'adyenHmacKey':
      return /^([0-9A-Fa-f]{2}){16,64}$/.test(value) ? undefined : 'an Adyen HMAC key is hex (32 to 128 digits)';
    case 'adyenApiKey':
    case 'controlToken':
      return /^[\x21-\x7e]{16,512}$/.test(value) ? undefined : 'at least 16 printable characters, no spaces';
  }
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** The header a control-API call carries when the world has a control token (none: open, on loopback). */
export function controlHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
