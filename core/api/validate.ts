// Request bodies of the merchant API, checked field by field: unknown fields, wrong types and
// impossible amounts are refused with the field named, before anything is stored. Fields are read
// as own properties only, so `constructor` or `__proto__` never resolve to Object.prototype.
import { amountProblem, isKnownCurrency } from '../../spec/index.ts';
import type { CreatePaymentInput } from '../payments/service.ts';
import { containsCardNumber } from './card-number.ts';
import { invalid } from './errors.ts';

function own(body: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(body, key) ? body[key] : undefined;
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body_invalid', 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

function onlyFields(body: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw invalid('parameter_unknown', `Unknown field: ${key}`, key);
}

function amount(value: unknown, param: string): number {
  const problem = amountProblem(value);
  if (problem === 'not_integer') throw invalid('amount_invalid', `${param} must be an integer in minor units`, param);
  if (problem === 'not_positive') throw invalid('amount_invalid', `${param} must be positive`, param);
  if (problem === 'too_large') throw invalid('amount_invalid', `${param} is above the maximum of 99999999`, param);
  return value as number;
}

function text(value: unknown, param: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw invalid('parameter_invalid', `${param} must be a string of 1 to ${max} characters`, param);
  return value;
}

/**
 * A PSP token (`pm_card_visa`, `pm_…`, an Adyen test token such as `holder:NAME`), never a card
 * number: the core stores the token and re-sends it on recovery, so a card number here would sit
 * in the database. The merchant is told what to send instead.
 */
function paymentMethod(value: unknown): string {
  const token = text(value, 'paymentMethod', 100);
  if (containsCardNumber(token)) {
    throw invalid('card_number_not_accepted', 'paymentMethod looks like a card number. Send a PSP token instead (Stripe: a PaymentMethod id such as pm_card_visa; Adyen: a test token such as holder:NAME); this API never takes raw card data', 'paymentMethod');
  }
  return token;
}

/** Free text the core stores (a reference, an Idempotency-Key) must not carry a card number either. */
export function noCardNumber(value: string, param: string): string {
  if (containsCardNumber(value)) throw invalid('card_number_not_accepted', `${param} holds what looks like a card number, which this API never stores`, param);
  return value;
}

export function createPaymentBody(raw: unknown): CreatePaymentInput {
  const body = object(raw);
  onlyFields(body, ['amount', 'currency', 'provider', 'paymentMethod', 'capture', 'reference']);
  if (own(body, 'amount') === undefined) throw invalid('parameter_missing', 'amount is required', 'amount');
  const currency = text(own(body, 'currency'), 'currency', 3);
  if (!/^[A-Za-z]{3}$/.test(currency) || !isKnownCurrency(currency)) throw invalid('currency_invalid', `Unsupported currency: ${currency}`, 'currency');
  const provider = own(body, 'provider') ?? 'auto';
  if (provider !== 'stripe' && provider !== 'adyen' && provider !== 'auto') throw invalid('parameter_invalid', 'provider must be stripe, adyen or auto', 'provider');
  const capture = own(body, 'capture') ?? 'automatic';
  if (capture !== 'manual' && capture !== 'automatic') throw invalid('parameter_invalid', 'capture must be manual or automatic', 'capture');
  return {
    amount: amount(own(body, 'amount'), 'amount'),
    currency: currency.toUpperCase(),
    provider,
    paymentMethod: paymentMethod(own(body, 'paymentMethod')),
    capture,
    reference: noCardNumber(text(own(body, 'reference'), 'reference', 128), 'reference'),
  };
}

export function amountBody(raw: unknown): { amount?: number } {
  if (raw === undefined) return {};
  const body = object(raw);
  onlyFields(body, ['amount']);
  const value = own(body, 'amount');
  return value === undefined ? {} : { amount: amount(value, 'amount') };
}

export function emptyBody(raw: unknown): void {
  if (raw === undefined) return;
  onlyFields(object(raw), []);
}
