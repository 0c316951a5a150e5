// The two message pacts: the core's webhook inbox consumes what each PSP sends. Kept apart from
// index.ts so consumer tests name their pact without loading the provider-side verifier.
import type { PactPair } from '../pact-files.ts';

export const STRIPE_WEBHOOKS_PACT: PactPair = { consumer: 'gauntlet-core-webhook-inbox', provider: 'stripe-webhooks' };
export const ADYEN_WEBHOOKS_PACT: PactPair = { consumer: 'gauntlet-core-webhook-inbox', provider: 'adyen-webhooks' };

export type WebhookProvider = 'stripe' | 'adyen';

export const WEBHOOK_PACTS: Record<WebhookProvider, PactPair> = { stripe: STRIPE_WEBHOOKS_PACT, adyen: ADYEN_WEBHOOKS_PACT };
