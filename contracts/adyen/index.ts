// The HTTP contract between the core's Adyen adapter (consumer) and Adyen Checkout (provider): its
// names, and what a verifier needs to know to replay it against an Adyen-speaking provider.
import type { PactPair } from '../pact-files.ts';

export const ADYEN_PACT: PactPair = { consumer: 'gauntlet-core-adyen-adapter', provider: 'adyen' };

/** Adyen authenticates every Checkout request with this header (simulators/adyen/auth.ts). */
export const ADYEN_API_KEY_HEADER = 'x-api-key';

/**
 * The API key the pact's requests carry (a regex in the contract, this as its example, which the
 * verifier sends as is): a fixture key, which a Gauntlet simulator without a configured key
 * accepts and its provider states use (a live world's Adyen simulator wants its own fresh key). Against a
 * provider that wants another key, verify with `headers: adyenVerifierHeaders(key)`.
 */
export const ADYEN_PACT_API_KEY = 'gauntlet_local_test_key';

/**
 * The merchant account the pact's requests name: the Adyen simulator's default, so a simulator
 * started without one accepts them and its provider states create payments where they are found.
 */
export const ADYEN_PACT_MERCHANT_ACCOUNT = 'GauntletECOM';

/** Headers for verifyHttpPact when the provider expects another API key than the pact's example. */
export function adyenVerifierHeaders(apiKey: string): Record<string, string> {
  return { [ADYEN_API_KEY_HEADER]: apiKey };
}
