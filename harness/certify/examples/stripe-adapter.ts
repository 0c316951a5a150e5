// The template a team copies to certify a Stripe-dialect adapter:
//   npx gauntlet certify --adapter ./my-adapter.ts --dialect stripe
// The module exports `createAdapter` (a default export works too): given the env the harness
// built (the PSP's origin, its fetch, the keys the simulator was set up with), it returns a
// ProviderAdapter (core/adapters/types.ts). Use only `env.fetch` for the network, never a global
// fetch, a timer or Date.now(): the battery runs in one process on a virtual clock, and the
// adapter must speak to the simulator through the harness's network to be judged at all.
// This one wraps the reference core's built-in Stripe adapter, which certifies; replace the body
// with your own adapter. Outside this repository, import the types from
// `gauntlet/harness/certify/index.ts` and `gauntlet/core/index.ts`.
import { createStripeAdapter, type ProviderAdapter } from '../../../core/index.ts';
import type { AdapterEnv } from '../../worlds/adapter-env.ts';

export function createAdapter(env: AdapterEnv): ProviderAdapter {
  if (!env.webhookSecret) throw new Error('a Stripe adapter needs env.webhookSecret to verify Stripe-Signature');
  return createStripeAdapter({ baseUrl: env.baseUrl, apiKey: env.apiKey, webhookSecret: env.webhookSecret, fetch: env.fetch });
}

export default createAdapter;
