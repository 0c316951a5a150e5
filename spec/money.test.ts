import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, amountProblem, isKnownCurrency, minorUnits } from './money.ts';

describe('currency exponents (ISO 4217 minor units)', () => {
  it.each([
    ['JPY', 0],
    ['jpy', 0],
    ['KRW', 0],
    ['EUR', 2],
    ['usd', 2],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %i minor digits', (code, digits) => {
    expect(minorUnits(code)).toBe(digits);
    expect(isKnownCurrency(code)).toBe(true);
  });

  it('does not know made-up codes, nor inherited property names', () => {
    for (const code of ['XXX', 'EU', '', 'constructor', '__proto__', 'toString']) expect(isKnownCurrency(code)).toBe(false);
    expect(minorUnits('XXX')).toBe(2);
  });
});

describe('amountProblem', () => {
  it.each([
    [1, undefined],
    [MAX_AMOUNT, undefined],
    [MAX_AMOUNT + 1, 'too_large'],
    [0, 'not_positive'],
    [-1, 'not_positive'],
    [1.5, 'not_integer'],
    ['100', 'not_integer'],
    [Number.NaN, 'not_integer'],
    [2 ** 53, 'not_integer'],
  ])('%s → %s', (value, problem) => {
    expect(amountProblem(value)).toBe(problem);
  });

  it('allows zero only when asked', () => {
    expect(amountProblem(0, { allowZero: true })).toBeUndefined();
  });
});
