// Deliberately broken adapters, for proving that certification can fail: each wraps the built-in
// Stripe adapter and gets one classic thing wrong, the way a team's first adapter might.
import { createStripeAdapter, type ProviderAdapter, type ProviderResult } from '../../core/index.ts';
import { stripeSignatureHeader } from '../../spec/index.ts';
import type { AdapterEnv, AdapterFactory } from '../worlds/adapter-env.ts';

const stripe = (env: AdapterEnv): ProviderAdapter => createStripeAdapter({ baseUrl: env.baseUrl, apiKey: env.apiKey, webhookSecret: env.webhookSecret ?? '', fetch: env.fetch });

/** Reads an issuer decline as a provider error: the merchant sees `failed` where the issuer said no. */
export const declinesAsErrors: AdapterFactory = (env) => {
  const inner = stripe(env);
  const reclassify = <T>(r: ProviderResult<T>): ProviderResult<T> => (r.kind === 'declined' ? { kind: 'provider_error', status: 402, code: r.code, message: r.message, retryable: false } : r);
  return { ...inner, provider: 'stripe', authorize: async (req, ctx) => reclassify(await inner.authorize(req, ctx)) };
};

/**
 * Never checks Stripe-Signature: it signs every body again with the endpoint secret and a fresh
 * timestamp before handing it to the real parser, so forged and stale deliveries pass.
 */
export const unverifiedWebhooks: AdapterFactory = (env) => {
  const inner = stripe(env);
  return {
    ...inner,
    provider: 'stripe',
    parseWebhook(rawBody, headers, nowMs) {
      const signature = stripeSignatureHeader(rawBody, env.webhookSecret ?? '', Math.floor(nowMs / 1000));
      const others = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'stripe-signature'));
      return inner.parseWebhook(rawBody, { ...others, 'stripe-signature': signature }, nowMs);
    },
  };
};

/** Sends a fresh idempotency key on every retry of a capture: the PSP cannot tell a retry from a new capture. */
export const freshCaptureKeys: AdapterFactory = (env) => {
  const inner = stripe(env);
  const attempts = new Map<string, number>();
  return {
    ...inner,
    provider: 'stripe',
    capture(req, ctx) {
      const n = (attempts.get(ctx.idempotencyKey) ?? 0) + 1;
      attempts.set(ctx.idempotencyKey, n);
      return inner.capture(req, n === 1 ? ctx : { ...ctx, idempotencyKey: `${ctx.idempotencyKey}-retry-${n}` });
    },
  };
};
