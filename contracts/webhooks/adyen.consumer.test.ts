// The core's webhook inbox as a consumer of Adyen notifications: one message per event code and
// outcome the core maps. Adyen signs inside the body (additionalData.hmacSignature per item), so
// each example carries a signature computed from it with the test HMAC key, and is driven through
// the Adyen adapter's real parseWebhook: strict reading, HMAC of every item, mapping. The test
// asserts the ProviderEvents the core derives.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdyenAdapter, type ProviderEvent } from '../../core/index.ts';
import { consumerPactDir, driftOf, removePactDir } from '../pact-files.ts';
import { adyenExamples, EXAMPLE, EXAMPLE_DATE, MERCHANT_ACCOUNT } from './adyen-examples.ts';
import { ADYEN_MESSAGES, type AdyenMessage } from './descriptions.ts';
import { PACT_ADYEN_HMAC_KEY } from './fixture-secrets.ts';
import { ADYEN_WEBHOOKS_PACT } from './pairs.ts';
import { canonicalJson } from './raw-body.ts';

const dir = consumerPactDir(ADYEN_WEBHOOKS_PACT);
const pact = new PactV4({ ...ADYEN_WEBHOOKS_PACT, dir, logLevel: 'error' });
afterAll(() => removePactDir(dir));

const EXAMPLES = adyenExamples(PACT_ADYEN_HMAC_KEY);

// Only the adapter's notification half runs: parseWebhook never touches the network.
const adapter = createAdyenAdapter({
  baseUrl: 'http://adyen.invalid',
  apiKey: 'contracts_key',
  merchantAccount: MERCHANT_ACCOUNT,
  hmacKey: PACT_ADYEN_HMAC_KEY,
  fetch: () => Promise.reject(new Error('a message test makes no calls')),
});

/** Adyen's HMAC covers no timestamp: the core ignores the time it reads a notification at. */
const ANY_TIME = 0;
const rawBody = (content: unknown) => canonicalJson(content, 0);

const occurredAt = Date.parse(EXAMPLE_DATE);
const payment = (eventCode: string, success: string, amount: number) => ({
  eventId: `${eventCode}:${EXAMPLE.payment}:${success}`,
  providerPaymentId: EXAMPLE.payment,
  paymentId: EXAMPLE.paymentId,
  amount,
  currency: 'EUR',
  occurredAt,
});
const modification = (eventCode: string, success: string, amount: number, echoesOperation = true) => ({
  eventId: `${eventCode}:${EXAMPLE.modification}:${success}`,
  providerPaymentId: EXAMPLE.payment,
  providerReference: EXAMPLE.modification,
  ...(echoesOperation ? { operationId: EXAMPLE.operationId } : {}),
  amount,
  currency: 'EUR',
  occurredAt,
});

const EXPECTED: Record<AdyenMessage, ProviderEvent> = {
  authorised: { type: 'authorized', ...payment('AUTHORISATION', 'true', EXAMPLE.amount) },
  refused: { type: 'authorization_failed', reason: 'Not enough balance', ...payment('AUTHORISATION', 'false', EXAMPLE.amount) },
  captured: { type: 'captured', ...modification('CAPTURE', 'true', EXAMPLE.amount) },
  captureFailed: { type: 'capture_failed', reason: 'Insufficient balance on payment', ...modification('CAPTURE', 'false', EXAMPLE.tooMuch) },
  refunded: { type: 'refunded', ...modification('REFUND', 'true', EXAMPLE.part) },
  refundFailed: { type: 'refund_failed', reason: 'Insufficient balance on payment', ...modification('REFUND', 'false', EXAMPLE.tooMuch) },
  cancelled: { type: 'voided', ...modification('CANCELLATION', 'true', EXAMPLE.amount) },
  cancelFailed: { type: 'void_failed', reason: 'Original payment has already been captured', ...modification('CANCELLATION', 'false', EXAMPLE.amount) },
  reversedByCancel: { type: 'voided', ...modification('CANCEL_OR_REFUND', 'true', EXAMPLE.amount) },
  reversedByRefund: { type: 'refunded', ...modification('CANCEL_OR_REFUND', 'true', EXAMPLE.amount) },
  // The chargeback's merchantReference is the payment's, not an operation id: none is derived.
  chargeback: { type: 'disputed', reason: 'Fraud', ...modification('CHARGEBACK', 'true', EXAMPLE.amount, false) },
};

describe('core webhook inbox ← Adyen notifications (message consumer)', () => {
  for (const key of Object.keys(ADYEN_MESSAGES) as AdyenMessage[]) {
    it(`${ADYEN_MESSAGES[key]} → ${EXPECTED[key].type}`, async () => {
      await pact
        .addAsynchronousInteraction()
        .expectsToReceive(ADYEN_MESSAGES[key], (b) => b.withJSONContent(EXAMPLES[key]))
        .executeTest(async (m) => {
          expect(adapter.parseWebhook(rawBody(m.contents.content), {}, ANY_TIME)).toEqual({ kind: 'ok', events: [EXPECTED[key]] });
        });
    });
  }

  it('the example signatures bind their items: a flipped outcome is refused as bad_signature', () => {
    const example = MatchersV3.reify(EXAMPLES.captured) as { notificationItems: { NotificationRequestItem: { success: string } }[] };
    example.notificationItems[0]!.NotificationRequestItem.success = 'false';
    expect(adapter.parseWebhook(rawBody(example), {}, ANY_TIME)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
  });

  it('writes the committed pact (no drift)', () => {
    expect(driftOf(ADYEN_WEBHOOKS_PACT, dir)).toBeUndefined();
  });
});
