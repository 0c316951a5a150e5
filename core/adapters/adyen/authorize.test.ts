// authorize against the real Adyen simulator: the wire request, both capture modes, every
// holder-name refusal, card tokens, and requests Adyen refuses.
import { describe, expect, it } from 'vitest';
import { ADYEN_TEST_HOLDER_NAMES } from '../../../simulators/index.ts';
import type { AuthorizeOutcome } from '../types.ts';
import { createAdyenAdapter } from './index.ts';
import { API_KEY, BASE_URL, HMAC_KEY, MERCHANT, adyenWorld, authorizeRequest, ctx, okValue } from './test-support.ts';

describe('authorize', () => {
  it('manual capture: sends Checkout v71 /payments with the payment id as reference, and is authorized', async () => {
    const w = adyenWorld();
    const result = await w.adapter.authorize(
      authorizeRequest({ paymentId: 'pay_manual', merchantReference: 'order-77', amount: 4200, currency: 'EUR', paymentMethod: 'holder:John Smith' }),
      ctx('pay_manual:authorize:1'),
    );
    const value = okValue<AuthorizeOutcome>(result);
    expect(value).toEqual({ providerPaymentId: expect.stringMatching(/^[0-9A-Z]{16}$/), status: 'authorized', amountAuthorized: 4200, amountCaptured: 0 });

    expect(w.sent).toHaveLength(1);
    const [req] = w.sent;
    expect(req!.url).toBe('http://adyen.sim/v71/payments');
    expect(req!.method).toBe('POST');
    expect(req!.headers['x-api-key']).toBe(API_KEY);
    expect(req!.headers['idempotency-key']).toBe('pay_manual:authorize:1');
    expect(req!.body).toMatchObject({
      amount: { value: 4200, currency: 'EUR' },
      reference: 'pay_manual',
      merchantAccount: MERCHANT,
      returnUrl: expect.any(String),
      additionalData: { manualCapture: 'true' },
      metadata: { merchantReference: 'order-77' },
      paymentMethod: {
        type: 'scheme',
        encryptedCardNumber: 'test_4111111111111111',
        encryptedExpiryMonth: 'test_03',
        encryptedExpiryYear: 'test_2030',
        encryptedSecurityCode: 'test_737',
        holderName: 'John Smith',
      },
    });

    const ledger = w.ledger();
    expect(ledger.map((m) => [m.kind, m.amount, m.paymentId, m.reference, m.idempotencyKey])).toEqual([
      ['authorization', 4200, value.providerPaymentId, 'pay_manual', 'pay_manual:authorize:1'],
    ]);
  });

  it('automatic capture: captured at once (captureDelayHours 0), both movements in the ledger', async () => {
    const w = adyenWorld();
    const value = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest({ capture: 'automatic', amount: 1999 }), ctx()));
    expect(value).toMatchObject({ status: 'captured', amountAuthorized: 1999, amountCaptured: 1999 });
    expect(w.sent[0]!.body.captureDelayHours).toBe(0);
    expect(w.sent[0]!.body.additionalData).toBeUndefined();
    expect(w.ledger().map((m) => [m.kind, m.amount])).toEqual([
      ['authorization', 1999],
      ['capture', 1999],
    ]);
  });

  // The documented table (README.md "Declines"), written out so a change on either side shows.
  const EXPECTED: Record<string, string> = {
    DECLINED: 'generic_decline',
    REFUSED: 'generic_decline',
    REFERRAL: 'referral',
    ERROR: 'processing_error',
    ACQUIRER_ERROR: 'processing_error',
    BLOCK_CARD: 'blocked_card',
    CARD_EXPIRED: 'expired_card',
    INVALID_AMOUNT: 'invalid_amount',
    ISSUER_UNAVAILABLE: 'issuer_unavailable',
    NOT_SUPPORTED: 'card_not_supported',
    NOT_ENOUGH_BALANCE: 'insufficient_funds',
    ACQUIRER_FRAUD: 'fraudulent',
    CVC_DECLINED: 'incorrect_cvc',
    RESTRICTED_CARD: 'restricted_card',
    TRANSACTION_NOT_PERMITTED: 'transaction_not_allowed',
  };

  it('covers every refusing holder name the simulator knows', () => {
    const refusing = Object.entries(ADYEN_TEST_HOLDER_NAMES)
      .filter(([, o]) => o.kind === 'declined')
      .map(([name]) => name);
    expect(Object.keys(EXPECTED).sort()).toEqual(refusing.sort());
  });

  for (const [holder, code] of Object.entries(EXPECTED)) {
    it(`holder ${holder} → declined ${code}, with the pspReference, no money held`, async () => {
      const w = adyenWorld();
      const result = await w.adapter.authorize(authorizeRequest({ paymentMethod: `holder:${holder}` }), ctx());
      expect(result).toMatchObject({ kind: 'declined', code, providerPaymentId: expect.stringMatching(/^[0-9A-Z]{16}$/) });
      expect(w.sent[0]!.body.paymentMethod.holderName).toBe(holder);
      expect(w.ledger()).toEqual([]);
    });
  }

  it('a bare upper-case holder name is the same token', async () => {
    const w = adyenWorld();
    expect(await w.adapter.authorize(authorizeRequest({ paymentMethod: 'NOT_ENOUGH_BALANCE' }), ctx())).toMatchObject({ kind: 'declined', code: 'insufficient_funds' });
  });

  it('card tokens: Adyen test cards approve; a real-looking card is refused; a bad number is an invalid request', async () => {
    const w = adyenWorld();
    expect(await w.adapter.authorize(authorizeRequest({ paymentMethod: 'card:5555555555554444' }), ctx())).toMatchObject({ kind: 'ok' });
    expect(await w.adapter.authorize(authorizeRequest({ paymentMethod: '370000000000002' }), ctx())).toMatchObject({ kind: 'ok' });
    expect(w.sent[1]!.body.paymentMethod).toMatchObject({ encryptedCardNumber: 'test_370000000000002', encryptedSecurityCode: 'test_7373' });
    // Luhn-valid but not one of Adyen's test cards: the test platform refuses it.
    expect(await w.adapter.authorize(authorizeRequest({ paymentMethod: 'card:4242424242424242' }), ctx())).toMatchObject({ kind: 'declined', code: 'generic_decline' });
    expect(await w.adapter.authorize(authorizeRequest({ paymentMethod: 'card:4111111111111112' }), ctx())).toEqual({
      kind: 'invalid_request',
      status: 422,
      code: 'invalid_card_number',
      message: expect.stringContaining('errorCode 101'),
    });
    expect(w.ledger().map((m) => m.kind)).toEqual(['authorization', 'authorization']);
  });

  it('an unreadable token is refused before any call', async () => {
    const w = adyenWorld();
    const result = await w.adapter.authorize(authorizeRequest({ paymentMethod: 'pm_card_unheard_of' }), ctx());
    expect(result).toMatchObject({ kind: 'invalid_request', status: 400, code: 'invalid_payment_method' });
    expect(w.sent).toEqual([]);
  });

  it('Adyen validation errors are invalid requests: lower-case currency (138)', async () => {
    const w = adyenWorld();
    expect(await w.adapter.authorize(authorizeRequest({ currency: 'eur' }), ctx())).toMatchObject({ kind: 'invalid_request', status: 422, code: 'unsupported_currency' });
  });

  it('wrong API key → 401 unauthorized; wrong merchant account → 403 invalid_merchant_account', async () => {
    const w = adyenWorld();
    const base = { baseUrl: BASE_URL, hmacKey: HMAC_KEY, fetch: w.fetch };
    const badKey = createAdyenAdapter({ ...base, apiKey: 'nope', merchantAccount: MERCHANT });
    const badAccount = createAdyenAdapter({ ...base, apiKey: API_KEY, merchantAccount: 'SomeoneElse' });
    expect(await badKey.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'invalid_request', status: 401, code: 'unauthorized' });
    expect(await badAccount.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'invalid_request', status: 403, code: 'invalid_merchant_account' });
    expect(w.ledger()).toEqual([]);
  });

  it('a replay answering another payment (reused key) is refused, not taken as this payment', async () => {
    const w = adyenWorld();
    okValue(await w.adapter.authorize(authorizeRequest({ paymentId: 'pay_a' }), ctx('shared-key')));
    const second = await w.adapter.authorize(authorizeRequest({ paymentId: 'pay_b' }), ctx('shared-key'));
    expect(second).toMatchObject({ kind: 'invalid_request', code: 'idempotency_key_reused', message: expect.stringContaining('pay_a') });
    expect(w.ledger()).toHaveLength(1);
  });

  it('the same key and the same request replays the same payment', async () => {
    const w = adyenWorld();
    const first = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest(), ctx('same')));
    const again = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest(), ctx('same')));
    expect(again).toEqual(first);
    expect(w.ledger()).toHaveLength(1);
  });
});
