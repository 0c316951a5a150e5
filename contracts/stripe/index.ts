// The HTTP contract between the core's Stripe adapter (consumer) and Stripe (provider): its names,
// and what a verifier needs to know to replay it against a Stripe-speaking provider.
import type { PactPair } from '../pact-files.ts';

export const STRIPE_PACT: PactPair = { consumer: 'gauntlet-core-stripe-adapter', provider: 'stripe' };

/**
 * The secret key the pact's requests carry (a regex in the contract, this as its example, which
 * the verifier sends as is). A test key, public on purpose: any Gauntlet simulator accepts it, and
 * its provider states use the same one (simulators/stripe/provider-states.ts STRIPE_STATE_API_KEY),
 * because Stripe scopes idempotency keys to the API key. Against a provider that wants another
 * key, verify with `headers: stripeVerifierHeaders(key)`.
 */
export const STRIPE_PACT_API_KEY = 'sk_test_gauntlet_pact';

/** Headers for verifyHttpPact when the provider expects another secret key than the pact's example. */
export function stripeVerifierHeaders(apiKey: string): Record<string, string> {
  return { Authorization: `Bearer ${apiKey}` };
}

export { STRIPE_STATES } from './states.ts';
