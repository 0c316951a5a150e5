// Amounts are integers in the currency's minor unit, as both Stripe and Adyen take them.

/** ISO 4217 codes the simulators accept, with their minor-unit exponent. */
const MINOR_UNITS: Record<string, number> = {
  AED: 2, AUD: 2, BGN: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
  HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, MXN: 2, MYR: 2, NOK: 2, NZD: 2, PHP: 2, PLN: 2,
  RON: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2, USD: 2, ZAR: 2,
  CLP: 0, ISK: 0, JPY: 0, KRW: 0, VND: 0, XAF: 0, XOF: 0,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3,
};

/** Stripe's ceiling for a single charge is eight digits in the minor unit. */
export const MAX_AMOUNT = 99_999_999;

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(MINOR_UNITS, code.toUpperCase());
}

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

/** Parses a decimal integer string strictly: no signs, no exponents, no fractions, no spaces. */
export function parseIntegerString(raw: string): number | undefined {
  if (!/^-?\d{1,16}$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}
