// Money as both Stripe and Adyen take it: an integer in the currency's minor unit. How many digits
// the minor unit has is ISO 4217's "minor unit" column (JPY 0, EUR 2, KWD 3); a charge of ¥500 is
// `500`, of €5.00 is `500`. Getting the exponent wrong moves a hundred times the money.

/** ISO 4217 codes Gauntlet knows, with their minor-unit exponent. */
const MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, AUD: 2, BGN: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
  HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, MXN: 2, MYR: 2, NOK: 2, NZD: 2, PHP: 2, PLN: 2,
  RON: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2, USD: 2, ZAR: 2,
  CLP: 0, ISK: 0, JPY: 0, KRW: 0, VND: 0, XAF: 0, XOF: 0,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3,
});

/** Stripe's ceiling for a single charge is eight digits in the minor unit. */
export const MAX_AMOUNT = 99_999_999;

/** Whether `code` (any case) is a currency Gauntlet knows. */
export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_UNITS, code.toUpperCase());
}

/** The minor-unit exponent of `code` (any case); an unknown code counts as two digits. */
export function minorUnits(code: string): number {
  return MINOR_UNITS[code.toUpperCase()] ?? 2;
}

export type AmountProblem = 'not_integer' | 'not_positive' | 'too_large';

/** Why `value` is not a valid charge amount, or undefined when it is one. */
export function amountProblem(value: unknown, { allowZero = false } = {}): AmountProblem | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'not_integer';
  if (value < 0 || (value === 0 && !allowZero)) return 'not_positive';
  if (value > MAX_AMOUNT) return 'too_large';
  return undefined;
}

/**
 * An amount in minor units as a person reads it, digits by the currency's exponent: 8907 EUR is
 * `89.07 EUR`, 1000 JPY is `1000 JPY`, 1234 KWD is `1.234 KWD`. The code follows the number
 * (not a symbol) so the currency can never be mistaken, and no grouping separators so the figure
 * can be pasted back into a query. Reports and checker explanations all show money this way.
 */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = minorUnits(code);
  return `${formatterFor(digits).format(minor / 10 ** digits)} ${code}`;
}

/** One formatter per exponent: building an Intl.NumberFormat costs more than formatting with it. */
const formatters = new Map<number, Intl.NumberFormat>();
function formatterFor(digits: number): Intl.NumberFormat {
  let f = formatters.get(digits);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
    formatters.set(digits, f);
  }
  return f;
}
