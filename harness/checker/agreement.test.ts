import { describe, expect, it } from 'vitest';
import { BLACK_BOX_NOTE, agreement } from './agreement.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

describe('agreement', () => {
  it('passes a clean run', () => {
    expect(agreement(cleanRun().builder.build())).toEqual({ invariant: 'agreement', valid: true, violations: [] });
  });

  it('catches a captured amount that differs from the ledger, naming both amounts', () => {
    const { builder } = cleanRun();
    const run = builder.build();
    run.final.find((o) => o.reference === 'split')!.amounts.captured = 400;
    const r = agreement(run);
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.paymentId).toBe('split');
    expect(r.violations[0]!.explanation).toBe('payment split (pay_split) disagrees with stripe pi_split: the SUT says 4.00 USD captured, the PSP 10.00 USD.');
    expect(r.violations[0]!.timeline.length).toBeGreaterThan(0);
    expect(r.violations[0]!.timeline.every((e) => !('reference' in e) || e.reference === 'split')).toBe(true);
  });

  it('catches refunded and authorized amounts that differ, in one violation per payment', () => {
    const run = cleanRun().builder.build();
    const auto = run.final.find((o) => o.reference === 'auto')!;
    auto.amounts.refunded = 5000; // a duplicate webhook applied twice
    auto.amounts.authorized = 2400;
    const r = agreement(run);
    expect(r.violations.map((v) => v.explanation)).toEqual([
      'payment auto (pay_auto) disagrees with adyen PSPauto: the SUT says 24.00 EUR authorized, the PSP 25.00 EUR; the SUT says 50.00 EUR refunded, the PSP 25.00 EUR.',
    ]);
  });

  it('catches a timeout treated as failure: failed in the SUT, a live authorization at the PSP', () => {
    const b = new RunBuilder();
    const opId = b.invoke('t1', 'authorize', { reference: 't1', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'k' });
    b.fault('start', 'psp:stripe', 'timeout after commit', { match: { operation: 'stripe.payment_intents.create' }, effect: { type: 'timeout_after_commit' } });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_lost', amount: 1000, reference: 't1' });
    const failed = observation({ reference: 't1', status: 'failed', providerPaymentId: null });
    b.fail(opId, { kind: 'platform', code: 'provider_timeout', message: 'timed out' }, failed);
    b.view(failed);
    const r = agreement(b.quiet().build());
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.explanation).toBe(
      'payment t1 (pay_t1) disagrees with stripe pi_lost: the SUT says 0.00 USD authorized, the PSP 10.00 USD; the SUT says failed while the PSP holds a live authorization of 10.00 USD.',
    );
    expect(r.violations[0]!.timeline.map((e) => e.type)).toEqual(['invoke', 'fault', 'fail']);
  });

  it('detects an orphan charge that nothing in the SUT names, by its PSP id', () => {
    const { builder } = cleanRun();
    builder.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSPorphan', amount: 900, currency: 'eur' });
    const r = agreement(builder.build());
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.paymentId).toBe('PSPorphan');
    expect(r.violations[0]!.explanation).toBe("orphan charge: adyen PSPorphan holds an authorization of 9.00 EUR (captured 0.00 EUR, refunded 0.00 EUR) that no payment in the SUT's final view names.");
  });

  it('detects an orphan left by a retry the SUT forgot, even though it carries the same reference', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'r1' });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_first_try', amount: 1000, reference: 'r1' });
    const r = agreement(b.build());
    expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
      ['pi_first_try', "orphan charge: stripe pi_first_try (ledger reference r1) holds an authorization of 10.00 USD (captured 0.00 USD, refunded 0.00 USD) that no payment in the SUT's final view names."],
    ]);
    expect(r.violations[0]!.timeline.map((e) => e.type === 'invoke' && e.op)).toContain('authorize');
  });

  it('links an orphan without any reference to the operation in flight when the PSP moved it, and shows its timeline', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'ok1' });
    const opId = b.invoke('lost', 'authorize', { reference: 'lost', amount: 700, provider: 'adyen', idempotencyKey: 'lost-authorize' });
    b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSPlost', amount: 700, currency: 'eur' });
    b.info(opId);
    const r = agreement(b.build());
    const orphan = r.violations.find((v) => v.paymentId === 'PSPlost')!;
    expect(orphan.explanation).toBe(
      "orphan charge: adyen PSPlost holds an authorization of 7.00 EUR (captured 0.00 EUR, refunded 0.00 EUR) that no payment in the SUT's final view names. It was made while the harness's authorize of lost (op " +
        opId +
        ', key lost-authorize) was in flight, which ended info.',
    );
    expect(orphan.timeline.filter((e) => e.type === 'invoke').map((e) => (e as { reference: string }).reference)).toEqual(['lost']);
  });

  it('a voided first attempt after failover is not an orphan', () => {
    const b = new RunBuilder();
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_first', amount: 1000, reference: 'f1' });
    b.move({ provider: 'stripe', kind: 'void', paymentId: 'pi_first', amount: 1000, reference: 'f1' });
    b.payment({ reference: 'f1', provider: 'adyen' });
    expect(agreement(b.build()).valid).toBe(true);
  });

  it('joins by the ledger reference when the SUT has no provider payment id (Adyen: the SUT id)', () => {
    const b = new RunBuilder();
    b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSPx', amount: 1000, reference: 'pay_x' });
    b.view(observation({ reference: 'x', provider: 'adyen', providerPaymentId: null, amounts: { authorized: 1000, captured: 0, refunded: 0 } }));
    b.view(observation({ reference: 'other', provider: 'stripe', providerPaymentId: 'pi_declined', status: 'declined' }));
    expect(agreement(b.build()).valid).toBe(true);

    // Without a matching reference the same movement is an orphan, and the SUT's 1000 is unbacked.
    const c = new RunBuilder();
    c.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSPx', amount: 1000, reference: 'pay_somebody_else' });
    c.view(observation({ reference: 'x', provider: 'adyen', providerPaymentId: null, amounts: { authorized: 1000, captured: 0, refunded: 0 } }));
    c.view(observation({ reference: 'other', provider: 'stripe', providerPaymentId: 'pi_declined', status: 'declined' }));
    expect(agreement(c.build()).violations.map((v) => v.paymentId)).toEqual(['x', 'PSPx']);
  });

  it('catches a void on one side only', () => {
    const run = cleanRun().builder.build();
    run.final.find((o) => o.reference === 'voided')!.status = 'authorized';
    expect(agreement(run).violations.map((v) => v.explanation)).toEqual(['payment voided (pay_voided) disagrees with adyen PSPvoided: the PSP voided it, the SUT says authorized.']);

    const b = new RunBuilder();
    b.payment({ reference: 'v' });
    b.final[0]!.status = 'voided';
    expect(agreement(b.build()).violations.map((v) => v.explanation)).toEqual(['payment v (pay_v) disagrees with stripe pi_v: the SUT says voided, the PSP never voided it.']);
  });

  it('an Adyen capture pending at first and settled later agrees once quiet', () => {
    const b = new RunBuilder();
    const w = b.payment({ reference: 'a1', provider: 'adyen', noFinal: true });
    const cap = b.invoke('a1', 'capture', { paymentId: w.sutId, amount: 1000, idempotencyKey: 'c1' });
    b.move({ provider: 'adyen', kind: 'capture', paymentId: w.pspId, amount: 1000, reference: w.sutId });
    const pending = observation({ reference: 'a1', provider: 'adyen', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(cap, pending);
    b.webhook('adyen', 'CAPTURE-1', 'CAPTURE', 'genuine', 200);
    b.view({ ...pending, status: 'captured', amounts: { authorized: 1000, captured: 1000, refunded: 0 } });
    expect(agreement(b.quiet().build()).valid).toBe(true);
  });

  describe('black-box SUT (no provider payment ids)', () => {
    const blackBox = () => {
      const b = new RunBuilder();
      b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_1', amount: 1000 });
      b.move({ provider: 'stripe', kind: 'capture', paymentId: 'pi_1', amount: 1000 });
      b.move({ provider: 'stripe', kind: 'refund', paymentId: 'pi_1', amount: 300 });
      b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSP2', amount: 500, currency: 'eur' });
      b.view(observation({ reference: 'a', provider: null, status: 'partially_refunded', amounts: { authorized: 1000, captured: 1000, refunded: 300 } }));
      b.view(observation({ reference: 'b', provider: null, currency: 'EUR', amount: 500, amounts: { authorized: 500, captured: 0, refunded: 0 } }));
      return b;
    };

    it('compares totals per currency and counts per amount, and says so', () => {
      const r = agreement(blackBox().build());
      expect(r).toEqual({ invariant: 'agreement', valid: true, violations: [], note: BLACK_BOX_NOTE });
    });

    it('catches a net difference in one currency and an extra authorization', () => {
      const b = blackBox();
      b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSP3', amount: 500, currency: 'eur' });
      b.final[0]!.amounts.refunded = 0;
      const r = agreement(b.build());
      expect(r.valid).toBe(false);
      expect(r.note).toBe(BLACK_BOX_NOTE);
      expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
        ['USD', "USD: the SUT's final view nets 10.00 USD (captured minus refunded), the PSP ledgers net 7.00 USD."],
        ['5.00 EUR', "the SUT's final view has 1 live authorization of 5.00 EUR, the PSP ledgers have 2."],
      ]);
    });
  });
});
