// async_failure at the Adyen edge: the capture (or refund) is answered `received` as always, then
// the notification says the scheme refused it (success "false", with the reason); nothing moves.
import { describe, expect, it } from 'vitest';
import { adyenInProcess } from './test-support/in-process.ts';

const EUR = (value: number) => ({ value, currency: 'EUR' });

describe('async_failure (Adyen)', () => {
  for (const kind of ['captures', 'refunds'] as const) {
    it(`${kind}: received, no money moved, the notification says success "false" with the reason`, async () => {
      const t = adyenInProcess();
      const { json } = await t.pay({ amount: EUR(6000) });
      if (kind === 'refunds') await t.modify(json.pspReference, 'captures', { amount: EUR(6000) });
      const before = t.sim.kernel.ledger.forPayment(json.pspReference).length;
      t.sim.kernel.faults.set({ rules: [{ match: { operation: `adyen.${kind}` }, times: 1, effect: { type: 'async_failure', reason: 'Refused by the scheme' } }] });
      const r = await t.modify(json.pspReference, kind, { amount: EUR(6000) });
      expect(r.res.status).toBe(201);
      expect(r.json).toMatchObject({ status: 'received', paymentPspReference: json.pspReference });
      expect(t.sim.kernel.ledger.forPayment(json.pspReference)).toHaveLength(before);
      const last = t.sim.kernel.webhooks.listEvents().at(-1)!.payload as Record<string, unknown>;
      expect(last).toMatchObject({ eventCode: kind === 'captures' ? 'CAPTURE' : 'REFUND', success: 'false', reason: 'Refused by the scheme', pspReference: r.json.pspReference, originalReference: json.pspReference });
      // The next one goes through: the fault was one refusal, not a broken payment.
      const again = await t.modify(json.pspReference, kind, { amount: EUR(6000) });
      expect(again.res.status).toBe(201);
      expect(t.sim.kernel.ledger.forPayment(json.pspReference)).toHaveLength(before + 1);
    });
  }

  it('validates the reason', async () => {
    const { validatePlan } = await import('../kernel/index.ts');
    expect(validatePlan({ rules: [{ effect: { type: 'async_failure', reason: '' } }] })).toEqual({ ok: false, errors: ['rules[0].effect.reason: must be a string of 1 to 200 characters'] });
    expect(validatePlan({ rules: [{ effect: { type: 'async_failure' } }] }).ok).toBe(true);
  });
});
