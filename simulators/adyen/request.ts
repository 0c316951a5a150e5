// Reading and checking the parts every Checkout request shares: the JSON body, the merchant
// account and the amount. Each check returns the Adyen error to answer with, or the value.
import { amountProblem, isKnownCurrency, readJson } from '../kernel/index.ts';
import { ADYEN_ERRORS, type AdyenError } from './errors.ts';

export type Body = Record<string, unknown>;
export type Checked<T> = { ok: true; value: T } | { ok: false; error: AdyenError };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: AdyenError): Checked<T> => ({ ok: false, error });

export function parseBody(text: string): Checked<Body> {
  if (text.trim() === '') return fail(ADYEN_ERRORS.malformedJson('empty body, expected: {'));
  // Depth, NUL and lone surrogates are refused here, before the idempotency fingerprint or any
  // handler walks the body (a 20,000-deep body used to overflow the stack: a 500).
  const read = readJson(text);
  if (!read.ok) return fail(ADYEN_ERRORS.malformedJson(read.path ? `${read.path}: ${read.message}` : read.message));
  if (!isObject(read.value)) return fail(ADYEN_ERRORS.malformedJson('expected a JSON object: {'));
  return ok(read.value);
}

/** The request's merchant account; `expected` (when the simulator has one) must match. */
export function merchantAccountOf(body: Body, expected: string | undefined): Checked<string> {
  const account = body.merchantAccount;
  if (typeof account !== 'string' || account.trim() === '') return fail(ADYEN_ERRORS.requiredField('merchantAccount'));
  if (expected !== undefined && account !== expected) return fail(ADYEN_ERRORS.invalidMerchantAccount);
  return ok(account);
}

export interface Amount {
  value: number;
  currency: string;
}

/** `{value, currency}`: value a positive integer in minor units, currency an upper-case ISO 4217 code. */
export function amountOf(raw: unknown): Checked<Amount> {
  if (raw === undefined || raw === null) return fail(ADYEN_ERRORS.amountMissing);
  if (!isObject(raw)) return fail(ADYEN_ERRORS.invalidAmount);
  const { value, currency } = raw;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
    return fail(ADYEN_ERRORS.unsupportedCurrency);
  }
  if (amountProblem(value) !== undefined) return fail(ADYEN_ERRORS.invalidAmount);
  return ok({ value: value as number, currency });
}

/** An optional string field of at most `max` characters. */
export function optionalString(body: Body, field: string, max: number): Checked<string | undefined> {
  const v = body[field];
  if (v === undefined || v === null) return ok(undefined);
  if (typeof v !== 'string') return fail(ADYEN_ERRORS.invalidField(field, 'must be a string'));
  if (v.length > max) return fail(ADYEN_ERRORS.invalidField(field, `at most ${max} characters`));
  return ok(v);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
