import { describe, expect, it } from 'vitest';
import { PSP_INITIATED, noDoubleMoney } from './no-double-money.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

describe('no-double-money', () => {
  it('passes a clean run (split captures, automatic capture, declines, a void)', () => {
    const r = noDoubleMoney(cleanRun().builder.build());
    expect(r).toEqual({ invariant: 'no-double-money', valid: true, violations: [] });
  });

  it('catches a second authorization on one PSP payment', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p1' });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_p1', amount: 1000, reference: 'p1', id: 'ch_again' });
    const r = noDoubleMoney(b.build());
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ invariant: 'no-double-money', paymentId: 'p1' });
    expect(r.violations[0]!.explanation).toBe('stripe pi_p1 (payment p1) was authorized 2 times (mv_1: 10.00 USD, ch_again: 10.00 USD); a PSP payment holds one authorization.');
  });

  it('catches a capture above the authorization and a refund above the capture', () => {
    const b = new RunBuilder();
    b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSP1', amount: 500, currency: 'eur' });
    b.move({ provider: 'adyen', kind: 'capture', paymentId: 'PSP1', amount: 700, currency: 'eur' });
    b.move({ provider: 'adyen', kind: 'refund', paymentId: 'PSP1', amount: 600, currency: 'eur' });
    b.move({ provider: 'adyen', kind: 'dispute', paymentId: 'PSP1', amount: 200, currency: 'eur' });
    const r = noDoubleMoney(b.build());
    expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
      ['PSP1', 'adyen PSP1 captured 7.00 EUR of an authorization of 5.00 EUR.'],
      ['PSP1', 'adyen PSP1 refunded 6.00 EUR and lost 2.00 EUR to disputes of 7.00 EUR captured.'],
    ]);
  });

  it('catches the failover trap: the same payment authorized live on two providers', () => {
    const b = new RunBuilder();
    const opId = b.invoke('p1', 'authorize', { reference: 'p1', amount: 1000, currency: 'USD', provider: 'auto', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'k1' });
    b.fault('start', 'psp:stripe', 'timeout after commit', { effect: { type: 'timeout_after_commit' } });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_1', amount: 1000, reference: 'p1' });
    b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSP2', amount: 1000, reference: 'pay_p1' });
    const final = observation({ reference: 'p1', provider: 'adyen', providerPaymentId: 'PSP2', amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(opId, final);
    b.view(final);
    const r = noDoubleMoney(b.quiet().build());
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.paymentId).toBe('p1');
    expect(r.violations[0]!.explanation).toBe(
      'payment p1 holds 2 live authorizations (stripe pi_1: 10.00 USD, adyen PSP2: 10.00 USD) for 1 authorize request; every other attempt must be voided.',
    );
    expect(r.violations[0]!.timeline.map((e) => e.type)).toEqual(['invoke', 'fault', 'ok']);
  });

  it('accepts a failover whose first authorization was voided', () => {
    const b = new RunBuilder();
    const opId = b.invoke('p1', 'authorize', { reference: 'p1', provider: 'auto', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'k1' });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_1', amount: 1000, reference: 'p1' });
    b.move({ provider: 'stripe', kind: 'void', paymentId: 'pi_1', amount: 1000, reference: 'p1' });
    b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSP2', amount: 1000, reference: 'pay_p1' });
    const final = observation({ reference: 'p1', provider: 'adyen', providerPaymentId: 'PSP2', amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(opId, final);
    b.view(final);
    expect(noDoubleMoney(b.build()).valid).toBe(true);
  });

  it('allows one live authorization per authorize key the harness itself used', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p1' });
    const again = b.invoke('p1', 'authorize', { reference: 'p1', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'second-key' });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_second', amount: 1000, reference: 'p1' });
    b.ok(again, observation({ reference: 'p1', paymentId: 'pay_second', providerPaymentId: 'pi_second', amounts: { authorized: 1000, captured: 0, refunded: 0 } }));
    expect(noDoubleMoney(b.build()).valid).toBe(true);
  });

  it('catches two capture movements for one capture idempotency key (a retry the PSP could not dedupe)', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p1', captures: [300] });
    // The merchant retries with the same key; the SUT sends it to the PSP without its key.
    const retry = b.invoke('p1', 'capture', { paymentId: 'pay_p1', amount: 300, idempotencyKey: 'p1-capture-1' });
    b.move({ provider: 'stripe', kind: 'capture', paymentId: 'pi_p1', amount: 300, reference: 'p1', id: 'cap_dup' });
    b.info(retry);
    const r = noDoubleMoney(b.build());
    expect(r.violations.map((v) => v.explanation)).toEqual(['payment p1 has 2 capture movements (mv_2: 3.00 USD, cap_dup: 3.00 USD) for 1 capture idempotency key.']);
    expect(r.violations[0]!.timeline.filter((e) => e.type === 'invoke').map((e) => e.type === 'invoke' && e.op)).toEqual(['authorize', 'capture', 'capture']);
  });

  it('a merchant retry with the same key that the PSP deduplicated moves money once', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p1', captures: [300] });
    const retry = b.invoke('p1', 'capture', { paymentId: 'pay_p1', amount: 300, idempotencyKey: 'p1-capture-1' });
    b.info(retry);
    expect(noDoubleMoney(b.build()).valid).toBe(true);
  });

  it('counts an automatic capture with its authorization, and catches one capture more', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'auto', provider: 'adyen', capture: 'automatic' });
    expect(noDoubleMoney(b.build()).valid).toBe(true);
    b.move({ provider: 'adyen', kind: 'capture', paymentId: 'PSPauto', amount: 1000, reference: 'pay_auto' });
    const r = noDoubleMoney(b.build());
    expect(r.violations.map((v) => v.explanation)).toEqual([
      'adyen PSPauto (payment auto) captured 20.00 USD of an authorization of 10.00 USD.',
      'payment auto has 2 capture movements (mv_2: 10.00 USD, mv_3: 10.00 USD) for 0 capture idempotency keys and 1 automatic-capture authorization.',
    ]);
  });

  it('catches an SUT that reports more refunded than captured (a refund the PSP refused, booked anyway)', () => {
    const b = new RunBuilder();
    const w = b.payment({ reference: 'p', captures: [500], noFinal: true });
    const over = observation({ reference: 'p', status: 'refunded', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 500, refunded: 900 } });
    b.ok(b.invoke('p', 'refund', { paymentId: w.sutId, amount: 900, idempotencyKey: 'p-refund-1' }), over);
    b.view(over);
    const r = noDoubleMoney(b.build());
    expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([['p', 'the SUT reports payment p (pay_p) refunded 9.00 USD of 5.00 USD captured (refund ok at #5).']]);

    const c = new RunBuilder();
    c.view(observation({ reference: 'q', amounts: { authorized: 1000, captured: 1200, refunded: 0 } }));
    expect(noDoubleMoney(c.build()).violations.map((v) => v.explanation)).toEqual(['the SUT reports payment q (pay_q) captured 12.00 USD of 10.00 USD authorized in its final view.']);
  });

  it('catches two refund movements for one refund key', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p1', captures: [1000], refunds: [200] });
    b.move({ provider: 'stripe', kind: 'refund', paymentId: 'pi_p1', amount: 200, reference: 'p1', id: 're_dup' });
    const r = noDoubleMoney(b.build());
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.explanation).toBe('payment p1 has 2 refund movements (mv_3: 2.00 USD, re_dup: 2.00 USD) for 1 refund idempotency key.');
  });

  it('a refund the PSP made on its own (recorded as such in the history) answers no key; unrecorded, the same movement is a double refund', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p1', captures: [1000], refunds: [200] });
    b.move({ provider: 'stripe', kind: 'refund', paymentId: 'pi_p1', amount: 300, reference: 'p1', id: 're_dashboard' });
    expect(noDoubleMoney(b.build()).valid).toBe(false);
    b.fault('start', 'psp:stripe', 'dashboard refund of 300 on p1', { type: PSP_INITIATED, amount: 300, movementId: 're_dashboard' });
    expect(noDoubleMoney(b.build())).toEqual({ invariant: 'no-double-money', valid: true, violations: [] });
  });
});
