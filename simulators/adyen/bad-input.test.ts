// Bad requests, table-driven: each gets Adyen's error shape with the right status and code,
// nothing is stored, nothing is announced, and the simulator keeps serving.
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../kernel/index.ts';
import { adyenInProcess, card, paymentRequest } from './test-support/in-process.ts';

type Case = [name: string, body: unknown, status: number, errorCode: string];

const without = (field: string) => {
  const body = paymentRequest();
  delete body[field];
  return body;
};

const paymentCases: Case[] = [
  ['malformed JSON', '{"amount": {', 400, '702'],
  ['an empty body', '', 400, '702'],
  ['a JSON array', '[]', 400, '702'],
  ['no merchantAccount', without('merchantAccount'), 422, '702'],
  ['an empty merchantAccount', paymentRequest({ merchantAccount: '' }), 422, '702'],
  ['no amount', without('amount'), 422, '100'],
  ['amount not an object', paymentRequest({ amount: 2500 }), 422, '137'],
  ['a negative value', paymentRequest({ amount: { value: -1, currency: 'EUR' } }), 422, '137'],
  ['a zero value', paymentRequest({ amount: { value: 0, currency: 'EUR' } }), 422, '137'],
  ['a fractional value', paymentRequest({ amount: { value: 12.5, currency: 'EUR' } }), 422, '137'],
  ['a value given as a string', paymentRequest({ amount: { value: '2500', currency: 'EUR' } }), 422, '137'],
  ['a value above the maximum', paymentRequest({ amount: { value: MAX_AMOUNT + 1, currency: 'EUR' } }), 422, '137'],
  ['an unsafe integer', paymentRequest({ amount: { value: 2 ** 60, currency: 'EUR' } }), 422, '137'],
  ['no currency', paymentRequest({ amount: { value: 100 } }), 422, '138'],
  ['an unknown currency', paymentRequest({ amount: { value: 100, currency: 'XXX' } }), 422, '138'],
  ['a lower-case currency', paymentRequest({ amount: { value: 100, currency: 'eur' } }), 422, '138'],
  ['no reference', without('reference'), 422, '130'],
  ['a reference over 80 characters', paymentRequest({ reference: 'r'.repeat(81) }), 422, '702'],
  ['no returnUrl', without('returnUrl'), 422, '14_030'],
  ['no paymentMethod', without('paymentMethod'), 422, '702'],
  ['a payment method other than scheme', paymentRequest({ paymentMethod: { type: 'ideal', issuer: '1121' } }), 422, '905'],
  ['no card number', paymentRequest({ paymentMethod: card({ encryptedCardNumber: undefined }) }), 422, '101'],
  ['a card number failing Luhn', paymentRequest({ paymentMethod: card({ encryptedCardNumber: 'test_4111111111111112' }) }), 422, '101'],
  ['a raw card number failing Luhn', paymentRequest({ paymentMethod: { type: 'scheme', number: '1234567812345678', expiryMonth: '03', expiryYear: '2030' } }), 422, '101'],
  ['an encrypted field without the test_ prefix', paymentRequest({ paymentMethod: card({ encryptedCardNumber: 'adyenjs_0_1_25$abc' }) }), 422, '174'],
  ['month 13', paymentRequest({ paymentMethod: card({ encryptedExpiryMonth: 'test_13' }) }), 422, '129'],
  ['a two-digit year', paymentRequest({ paymentMethod: card({ encryptedExpiryYear: 'test_30' }) }), 422, '129'],
  ['no expiry', paymentRequest({ paymentMethod: card({ encryptedExpiryMonth: undefined }) }), 422, '129'],
  ['a five-digit CVC', paymentRequest({ paymentMethod: card({ encryptedSecurityCode: 'test_73737' }) }), 422, '103'],
  ['a negative captureDelayHours', paymentRequest({ captureDelayHours: -1 }), 422, '702'],
  ['additionalData not an object', paymentRequest({ additionalData: 'manualCapture' }), 422, '702'],
];

const modificationCases: [string, 'captures' | 'refunds' | 'cancels' | 'reversals', unknown, number, string][] = [
  ['capture without merchantAccount', 'captures', { amount: { value: 100, currency: 'EUR' } }, 422, '702'],
  ['capture without amount', 'captures', { merchantAccount: 'GauntletECOM' }, 422, '100'],
  ['capture of zero', 'captures', { merchantAccount: 'GauntletECOM', amount: { value: 0, currency: 'EUR' } }, 422, '137'],
  ['refund of a negative amount', 'refunds', { merchantAccount: 'GauntletECOM', amount: { value: -5, currency: 'EUR' } }, 422, '137'],
  ['refund in an unknown currency', 'refunds', { merchantAccount: 'GauntletECOM', amount: { value: 5, currency: 'ABC' } }, 422, '138'],
  ['cancel without merchantAccount', 'cancels', {}, 422, '702'],
  ['reversal with malformed JSON', 'reversals', '{', 400, '702'],
  ['capture with a non-string reference', 'captures', { merchantAccount: 'GauntletECOM', amount: { value: 5, currency: 'EUR' }, reference: 7 }, 422, '702'],
];

describe('bad input', () => {
  it.each(paymentCases)('/payments with %s: %i, errorCode %s', async (_name, body, status, errorCode) => {
    const t = adyenInProcess();
    const res = await t.send('/v72/payments', body, { 'idempotency-key': 'same-key' });
    expect(res.status).toBe(status);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ status, errorCode, errorType: expect.any(String), message: expect.any(String) });
    expect(json.pspReference).toMatch(/^[0-9A-Z]{16}$/);
    expect(t.sim.kernel.payments.all()).toHaveLength(0);
    expect(t.sim.kernel.webhooks.listEvents()).toHaveLength(0);
    // Not saved: the same key with a valid request executes, and the server keeps serving.
    const ok = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'same-key' });
    expect(ok.status).toBe(200);
  });

  it.each(modificationCases)('%s: %s answered %i, errorCode %s', async (_name, kind, body, status, errorCode) => {
    const t = adyenInProcess();
    const { json: payment } = await t.pay();
    const res = await t.send(`/v72/payments/${payment.pspReference}/${kind}`, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ status, errorCode });
    expect(t.sim.kernel.ledger.all()).toHaveLength(1);
    expect(t.sim.kernel.webhooks.listEvents()).toHaveLength(1);
  });
});
