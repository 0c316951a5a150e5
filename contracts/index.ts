// The contracts' public face: which committed pacts a provider must honour, and verification of
// them against any running provider (a Gauntlet simulator, a sandbox behind a proxy, the
// reference core or a team's own service speaking its merchant API).
import { ADYEN_PACT } from './adyen/index.ts';
import { verifyMerchantPact } from './merchant/index.ts';
import { committedPact } from './pact-files.ts';
import { STRIPE_PACT } from './stripe/index.ts';
import { verifyHttpPact, type VerificationReport } from './verify.ts';
import { verifyWebhookPact } from './webhooks/index.ts';

export { committedPact, driftOf, PACT_DIR, type PactPair } from './pact-files.ts';
export { describeRefusal, updatePacts, type UpdateOptions, type UpdateResult } from './pact-update.ts';
export { defaultVerifierLog, describeReport, verifyHttpPact, type InteractionResult, type VerificationReport } from './verify.ts';

export const CONTRACT_PROVIDERS = ['stripe', 'adyen', 'core'] as const;
export type ContractProvider = (typeof CONTRACT_PROVIDERS)[number];

export interface ProviderVerificationOptions {
  provider: ContractProvider;
  baseUrl: string;
  /** Where HTTP provider states are set up (default: the simulator's /__gauntlet/provider-states). */
  stateUrl?: string;
}

/**
 * Every committed pact the provider must honour: for a PSP, the adapter's HTTP pact and the
 * webhook message pact; for the core, the checkout client's merchant-API pact.
 */
export async function verifyProvider(o: ProviderVerificationOptions): Promise<VerificationReport[]> {
  switch (o.provider) {
    case 'stripe':
    case 'adyen': {
      const pair = o.provider === 'stripe' ? STRIPE_PACT : ADYEN_PACT;
      const http = await verifyHttpPact({ pactFile: committedPact(pair), baseUrl: o.baseUrl, ...(o.stateUrl ? { stateUrl: o.stateUrl } : {}) });
      const messages = await verifyWebhookPact({ provider: o.provider, baseUrl: o.baseUrl });
      return [http, messages];
    }
    case 'core':
      return [await verifyMerchantPact({ baseUrl: o.baseUrl })];
  }
}

/**
 * Several providers' pacts at once, reports in the order given (each provider's HTTP pact, then its
 * messages). Different providers are verified at the same time; one provider's pacts one after the
 * other, since they share its state (an HTTP pact's rate-limit state must not meet the payment a
 * message pact makes). The HTTP pacts are verified by pact-core in child processes; the message
 * pacts in this process by pact-js, one at a time (their local proxies and pact-core's in-process
 * state are not meant for two runs at once).
 */
export async function verifyProviders(targets: ProviderVerificationOptions[]): Promise<VerificationReport[]> {
  let messages: Promise<void> = Promise.resolve();
  const perTarget = targets.map(async (o) => {
    if (o.provider === 'core') return [await verifyMerchantPact({ baseUrl: o.baseUrl })];
    const provider = o.provider;
    const pair = provider === 'stripe' ? STRIPE_PACT : ADYEN_PACT;
    // This provider's turn at the message verifier, taken now so the turns keep the targets' order.
    const turn = messages;
    let done: () => void = () => undefined;
    messages = new Promise<void>((resolve) => (done = resolve));
    try {
      const http = await verifyHttpPact({ pactFile: committedPact(pair), baseUrl: o.baseUrl, ...(o.stateUrl ? { stateUrl: o.stateUrl } : {}) });
      await turn;
      return [http, await verifyWebhookPact({ provider, baseUrl: o.baseUrl })];
    } finally {
      done();
    }
  });
  return (await Promise.all(perTarget)).flat();
}
