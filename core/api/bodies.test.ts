// The merchant API's body schemas, through the same refusal the routes use: each bad body gets
// the core's code, message and field, and the first fault by check order is the one reported.
import { describe, expect, it } from 'vitest';
import { AmountBody, CreatePaymentBody, EmptyBody, ReconciliationBody } from './bodies.ts';
import { refusal } from './body-refusal.ts';

type Schema = { '~standard': { validate: (v: unknown) => unknown } };
function check(schema: Schema, body: unknown): unknown {
  const r = schema['~standard'].validate(body) as { issues?: never; value?: unknown };
  return r.issues ? refusal(r.issues).body().error : { value: r.value };
}

const order = { amount: 2500, currency: 'eur', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-1' };
const err = (code: string, message: string, param?: string) => ({ type: 'invalid_request', code, message, ...(param ? { param } : {}) });

describe('merchant API bodies', () => {
  it('takes a good order, folding the currency and filling defaults (null counts as absent)', () => {
    expect(check(CreatePaymentBody, order)).toEqual({ value: { ...order, currency: 'EUR' } });
    expect(check(CreatePaymentBody, { ...order, provider: null, capture: undefined })).toEqual({ value: { ...order, currency: 'EUR', provider: 'auto', capture: 'automatic' } });
  });

  it.each([
    ['not an object', [order], err('body_invalid', 'The body must be a JSON object')],
    ['no body', undefined, err('body_invalid', 'The body must be a JSON object')],
    ['an unknown field, even with others wrong', { ...order, currency: 7, tip: 1 }, err('parameter_unknown', 'Unknown field: tip', 'tip')],
    ['a prototype name', JSON.parse('{"__proto__":{"amount":1}}'), err('parameter_unknown', 'Unknown field: __proto__', '__proto__')],
    ['a missing amount before a bad currency', { ...order, amount: undefined, currency: 'XYZ' }, err('parameter_missing', 'amount is required', 'amount')],
    ['a bad currency before a bad amount', { ...order, amount: -1, currency: 'XYZ' }, err('currency_invalid', 'Unsupported currency: XYZ', 'currency')],
    ['a currency that is no string', { ...order, currency: 978 }, err('parameter_invalid', 'currency must be a string of 1 to 3 characters', 'currency')],
    ['a provider', { ...order, provider: 'paypal' }, err('parameter_invalid', 'provider must be stripe, adyen or auto', 'provider')],
    ['a capture mode', { ...order, capture: 'later' }, err('parameter_invalid', 'capture must be manual or automatic', 'capture')],
    ['a fractional amount', { ...order, amount: 10.5 }, err('amount_invalid', 'amount must be an integer in minor units', 'amount')],
    ['a zero amount', { ...order, amount: 0 }, err('amount_invalid', 'amount must be positive', 'amount')],
    ['an overflowing amount', { ...order, amount: 1e12 }, err('amount_invalid', 'amount is above the maximum of 99999999', 'amount')],
    ['a long reference', { ...order, reference: 'x'.repeat(129) }, err('parameter_invalid', 'reference must be a string of 1 to 128 characters', 'reference')],
    ['a card number as payment method', { ...order, paymentMethod: '4111 1111 1111 1111' }, { type: 'invalid_request', code: 'card_number_not_accepted', param: 'paymentMethod' }],
    ['a card number in the reference', { ...order, reference: 'order 4242424242424242' }, err('card_number_not_accepted', 'reference holds what looks like a card number, which this API never stores', 'reference')],
  ])('refuses %s, naming the field', (_name, body, expected) => {
    expect(check(CreatePaymentBody, body)).toMatchObject(expected);
  });

  it('takes captures, refunds and voids with no body, an amount, or nothing else', () => {
    expect(check(AmountBody, undefined)).toEqual({ value: undefined });
    expect(check(AmountBody, { amount: 500 })).toEqual({ value: { amount: 500 } });
    expect(check(AmountBody, { amount: null })).toEqual(err('amount_invalid', 'amount must be an integer in minor units', 'amount'));
    expect(check(AmountBody, { amount: 5, x: 1 })).toEqual(err('parameter_unknown', 'Unknown field: x', 'x'));
    expect(check(AmountBody, null)).toEqual(err('body_invalid', 'The body must be a JSON object'));
    expect(check(EmptyBody, {})).toEqual({ value: {} });
    expect(check(EmptyBody, { amount: 5 })).toEqual(err('parameter_unknown', 'Unknown field: amount', 'amount'));
  });

  it('takes a reconciliation date only when it is on the calendar, ignoring other fields', () => {
    expect(check(ReconciliationBody, { date: '2024-02-29', note: 'x' })).toEqual({ value: { date: '2024-02-29' } });
    for (const date of ['2026-02-30', '2026-13-45', null, 20260101]) expect(check(ReconciliationBody, { date })).toEqual(err('parameter_invalid', 'date must be a calendar date, YYYY-MM-DD', 'date'));
    expect(check(ReconciliationBody, 'today')).toEqual(err('body_invalid', 'The body must be a JSON object'));
  });
});
