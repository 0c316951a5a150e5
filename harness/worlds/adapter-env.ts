// What a world hands a provider adapter it builds from a factory (a team's adapter module under
// `gauntlet certify`): where its PSP answers, the network to reach it through, and the credentials
// the simulator was set up with. Types only; it lives with the worlds because they build adapters.
import type { ProviderAdapter, ProviderName } from '../../core/index.ts';
import type { FetchLike } from '../../simulators/index.ts';

export interface AdapterEnv {
  /** The PSP's origin (the simulator's, in the simulation world). */
  baseUrl: string;
  /** The only network an adapter may use: in-process and on the virtual clock when certifying. */
  fetch: FetchLike;
  apiKey: string;
  /** Stripe: the webhook endpoint's signing secret (`whsec_…`). */
  webhookSecret?: string;
  /** Adyen: the notification HMAC key, hex. */
  hmacKey?: string;
  /** Adyen: the merchant account every request names. */
  merchantAccount?: string;
}

/** What an adapter module exports (default or `createAdapter`). Called once per world. */
export type AdapterFactory = (env: AdapterEnv) => ProviderAdapter;

export type AdapterFactories = Partial<Record<ProviderName, AdapterFactory>>;
