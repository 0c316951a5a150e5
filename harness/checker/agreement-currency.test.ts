// Agreement on the currency: the same number in another currency is other money.
import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.ts';
import { cleanRun } from './test-support.ts';

describe('agreement: currency', () => {
  it('catches a payment the SUT books in one currency while the PSP moved another', () => {
    const run = cleanRun().builder.build();
    const split = run.final.find((o) => o.reference === 'split')!;
    expect(agreement(run).valid).toBe(true);
    split.currency = 'JPY';
    const r = agreement(run);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => v.paymentId)).toEqual(['split']);
    expect(r.violations[0]!.explanation).toContain('the SUT says the payment is in JPY, the PSP moved USD');
  });

  it('is not fooled by case', () => {
    const run = cleanRun().builder.build();
    run.final.find((o) => o.reference === 'split')!.currency = 'usd';
    expect(agreement(run).valid).toBe(true);
  });
});
