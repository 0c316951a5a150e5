// Request bodies of the merchant API as zod schemas: the one description of what each route takes,
// with the types the handlers get inferred from them. Unknown fields, wrong types and impossible
// amounts are refused with the field named, before anything is stored (body-refusal.ts turns an
// issue into the core's error). A custom issue carries the core's error code in `params.code`;
// any other issue on a field is `parameter_invalid`.
//
// Key order in each shape is the order fields are checked: when a body has several faults, the
// first one in that order is the one reported, as clients have always seen it.
import { z } from 'zod';
import { amountProblem, isKnownCurrency, MAX_AMOUNT } from '../../spec/index.ts';
import { isCalendarDate } from './calendar-date.ts';
import { containsCardNumber } from './card-number.ts';

const AMOUNT_MESSAGES = {
  not_integer: 'must be an integer in minor units',
  not_positive: 'must be positive',
  too_large: `is above the maximum of ${MAX_AMOUNT}`,
} as const;

/** A charge amount in minor units: a positive safe integer up to MAX_AMOUNT. */
const amount = z.custom<number>((v) => amountProblem(v) === undefined, {
  error: (issue) => `amount ${AMOUNT_MESSAGES[amountProblem(issue.input) ?? 'not_integer']}`,
  params: { code: 'amount_invalid' },
});

/** Present at all: told apart from a wrong amount, which is `amount_invalid`. */
const requiredAmount = z.custom<number>((v) => v !== undefined, { error: 'amount is required', params: { code: 'parameter_missing' }, abort: true }).pipe(amount);

const text = (param: string, max: number) => z.string({ error: `${param} must be a string of 1 to ${max} characters` }).min(1).max(max);

/** Text the core stores must not hold a card number (see card-number.ts). */
const noCard = (param: string, message: string) => (schema: z.ZodString) =>
  schema.refine((v) => !containsCardNumber(v), { error: message, params: { code: 'card_number_not_accepted' } });

const currency = text('currency', 3)
  .refine((v) => /^[A-Za-z]{3}$/.test(v) && isKnownCurrency(v), { error: (issue) => `Unsupported currency: ${String(issue.input)}`, params: { code: 'currency_invalid' } })
  .transform((v) => v.toUpperCase());

/**
 * A PSP token (`pm_card_visa`, `pm_…`, an Adyen test token such as `holder:NAME`), never a card
 * number: the core stores the token and re-sends it on recovery, so a card number here would sit
 * in the database. The merchant is told what to send instead.
 */
const paymentMethod = noCard(
  'paymentMethod',
  'paymentMethod looks like a card number. Send a PSP token instead (Stripe: a PaymentMethod id such as pm_card_visa; Adyen: a test token such as holder:NAME); this API never takes raw card data',
)(text('paymentMethod', 100));

const reference = noCard('reference', 'reference holds what looks like a card number, which this API never stores')(text('reference', 128));

/** `null` counts as absent, as it always has: the default applies. */
const choice = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number], message: string) =>
  z.enum(values, { error: message }).nullish().transform((v): T[number] => v ?? fallback);

/** POST /v1/payments */
export const CreatePaymentBody = z.strictObject({
  currency,
  provider: choice(['stripe', 'adyen', 'auto'], 'auto', 'provider must be stripe, adyen or auto'),
  capture: choice(['manual', 'automatic'], 'automatic', 'capture must be manual or automatic'),
  // A missing amount is reported before any other field (body-refusal.ts ranks it), a wrong one here.
  amount: requiredAmount,
  paymentMethod,
  reference,
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

/** POST /v1/payments/:id/captures and /refunds: no body, or an amount (none: all that is left). */
export const AmountBody = z.strictObject({ amount: amount.optional() }).optional();
export type AmountBody = z.infer<typeof AmountBody>;

/** POST /v1/payments/:id/void: no body, or an empty object. */
export const EmptyBody = z.strictObject({}).optional();

/** POST /v1/reconciliation/run: no body, or a settlement date; other fields are ignored. */
export const ReconciliationBody = z
  .object({ date: z.string({ error: 'date must be a calendar date, YYYY-MM-DD' }).refine(isCalendarDate, { error: 'date must be a calendar date, YYYY-MM-DD' }).optional() })
  .optional();
export type ReconciliationBody = z.infer<typeof ReconciliationBody>;
