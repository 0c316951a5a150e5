// The checkout client against Pact's mock server: one interaction per test, each asserting what
// the client returns. Exact values where a checkout acts on them (status, amounts, error type and
// code); matchers where the provider mints or varies them (ids, keys, timestamps, messages).
// Payment ids and idempotency keys come from provider states, so verification against a real
// service uses the ids it minted and keys it has never seen.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { freshConnectionFetch } from '../fresh-connection-fetch.ts';
import { consumerPactDir, driftOf, removePactDir } from '../pact-files.ts';
import { CheckoutClient, type CreatePayment } from './checkout-client.ts';
import { MERCHANT_PACT, STATES } from './pact.ts';

const { fromProviderState, integer, like, regex } = MatchersV3;

const dir = consumerPactDir(MERCHANT_PACT);
const pact = new PactV4({ ...MERCHANT_PACT, dir, logLevel: 'error' });
afterAll(() => removePactDir(dir));

const client = (url: string) => new CheckoutClient({ baseUrl: url, fetch: freshConnectionFetch });
const ON_STRIPE = { amount: 2000, currency: 'EUR', provider: 'stripe' };
const order = (reference: string, more: Partial<CreatePayment> = {}): CreatePayment => ({
  amount: 2000,
  currency: 'EUR',
  provider: 'stripe',
  paymentMethod: 'pm_card_visa',
  capture: 'manual',
  reference,
  ...more,
});

const JSON_TYPE = { 'Content-Type': regex('^application/json', 'application/json') };
/** The request's Idempotency-Key: injected from a provider state, `example` in this test. */
const keyed = (example: string) => ({ 'Idempotency-Key': fromProviderState('${idempotencyKey}', example) });
const paymentPath = (suffix: string) => fromProviderState(`/v1/payments/\${paymentId}${suffix}`, `/v1/payments/pay_example${suffix}`);

interface Expected {
  status: string;
  captureMode: 'manual' | 'automatic';
  authorized: number;
  captured: number;
  refunded: number;
  reference?: string;
  declineCode?: string;
}

/** A payment answer: what the client decodes, the rest of the core's view left unpinned. */
function payment(e: Expected) {
  return {
    id: like('pay_example'),
    status: e.status,
    amount: 2000,
    currency: 'EUR',
    // Echoed exactly when this request set it; a state-made payment's reference is the state's.
    reference: e.reference ?? like('order-from-state'),
    provider: 'stripe',
    captureMode: e.captureMode,
    amounts: { authorized: e.authorized, captured: e.captured, refunded: e.refunded },
    declineCode: e.declineCode ?? null,
    createdAt: integer(1764028800000),
  };
}

function apiError(type: string, code: string, param?: string) {
  return { error: { type, code, message: like('A sentence for humans'), ...(param ? { param } : {}) } };
}

describe('checkout client ↔ merchant API (consumer)', () => {
  it('creates a manual-capture payment: authorized, nothing captured', async () => {
    await pact
      .addInteraction()
      .given(STATES.freshKey)
      .uponReceiving('a manual-capture payment request')
      .withRequest('POST', '/v1/payments', (b) => b.headers({ ...keyed('checkout-create-manual'), ...JSON_TYPE }).jsonBody(order('order-1001')))
      .willRespondWith(201, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'authorized', captureMode: 'manual', authorized: 2000, captured: 0, refunded: 0, reference: 'order-1001' })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).createPayment(order('order-1001'), 'checkout-create-manual');
        expect(r).toEqual({ ok: true, status: 201, payment: expect.objectContaining({ status: 'authorized', captureMode: 'manual', amounts: { authorized: 2000, captured: 0, refunded: 0 } }) });
      });
  });

  it('creates an automatic-capture payment: captured in full', async () => {
    await pact
      .addInteraction()
      .given(STATES.freshKey)
      .uponReceiving('an automatic-capture payment request')
      .withRequest('POST', '/v1/payments', (b) => b.headers({ ...keyed('checkout-create-automatic'), ...JSON_TYPE }).jsonBody(order('order-1002', { capture: 'automatic' })))
      .willRespondWith(201, (b) =>
        b.headers(JSON_TYPE).jsonBody(payment({ status: 'captured', captureMode: 'automatic', authorized: 2000, captured: 2000, refunded: 0, reference: 'order-1002' })),
      )
      .executeTest(async (mock) => {
        const r = await client(mock.url).createPayment(order('order-1002', { capture: 'automatic' }), 'checkout-create-automatic');
        expect(r.ok && r.payment).toMatchObject({ status: 'captured', amounts: { captured: 2000 } });
      });
  });

  it('reads an issuer decline as a 201 declined payment with its code, not as an error', async () => {
    const declined = order('order-1003', { paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    await pact
      .addInteraction()
      .given(STATES.freshKey)
      .uponReceiving('a payment request the issuer declines for insufficient funds')
      .withRequest('POST', '/v1/payments', (b) => b.headers({ ...keyed('checkout-create-declined'), ...JSON_TYPE }).jsonBody(declined))
      .willRespondWith(201, (b) =>
        b
          .headers(JSON_TYPE)
          .jsonBody(payment({ status: 'declined', captureMode: 'manual', authorized: 0, captured: 0, refunded: 0, reference: 'order-1003', declineCode: 'insufficient_funds' })),
      )
      .executeTest(async (mock) => {
        const r = await client(mock.url).createPayment(declined, 'checkout-create-declined');
        expect(r.ok && r.payment).toMatchObject({ status: 'declined', declineCode: 'insufficient_funds', amounts: { authorized: 0 } });
      });
  });

  it('captures the whole authorization when no amount is given', async () => {
    await pact
      .addInteraction()
      .given(STATES.authorized, ON_STRIPE)
      .given(STATES.freshKey)
      .uponReceiving('a full capture of an authorized payment')
      .withRequest('POST', paymentPath('/captures'), (b) => b.headers({ ...keyed('checkout-capture-full'), ...JSON_TYPE }).jsonBody({}))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'captured', captureMode: 'manual', authorized: 2000, captured: 2000, refunded: 0 })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).capture('pay_example', 'checkout-capture-full');
        expect(r.ok && r.payment).toMatchObject({ id: 'pay_example', status: 'captured', amounts: { authorized: 2000, captured: 2000 } });
      });
  });

  it('captures part of an authorization', async () => {
    await pact
      .addInteraction()
      .given(STATES.authorized, ON_STRIPE)
      .given(STATES.freshKey)
      .uponReceiving('a partial capture of 1500 of an authorized payment')
      .withRequest('POST', paymentPath('/captures'), (b) => b.headers({ ...keyed('checkout-capture-partial'), ...JSON_TYPE }).jsonBody({ amount: 1500 }))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'partially_captured', captureMode: 'manual', authorized: 2000, captured: 1500, refunded: 0 })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).capture('pay_example', 'checkout-capture-partial', 1500);
        expect(r.ok && r.payment).toMatchObject({ status: 'partially_captured', amounts: { captured: 1500 } });
      });
  });

  it('refunds part of a captured payment', async () => {
    await pact
      .addInteraction()
      .given(STATES.captured, ON_STRIPE)
      .given(STATES.freshKey)
      .uponReceiving('a partial refund of 500 of a captured payment')
      .withRequest('POST', paymentPath('/refunds'), (b) => b.headers({ ...keyed('checkout-refund-partial'), ...JSON_TYPE }).jsonBody({ amount: 500 }))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'partially_refunded', captureMode: 'automatic', authorized: 2000, captured: 2000, refunded: 500 })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).refund('pay_example', 'checkout-refund-partial', 500);
        expect(r.ok && r.payment).toMatchObject({ status: 'partially_refunded', amounts: { captured: 2000, refunded: 500 } });
      });
  });

  it('refunds the whole captured amount when no amount is given', async () => {
    await pact
      .addInteraction()
      .given(STATES.captured, ON_STRIPE)
      .given(STATES.freshKey)
      .uponReceiving('a full refund of a captured payment')
      .withRequest('POST', paymentPath('/refunds'), (b) => b.headers({ ...keyed('checkout-refund-full'), ...JSON_TYPE }).jsonBody({}))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'refunded', captureMode: 'automatic', authorized: 2000, captured: 2000, refunded: 2000 })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).refund('pay_example', 'checkout-refund-full');
        expect(r.ok && r.payment).toMatchObject({ status: 'refunded', amounts: { refunded: 2000 } });
      });
  });

  it('voids an authorization', async () => {
    await pact
      .addInteraction()
      .given(STATES.authorized, ON_STRIPE)
      .given(STATES.freshKey)
      .uponReceiving('a void of an authorized payment')
      .withRequest('POST', paymentPath('/void'), (b) => b.headers(keyed('checkout-void')))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'voided', captureMode: 'manual', authorized: 2000, captured: 0, refunded: 0 })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).void('pay_example', 'checkout-void');
        expect(r.ok && r.payment).toMatchObject({ status: 'voided', amounts: { captured: 0 } });
      });
  });

  it('reads a payment', async () => {
    await pact
      .addInteraction()
      .given(STATES.authorized, ON_STRIPE)
      .uponReceiving('a request for an authorized payment')
      .withRequest('GET', paymentPath(''))
      .willRespondWith(200, (b) => b.headers(JSON_TYPE).jsonBody(payment({ status: 'authorized', captureMode: 'manual', authorized: 2000, captured: 0, refunded: 0 })))
      .executeTest(async (mock) => {
        const r = await client(mock.url).getPayment('pay_example');
        expect(r).toEqual({ ok: true, status: 200, payment: expect.objectContaining({ id: 'pay_example', status: 'authorized', amount: 2000, currency: 'EUR' }) });
      });
  });

  it('gets a typed 400 naming the field for a malformed request', async () => {
    const negative = order('order-1010', { amount: -500 });
    await pact
      .addInteraction()
      .given(STATES.freshKey)
      .uponReceiving('a payment request with a negative amount')
      .withRequest('POST', '/v1/payments', (b) => b.headers({ ...keyed('checkout-create-negative'), ...JSON_TYPE }).jsonBody(negative))
      .willRespondWith(400, (b) => b.headers(JSON_TYPE).jsonBody(apiError('invalid_request', 'amount_invalid', 'amount')))
      .executeTest(async (mock) => {
        const r = await client(mock.url).createPayment(negative, 'checkout-create-negative');
        expect(r).toEqual({ ok: false, error: { status: 400, type: 'invalid_request', code: 'amount_invalid', param: 'amount', message: 'A sentence for humans' } });
      });
  });

  it('gets a typed 404 for a payment that does not exist', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a request for a payment that does not exist')
      .withRequest('GET', '/v1/payments/pay_unknown_to_this_service')
      .willRespondWith(404, (b) => b.headers(JSON_TYPE).jsonBody(apiError('not_found', 'resource_missing')))
      .executeTest(async (mock) => {
        const r = await client(mock.url).getPayment('pay_unknown_to_this_service');
        expect(r.ok ? undefined : r.error).toMatchObject({ status: 404, type: 'not_found', code: 'resource_missing' });
      });
  });

  it('gets a typed 409 for an illegal transition: capturing a voided payment', async () => {
    await pact
      .addInteraction()
      .given(STATES.voided, ON_STRIPE)
      .given(STATES.freshKey)
      .uponReceiving('a capture of a voided payment')
      .withRequest('POST', paymentPath('/captures'), (b) => b.headers({ ...keyed('checkout-capture-voided'), ...JSON_TYPE }).jsonBody({}))
      .willRespondWith(409, (b) => b.headers(JSON_TYPE).jsonBody(apiError('conflict', 'illegal_transition')))
      .executeTest(async (mock) => {
        const r = await client(mock.url).capture('pay_example', 'checkout-capture-voided');
        expect(r.ok ? undefined : r.error).toMatchObject({ status: 409, type: 'conflict', code: 'illegal_transition' });
      });
  });

  it('gets a typed 422 when an idempotency key is reused for a different request', async () => {
    const first = order('order-1012');
    const different = { ...first, amount: 2500 };
    await pact
      .addInteraction()
      .given(STATES.createdWithKey, { ...first })
      .uponReceiving('a payment request reusing an idempotency key with a different amount')
      .withRequest('POST', '/v1/payments', (b) => b.headers({ ...keyed('checkout-create-reused'), ...JSON_TYPE }).jsonBody(different))
      .willRespondWith(422, (b) => b.headers(JSON_TYPE).jsonBody(apiError('idempotency', 'idempotency_key_reused')))
      .executeTest(async (mock) => {
        const r = await client(mock.url).createPayment(different, 'checkout-create-reused');
        expect(r.ok ? undefined : r.error).toMatchObject({ status: 422, type: 'idempotency', code: 'idempotency_key_reused' });
      });
  });

  // Last, once every interaction above is in the file: a changed contract is a reviewable diff.
  it('generates exactly the committed contract', () => {
    expect(driftOf(MERCHANT_PACT, dir)).toBeUndefined();
  });
});
