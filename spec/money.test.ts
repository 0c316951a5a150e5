import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT, amountProblem, formatMoney, isKnownCurrency, minorUnits } from './money.ts';

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

describe('formatMoney: minor units shown by the currency exponent', () => {
  it.each([
    [8907, 'EUR', '89.07 EUR'],
    [8907, 'eur', '89.07 EUR'],
    [5, 'USD', '0.05 USD'],
    [0, 'EUR', '0.00 EUR'],
    [-8907, 'EUR', '-89.07 EUR'],
    [1000, 'JPY', '1000 JPY'],
    [1234, 'KWD', '1.234 KWD'],
    [MAX_AMOUNT, 'EUR', '999999.99 EUR'],
    [250, 'XXX', '2.50 XXX'],
  ])('%i %s is %s', (minor, code, text) => {
    expect(formatMoney(minor, code)).toBe(text);
  });

  it('never shows minor units labelled as the currency', () => {
    expect(formatMoney(8907, 'EUR')).not.toBe('8907 EUR');
  });
});
