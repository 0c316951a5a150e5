// Stripe-Signature (docs.stripe.com "Verify webhook signatures", what stripe-node's
// `webhooks.constructEvent` checks): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
// keyed by the endpoint's `whsec_…` secret used as is (not decoded). A header may carry several
// v1 signatures (during secret rotation) and v0 ones (ignored); one matching v1 is enough.
// The one signer and verifier outside the core: the simulators sign with it, contracts, the demo
// receiver and tests check with it. The core keeps its own verifier on purpose.
import { createHmac } from 'node:crypto';
import { sameText } from './same-text.ts';

/** Stripe's default tolerance for the age of a signed timestamp. */
export const STRIPE_TOLERANCE_SECONDS = 300;

/** The Stripe-Signature header for `payload` signed at `timestampSeconds`. */
export function stripeSignatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${stripeV1(payload, secret, timestampSeconds)}`;
}

export type StripeVerdict = 'valid' | 'bad_signature' | 'stale';

export interface StripeVerifyOptions {
  /** The receiver's time; without it the signature's age is not judged. */
  nowMs?: number;
  toleranceSeconds?: number;
}

/**
 * Whether one of the header's v1 signatures is `rawBody`'s under `secret`, and (when `nowMs` is
 * given) its timestamp within the tolerance. A bad signature is reported before staleness: a
 * forger's timestamp means nothing.
 */
export function verifyStripeSignature(rawBody: string, header: string | undefined, secret: string, options: StripeVerifyOptions = {}): StripeVerdict {
  if (!header) return 'bad_signature';
  const parts = header.split(',').map((p) => p.trim());
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  if (!t || !/^\d{1,12}$/.test(t)) return 'bad_signature';
  const expected = stripeV1(rawBody, secret, Number(t));
  if (!parts.filter((p) => p.startsWith('v1=')).some((p) => sameText(p.slice(3), expected))) return 'bad_signature';
  if (options.nowMs !== undefined && Math.abs(options.nowMs / 1000 - Number(t)) > (options.toleranceSeconds ?? STRIPE_TOLERANCE_SECONDS)) return 'stale';
  return 'valid';
}

function stripeV1(payload: string, secret: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
}
