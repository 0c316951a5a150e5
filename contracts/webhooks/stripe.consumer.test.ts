// The core's webhook inbox as a consumer of Stripe events: one message per event type the core
// maps. Each example is signed here with the test endpoint secret (the signature travels as
// Stripe-Signature metadata) and driven through the Stripe adapter's real parseWebhook:
// signature, freshness, JSON, mapping. The test asserts the ProviderEvents the core derives, so
// the pact only holds messages the core really accepts and understands.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { createStripeAdapter, type ProviderEvent } from '../../core/index.ts';
import { consumerPactDir, driftOf, removePactDir } from '../pact-files.ts';
import { STRIPE_MESSAGES, type StripeMessage } from './descriptions.ts';
import { PACT_STRIPE_WEBHOOK_SECRET } from './fixture-secrets.ts';
import { STRIPE_WEBHOOKS_PACT } from './pairs.ts';
import { canonicalJson } from './raw-body.ts';
import { STRIPE_SIGNATURE_PATTERN, stripeSignatureHeader } from './signing.ts';
import { EXAMPLE, EXAMPLE_TIME_S, STRIPE_EXAMPLES } from './stripe-examples.ts';

const SECRET = PACT_STRIPE_WEBHOOK_SECRET;
/** The core reads the message two seconds after Stripe signed it: well inside its tolerance. */
const NOW_MS = EXAMPLE_TIME_S * 1000 + 2000;

const dir = consumerPactDir(STRIPE_WEBHOOKS_PACT);
const pact = new PactV4({ ...STRIPE_WEBHOOKS_PACT, dir, logLevel: 'error' });
afterAll(() => removePactDir(dir));

// Only the adapter's webhook half runs: parseWebhook never touches the network.
const adapter = createStripeAdapter({
  baseUrl: 'http://stripe.invalid',
  apiKey: 'sk_test_contracts',
  webhookSecret: SECRET,
  fetch: () => Promise.reject(new Error('a message test makes no calls')),
});

const rawBody = (content: unknown) => canonicalJson(content, 2);
const signatureOf = (example: unknown) => stripeSignatureHeader(rawBody(MatchersV3.reify(example)), SECRET, EXAMPLE_TIME_S);

const occurredAt = EXAMPLE_TIME_S * 1000;
const onIntent = { providerPaymentId: EXAMPLE.intent, paymentId: EXAMPLE.paymentId, currency: 'EUR', occurredAt };

const EXPECTED: Record<StripeMessage, ProviderEvent[]> = {
  authorized: [{ eventId: 'evt_ContractAuthorized01', type: 'authorized', amount: EXAMPLE.amount, ...onIntent }],
  captured: [{ eventId: 'evt_ContractCaptured0001', type: 'captured', amount: EXAMPLE.amount, providerReference: EXAMPLE.charge, operationId: EXAMPLE.operationId, ...onIntent }],
  capturedAutomatically: [
    { eventId: 'evt_ContractAutoCapture01:authorized', type: 'authorized', amount: EXAMPLE.amount, ...onIntent },
    { eventId: 'evt_ContractAutoCapture01', type: 'captured', amount: EXAMPLE.amount, providerReference: EXAMPLE.charge, ...onIntent },
  ],
  declined: [{ eventId: 'evt_ContractDeclined0001', type: 'authorization_failed', reason: 'insufficient_funds', ...onIntent }],
  canceled: [{ eventId: 'evt_ContractCanceled0001', type: 'voided', providerReference: EXAMPLE.intent, ...onIntent }],
  refunded: [{ eventId: 'evt_ContractRefunded0001', type: 'refunded', amount: EXAMPLE.refunded, providerReference: EXAMPLE.refund, operationId: EXAMPLE.operationId, ...onIntent }],
  // Disputes carry no metadata: the core finds the payment by the intent id alone.
  disputed: [{ eventId: 'evt_ContractDisputed0001', type: 'disputed', amount: EXAMPLE.amount, providerReference: EXAMPLE.dispute, reason: 'fraudulent', providerPaymentId: EXAMPLE.intent, currency: 'EUR', occurredAt }],
};

describe('core webhook inbox ← Stripe events (message consumer)', () => {
  for (const key of Object.keys(STRIPE_MESSAGES) as StripeMessage[]) {
    it(`${STRIPE_MESSAGES[key]} → ${EXPECTED[key].map((e) => e.type).join(' + ')}`, async () => {
      const example = STRIPE_EXAMPLES[key];
      await pact
        .addAsynchronousInteraction()
        .expectsToReceive(STRIPE_MESSAGES[key], (b) =>
          b.withJSONContent(example).withMetadata({ 'Stripe-Signature': MatchersV3.regex(STRIPE_SIGNATURE_PATTERN, signatureOf(example)) }),
        )
        .executeTest(async (m) => {
          const verdict = adapter.parseWebhook(rawBody(m.contents.content), { 'Stripe-Signature': String(m.metadata['Stripe-Signature']) }, NOW_MS);
          expect(verdict).toEqual({ kind: 'ok', events: EXPECTED[key] });
        });
    });
  }

  it('the example signatures bind their bodies: one changed amount is refused as bad_signature', () => {
    const example = MatchersV3.reify(STRIPE_EXAMPLES.refunded) as { data: { object: { amount: number } } };
    const signature = signatureOf(STRIPE_EXAMPLES.refunded);
    example.data.object.amount += 1;
    expect(adapter.parseWebhook(rawBody(example), { 'Stripe-Signature': signature }, NOW_MS)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
  });

  it('writes the committed pact (no drift)', () => {
    expect(driftOf(STRIPE_WEBHOOKS_PACT, dir)).toBeUndefined();
  });
});
