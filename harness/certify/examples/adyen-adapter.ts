// The template a team copies to certify an Adyen-dialect adapter:
//   npx gauntlet certify --adapter ./my-adapter.ts --dialect adyen
// The module exports `createAdapter` (a default export works too): given the env the harness
// built (the Checkout origin, its fetch, the API key, merchant account and notification HMAC key
// the simulator was set up with), it returns a ProviderAdapter (core/adapters/types.ts). Use only
// `env.fetch` for the network, never a global fetch, a timer or Date.now(): the battery runs in
// one process on a virtual clock. Adyen's modifications are only `received` by the API; their
// outcome comes by notification, so parseWebhook is where captures, refunds and cancels complete.
// This one wraps the reference core's built-in Adyen adapter, which certifies; replace the body
// with your own adapter. Outside this repository, import the types from
// `gauntlet/harness/certify/index.ts` and `gauntlet/core/index.ts`.
import { createAdyenAdapter, type ProviderAdapter } from '../../../core/index.ts';
import type { AdapterEnv } from '../../worlds/adapter-env.ts';

export function createAdapter(env: AdapterEnv): ProviderAdapter {
  if (!env.hmacKey || !env.merchantAccount) throw new Error('an Adyen adapter needs env.hmacKey and env.merchantAccount');
  return createAdyenAdapter({ baseUrl: env.baseUrl, apiKey: env.apiKey, merchantAccount: env.merchantAccount, hmacKey: env.hmacKey, fetch: env.fetch });
}

export default createAdapter;
