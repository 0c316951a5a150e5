// Consumer side of the Adyen contract: the REAL core adapter (createAdyenAdapter) against Pact's
// mock server, each test asserting how the adapter classifies the answer, because the contract is
// what the adapter relies on. The pact is written to a temp dir and must equal the committed one
// (contracts/pacts/); `npx gauntlet contracts test --update` rewrites it when every test passed.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdyenAdapter } from '../../core/index.ts';
import type { AuthorizeRequest, CallContext, ModificationRequest, ProviderAdapter } from '../../core/index.ts';
import { freshConnectionFetch } from '../fresh-connection-fetch.ts';
import { consumerPactDir, driftOf, removePactDir } from '../pact-files.ts';
import { ADYEN_PACT, ADYEN_PACT_API_KEY, ADYEN_PACT_MERCHANT_ACCOUNT } from './index.ts';
import {
  EXAMPLE_MODIFICATION_PSP,
  EXAMPLE_PSP,
  V,
  errorAnswer,
  modificationBody,
  modificationPath,
  paymentsAnswer,
  paymentsBody,
  receivedAnswer,
  requestHeaders,
  type PaymentsCall,
} from './wire.ts';

const dir = consumerPactDir(ADYEN_PACT);
const pact = new PactV4({ consumer: ADYEN_PACT.consumer, provider: ADYEN_PACT.provider, dir, logLevel: 'error' });
afterAll(() => removePactDir(dir));

// Provider states, as the Adyen simulator names them (simulators/adyen/provider-states.ts).
const AUTHORIZED = 'a payment authorized for {amount} {currency}';
const CAPTURED = 'a payment captured for {amount} {currency}';
const AUTHORIZED_WITH_KEY = 'a payment authorized for {amount} {currency} with Idempotency-Key {idempotencyKey} and reference {reference}';
const NEXT_FAILS = 'the next {operation} request fails with HTTP {status}';
const NEXT_RATE_LIMITED = 'the next {operation} request is rate limited with Retry-After {retryAfterSeconds}';

/** Not used by any HTTP call; the adapter only needs a well-formed hex key. */
const HMAC_KEY = '00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF';

function adapterAt(url: string): ProviderAdapter {
  return createAdyenAdapter({ baseUrl: url, apiKey: ADYEN_PACT_API_KEY, merchantAccount: ADYEN_PACT_MERCHANT_ACCOUNT, hmacKey: HMAC_KEY, fetch: freshConnectionFetch });
}

const ctx = (idempotencyKey: string): CallContext => ({ idempotencyKey, timeoutMs: 10_000 });

/** One /payments call: the adapter request and its wire body, built from the same values. */
function payment(paymentId: string, o: Partial<Omit<PaymentsCall, 'reference'>> = {}): { call: PaymentsCall; request: AuthorizeRequest; key: string } {
  const call: PaymentsCall = { reference: paymentId, merchantReference: `order-${paymentId}`, amount: 2000, currency: 'EUR', capture: 'manual', holderName: 'John Smith', ...o };
  const request: AuthorizeRequest = {
    paymentId,
    merchantReference: call.merchantReference,
    amount: call.amount,
    currency: call.currency,
    paymentMethod: `holder:${call.holderName}`,
    capture: call.capture,
  };
  return { call, request, key: `${paymentId}-authorize-1` };
}

function modification(paymentId: string, kind: string, amount: number): { request: ModificationRequest; key: string; reference: string } {
  const reference = `op_${paymentId}_${kind}_1`;
  return { request: { paymentId, operationId: reference, providerPaymentId: EXAMPLE_PSP, amount, currency: 'EUR' }, key: `${paymentId}-${kind}-1`, reference };
}

describe('authorize: POST /v71/payments', () => {
  it('with manual capture: Authorised, held for a later capture', async () => {
    const p = payment('pay_0001');
    await pact
      .addInteraction()
      .uponReceiving('an authorisation with manual capture')
      .withRequest('POST', `${V}/payments`, (b) => b.headers(requestHeaders(p.key)).jsonBody(paymentsBody(p.call)))
      .willRespondWith(200, (b) => b.jsonBody(paymentsAnswer({ resultCode: 'Authorised', ...p.call })))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).authorize(p.request, ctx(p.key));
        expect(result).toEqual({ kind: 'ok', value: { providerPaymentId: EXAMPLE_PSP, status: 'authorized', amountAuthorized: 2000, amountCaptured: 0 } });
      });
  });

  it('with automatic capture: Authorised and captured at once', async () => {
    const p = payment('pay_0002', { capture: 'automatic', amount: 1500, currency: 'USD' });
    await pact
      .addInteraction()
      .uponReceiving('an authorisation with immediate capture')
      .withRequest('POST', `${V}/payments`, (b) => b.headers(requestHeaders(p.key)).jsonBody(paymentsBody(p.call)))
      .willRespondWith(200, (b) => b.jsonBody(paymentsAnswer({ resultCode: 'Authorised', ...p.call })))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).authorize(p.request, ctx(p.key));
        expect(result).toEqual({ kind: 'ok', value: { providerPaymentId: EXAMPLE_PSP, status: 'captured', amountAuthorized: 1500, amountCaptured: 1500 } });
      });
  });
});

// Every refusal the core maps that Adyen's test platform (and the simulator) can produce, by
// Adyen's test holder names: [holder name, resultCode, refusalReason, refusalReasonCode, core code].
// The code is pinned (the adapter maps it); the reason text is matched by type (a fallback only).
const REFUSALS = [
  ['DECLINED', 'Refused', 'Refused', '2', 'generic_decline'],
  ['REFERRAL', 'Refused', 'Referral', '3', 'referral'],
  ['ERROR', 'Error', 'Acquirer Error', '4', 'processing_error'],
  ['BLOCK_CARD', 'Refused', 'Blocked Card', '5', 'blocked_card'],
  ['CARD_EXPIRED', 'Refused', 'Expired Card', '6', 'expired_card'],
  ['INVALID_AMOUNT', 'Refused', 'Invalid Amount', '7', 'invalid_amount'],
  ['ISSUER_UNAVAILABLE', 'Refused', 'Issuer Unavailable', '9', 'issuer_unavailable'],
  ['NOT_SUPPORTED', 'Refused', 'Not supported', '10', 'card_not_supported'],
  ['NOT_ENOUGH_BALANCE', 'Refused', 'Not enough balance', '12', 'insufficient_funds'],
  ['ACQUIRER_FRAUD', 'Refused', 'Acquirer Fraud', '14', 'fraudulent'],
  ['TRANSACTION_NOT_PERMITTED', 'Refused', 'Transaction Not Permitted', '23', 'transaction_not_allowed'],
  ['CVC_DECLINED', 'Refused', 'CVC Declined', '24', 'incorrect_cvc'],
  ['RESTRICTED_CARD', 'Refused', 'Restricted Card', '25', 'restricted_card'],
] as const;

describe('refusals: the issuer says no (200, a decline, never an error)', () => {
  for (const [holder, resultCode, reason, reasonCode, code] of REFUSALS) {
    it(`${holder} → ${resultCode} ${reasonCode} → declined ${code}`, async () => {
      const p = payment(`pay_refused_${holder.toLowerCase()}`, { holderName: holder, amount: 1000 });
      await pact
        .addInteraction()
        .uponReceiving(`an authorisation refused for holder name ${holder}`)
        .withRequest('POST', `${V}/payments`, (b) => b.headers(requestHeaders(p.key)).jsonBody(paymentsBody(p.call)))
        .willRespondWith(200, (b) =>
          b.jsonBody({ ...paymentsAnswer({ resultCode, ...p.call }), refusalReason: MatchersV3.like(reason), refusalReasonCode: reasonCode }),
        )
        .executeTest(async (server) => {
          const result = await adapterAt(server.url).authorize(p.request, ctx(p.key));
          expect(result).toEqual({ kind: 'declined', code, message: `${resultCode}: ${reason} (${reasonCode})`, providerPaymentId: EXAMPLE_PSP });
        });
    });
  }
});

describe('modifications: 201 received, the outcome follows by notification', () => {
  const cases = [
    { kind: 'captures', what: 'a full capture', state: AUTHORIZED, amount: 2000, paymentId: 'pay_0003' },
    { kind: 'captures', what: 'a partial capture', state: AUTHORIZED, amount: 500, paymentId: 'pay_0004' },
    { kind: 'refunds', what: 'a partial refund', state: CAPTURED, amount: 500, paymentId: 'pay_0005' },
    { kind: 'refunds', what: 'a full refund', state: CAPTURED, amount: 2000, paymentId: 'pay_0006' },
  ] as const;
  for (const c of cases) {
    it(`${c.what} of a 2000 EUR payment`, async () => {
      const m = modification(c.paymentId, c.kind === 'captures' ? 'capture' : 'refund', c.amount);
      const amount = { value: c.amount, currency: 'EUR' };
      await pact
        .addInteraction()
        .given(c.state, { amount: 2000, currency: 'EUR' })
        .uponReceiving(`${c.what} of ${c.amount} EUR`)
        .withRequest('POST', modificationPath(c.kind), (b) => b.headers(requestHeaders(m.key)).jsonBody(modificationBody(m.reference, amount)))
        .willRespondWith(201, (b) => b.jsonBody(receivedAnswer(amount)))
        .executeTest(async (server) => {
          const adapter = adapterAt(server.url);
          const result = c.kind === 'captures' ? await adapter.capture(m.request, ctx(m.key)) : await adapter.refund(m.request, ctx(m.key));
          expect(result).toEqual({ kind: 'ok', value: { providerReference: EXAMPLE_MODIFICATION_PSP, status: 'pending' } });
        });
    });
  }

  it('a cancel (void) of an uncaptured payment: no amount, the whole authorisation', async () => {
    const m = modification('pay_0007', 'void', 2000);
    await pact
      .addInteraction()
      .given(AUTHORIZED, { amount: 2000, currency: 'EUR' })
      .uponReceiving('a cancel of an authorised payment')
      .withRequest('POST', modificationPath('cancels'), (b) => b.headers(requestHeaders(m.key)).jsonBody(modificationBody(m.reference)))
      .willRespondWith(201, (b) => b.jsonBody(receivedAnswer()))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).void(m.request, ctx(m.key));
        expect(result).toEqual({ kind: 'ok', value: { providerReference: EXAMPLE_MODIFICATION_PSP, status: 'pending' } });
      });
  });

  it('a capture of a pspReference Adyen does not know: 422 167 → invalid_request unknown_payment', async () => {
    const unknown = 'UNKNOWNPSP000000';
    const m = modification('pay_0008', 'capture', 2000);
    await pact
      .addInteraction()
      .uponReceiving('a capture of an unknown pspReference')
      .withRequest('POST', `${V}/payments/${unknown}/captures`, (b) =>
        b.headers(requestHeaders(m.key)).jsonBody(modificationBody(m.reference, { value: 2000, currency: 'EUR' })),
      )
      .willRespondWith(422, (b) => b.jsonBody(errorAnswer(422, '167', 'Original pspReference required for this operation')))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).capture({ ...m.request, providerPaymentId: unknown }, ctx(m.key));
        expect(result).toMatchObject({ kind: 'invalid_request', status: 422, code: 'unknown_payment' });
      });
  });
});

describe('provider errors', () => {
  it('500 on /payments with Adyen\'s error body → indeterminate (it may have executed; resolved with the same key)', async () => {
    const p = payment('pay_0009');
    await pact
      .addInteraction()
      .given(NEXT_FAILS, { operation: 'adyen.payments', status: 500 })
      .uponReceiving('an authorisation while Adyen fails with HTTP 500')
      .withRequest('POST', `${V}/payments`, (b) => b.headers(requestHeaders(p.key)).jsonBody(paymentsBody(p.call)))
      .willRespondWith(500, (b) => b.jsonBody(errorAnswer(500, '903', 'Internal error')))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).authorize(p.request, ctx(p.key));
        expect(result).toMatchObject({ kind: 'indeterminate', status: 500 });
      });
  });

  it('500 on /captures → indeterminate (it may have executed; resolved with the same key)', async () => {
    const m = modification('pay_0010', 'capture', 2000);
    await pact
      .addInteraction()
      .given(AUTHORIZED, { amount: 2000, currency: 'EUR' })
      .given(NEXT_FAILS, { operation: 'adyen.captures', status: 500 })
      .uponReceiving('a capture while Adyen fails with HTTP 500')
      .withRequest('POST', modificationPath('captures'), (b) =>
        b.headers(requestHeaders(m.key)).jsonBody(modificationBody(m.reference, { value: 2000, currency: 'EUR' })),
      )
      .willRespondWith(500, (b) => b.jsonBody(errorAnswer(500, '903', 'Internal error')))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).capture(m.request, ctx(m.key));
        expect(result).toMatchObject({ kind: 'indeterminate', status: 500 });
      });
  });

  it('429 with Retry-After → provider_error rate_limited, retryAfterMs from the header', async () => {
    const p = payment('pay_0011');
    await pact
      .addInteraction()
      .given(NEXT_RATE_LIMITED, { operation: 'adyen.payments', retryAfterSeconds: 2 })
      .uponReceiving('an authorisation while rate limited')
      .withRequest('POST', `${V}/payments`, (b) => b.headers(requestHeaders(p.key)).jsonBody(paymentsBody(p.call)))
      .willRespondWith(429, (b) => b.headers({ 'Retry-After': MatchersV3.regex('^\\d+$', '2') }))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).authorize(p.request, ctx(p.key));
        expect(result).toMatchObject({ kind: 'provider_error', status: 429, code: 'rate_limited', retryable: true, retryAfterMs: 2000 });
      });
  });

  it('a reused Idempotency-Key with another body: Adyen replays the first answer → invalid_request idempotency_key_reused', async () => {
    // Adyen does not compare the new request with the first: it answers the first one again. The
    // adapter must see that the answer is not about its request (other reference and amount).
    const key = 'pay_0012-authorize-1';
    const first = { reference: 'pay_0012', amount: 2000, currency: 'EUR' };
    const p = payment('pay_0013', { amount: 3000 });
    await pact
      .addInteraction()
      .given(AUTHORIZED_WITH_KEY, { ...first, idempotencyKey: key })
      .uponReceiving('an authorisation reusing the Idempotency-Key of another payment')
      .withRequest('POST', `${V}/payments`, (b) => b.headers(requestHeaders(key, true)).jsonBody(paymentsBody(p.call)))
      .willRespondWith(200, (b) => b.jsonBody(paymentsAnswer({ resultCode: 'Authorised', ...first, pspReference: MatchersV3.fromProviderState('${pspReference}', EXAMPLE_PSP) })))
      .executeTest(async (server) => {
        const result = await adapterAt(server.url).authorize(p.request, ctx(key));
        expect(result).toMatchObject({ kind: 'invalid_request', status: 409, code: 'idempotency_key_reused' });
      });
  });
});

describe('retrieve', () => {
  it('makes no call: Adyen Checkout has no payment lookup, so the contract has no interaction for it', async () => {
    const adapter = createAdyenAdapter({
      baseUrl: 'http://adyen.invalid',
      apiKey: ADYEN_PACT_API_KEY,
      merchantAccount: ADYEN_PACT_MERCHANT_ACCOUNT,
      hmacKey: HMAC_KEY,
      fetch: async () => {
        throw new Error('retrieve must not call Adyen');
      },
    });
    expect(await adapter.retrieve(EXAMPLE_PSP, { timeoutMs: 1000 })).toMatchObject({ kind: 'invalid_request', status: 501, code: 'unsupported' });
  });
});

describe('the contract', () => {
  // Last: every interaction above has been written by now.
  it('the generated pact equals the committed one', () => {
    expect(driftOf(ADYEN_PACT, dir)).toBeUndefined();
  });
});
