// The merchant contract's pair and the provider states it uses: names and params shared by the
// consumer tests (which declare them) and the state server (which sets them up on the provider).
import type { PactPair } from '../pact-files.ts';

export const MERCHANT_PACT: PactPair = { consumer: 'checkout-client', provider: 'gauntlet-core' };

export const STATES = {
  /** Answers `{idempotencyKey}`: a key never used before, so a re-run against a long-lived service is not a replay. */
  freshKey: 'a fresh idempotency key',
  /** Params `{amount, currency, provider}`; answers `{paymentId}`. */
  authorized: 'a payment authorized for 2000 EUR',
  /** Params `{amount, currency, provider}`; answers `{paymentId}`. */
  captured: 'a payment captured for 2000 EUR',
  /** Params `{amount, currency, provider}`; answers `{paymentId}`. */
  voided: 'a payment voided before capture',
  /** Params: the create request's body; answers `{paymentId, idempotencyKey}` (the key it was created with). */
  createdWithKey: 'a payment created with an idempotency key',
} as const;

export type StateName = (typeof STATES)[keyof typeof STATES];
