// The message providers of one PSP's webhook pact, keyed by interaction description (what Pact's
// verifier asks for), over a running simulator at `baseUrl`.
import { committedPact } from '../pact-files.ts';
import { adyenProducers, type AdyenProducerOptions } from './adyen-producers.ts';
import { ADYEN_MESSAGES, STRIPE_MESSAGES } from './descriptions.ts';
import { WEBHOOK_PACTS, type WebhookProvider } from './pairs.ts';
import type { ProducerSession } from './producer.ts';
import { stripeProducers, type StripeProducerOptions } from './stripe-producers.ts';

export type WebhookSessionOptions = StripeProducerOptions & AdyenProducerOptions & { provider: WebhookProvider };

export function webhookPactFile(provider: WebhookProvider): string {
  return committedPact(WEBHOOK_PACTS[provider]);
}

export async function openWebhookProducers(o: WebhookSessionOptions): Promise<ProducerSession<string>> {
  const session = o.provider === 'stripe' ? await stripeProducers(o) : await adyenProducers(o);
  const descriptions: Record<string, string> = o.provider === 'stripe' ? STRIPE_MESSAGES : ADYEN_MESSAGES;
  const byDescription = Object.fromEntries(Object.entries(session.producers).map(([key, produce]) => [descriptions[key]!, produce]));
  return { producers: byDescription, close: () => session.close() };
}
