// Amounts are integers in the currency's minor unit, as both Stripe and Adyen take them. The
// exponents and amount rules are spec's vocabulary; parsing form-encoded integers is the simulators'.
export { MAX_AMOUNT, amountProblem, isKnownCurrency, minorUnits, type AmountProblem } from '../../spec/index.ts';

/** Parses a decimal integer string strictly: no signs, no exponents, no fractions, no spaces. */
export function parseIntegerString(raw: string): number | undefined {
  if (!/^-?\d{1,16}$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}
