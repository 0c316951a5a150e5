// Message pacts for the webhooks the core consumes: the pairs, and verification of the committed
// pacts against any running Gauntlet simulator (`gauntlet contracts verify --provider stripe|adyen`).
import type { VerificationReport } from '../verify.ts';
import { openWebhookProducers, webhookPactFile, type WebhookSessionOptions } from './sessions.ts';
import { unverifiedReport, verifyMessagePact } from './verify-messages.ts';

export { ADYEN_WEBHOOKS_PACT, STRIPE_WEBHOOKS_PACT, type WebhookProvider } from './pairs.ts';

/** `provider` and `baseUrl`; the rest (API key, receiver host, delivery timeout) has defaults. */
export type WebhookVerifyOptions = WebhookSessionOptions;

/**
 * Verifies the committed webhook pact of `provider` against the simulator at `baseUrl`: for each
 * message, the simulator is driven to emit it, a local endpoint receives the real delivery, and
 * Pact matches its body and signature metadata against the consumer's expectations.
 */
export async function verifyWebhookPact(o: WebhookVerifyOptions): Promise<VerificationReport> {
  const pactFile = webhookPactFile(o.provider);
  let session: Awaited<ReturnType<typeof openWebhookProducers>>;
  try {
    session = await openWebhookProducers(o);
  } catch (err) {
    // Nothing to verify against (provider down, endpoint refused): every message fails, with why.
    return unverifiedReport(pactFile, o.baseUrl, (err as Error).message);
  }
  try {
    return await verifyMessagePact({ pactFile, baseUrl: o.baseUrl, producers: session.producers });
  } finally {
    await session.close();
  }
}
