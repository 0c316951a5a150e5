import { describe, expect, it } from 'vitest';
import { durability } from './durability.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

describe('durability', () => {
  it('passes a clean run', () => {
    expect(durability(cleanRun().builder.build())).toEqual({ invariant: 'durability', valid: true, violations: [] });
  });

  it('catches an authorization answered with another payment (a merchant key honoured across payments); a refusal is fine', () => {
    const b = new RunBuilder();
    const first = b.payment({ reference: 'a' });
    const args = { reference: 'b', amount: 500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'a-authorize', reusedKey: true };
    b.op('b', 'authorize', args, { type: 'ok', value: observation({ reference: 'a', paymentId: first.sutId, providerPaymentId: 'pi_a' }) });
    const r = durability(b.build());
    expect(r.violations.map((v) => [v.paymentId, v.invariant])).toEqual([['b', 'durability']]);
    expect(r.violations[0]!.explanation).toMatch(/acknowledged authorize of b .*answered with another payment, a \(pay_a\).*must be refused/);
    const ok = new RunBuilder();
    ok.payment({ reference: 'a' });
    ok.op('b', 'authorize', args, { type: 'fail', error: { kind: 'invalid', code: 'idempotency_key_reused', message: 'used with a different request' } });
    expect(durability(ok.build()).valid).toBe(true);
  });

  it('catches an authorization acknowledged that never happened at the PSP', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p' });
    const run = b.build();
    run.ledger.length = 0;
    const r = durability(run);
    expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
      ['p', 'the SUT acknowledged authorize of p (ok at #1) as authorized (10.00 USD authorized), but no PSP ledger holds an authorization for it (stripe pi_p).'],
    ]);
    expect(r.violations[0]!.timeline.map((e) => e.index)).toEqual([0, 1]);
  });

  it('catches a capture acknowledged above what the PSP captured', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p', captures: [600] });
    const run = b.build();
    run.ledger.pop(); // the capture movement never happened
    const r = durability(run);
    expect(r.violations.map((v) => v.explanation)).toEqual(['the SUT acknowledged capture of p (ok at #3) with 6.00 USD captured, but the PSP ledger shows only 0.00 USD captured.']);
  });

  it('catches an acknowledged capture and refund lost from the final view (a crash)', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p', captures: [600], refunds: [100] });
    b.fault('start', 'sut', 'kill and restart the SUT');
    b.fault('stop', 'sut', 'kill and restart the SUT');
    const run = b.quiet().build();
    run.final[0]!.amounts = { authorized: 1000, captured: 0, refunded: 0 };
    run.final[0]!.status = 'authorized';
    const r = durability(run);
    expect(r.violations.map((v) => v.explanation)).toEqual([
      'the SUT acknowledged capture of p (ok at #3) with 6.00 USD captured, but its final view shows 0.00 USD captured.',
      'the SUT acknowledged refund of p (ok at #5) with 1.00 USD refunded, but its final view shows 0.00 USD refunded.',
    ]);
    expect(r.violations[0]!.timeline.some((e) => e.type === 'fault' && e.target === 'sut')).toBe(true);
  });

  it('catches a refund acknowledged that the PSP never made', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p', captures: [1000], refunds: [400] });
    const run = b.build();
    run.ledger = run.ledger.filter((m) => m.kind !== 'refund');
    expect(durability(run).violations.map((v) => v.explanation)).toEqual(['the SUT acknowledged refund of p (ok at #5) with 4.00 USD refunded, but the PSP ledger shows only 0.00 USD refunded.']);
  });

  it('catches an acknowledged payment missing from the final view', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'gone', noFinal: true });
    expect(durability(b.build()).violations.map((v) => [v.paymentId, v.explanation])).toEqual([
      ['gone', 'the SUT acknowledged authorize of gone (ok at #1) as authorized, but its final view has no payment pay_gone.'],
    ]);
  });

  it('catches an acknowledged void that the PSP never saw and the final view forgot', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'v', void: true });
    const run = b.build();
    run.ledger = run.ledger.filter((m) => m.kind !== 'void');
    run.final[0]!.status = 'authorized';
    expect(durability(run).violations.map((v) => v.explanation)).toEqual([
      'the SUT acknowledged void of v (ok at #3) as voided, but no PSP ledger holds a void for it.',
      'the SUT acknowledged void of v (ok at #3) as voided, but its final status is authorized.',
    ]);
  });

  it('an Adyen capture acknowledged as pending, then settled, is fine; an indeterminate operation promised nothing', () => {
    const b = new RunBuilder();
    const w = b.payment({ reference: 'a', provider: 'adyen', noFinal: true });
    const cap = b.invoke('a', 'capture', { paymentId: w.sutId, amount: 1000, idempotencyKey: 'c' });
    b.move({ provider: 'adyen', kind: 'capture', paymentId: w.pspId, amount: 1000, reference: w.sutId });
    const pending = observation({ reference: 'a', provider: 'adyen', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(cap, pending);
    b.op('a', 'get', {}, { type: 'ok', value: { ...pending, status: 'captured', amounts: { authorized: 1000, captured: 1000, refunded: 0 } } });
    b.view({ ...pending, status: 'captured', amounts: { authorized: 1000, captured: 1000, refunded: 0 } });
    b.op('lost', 'authorize', { reference: 'lost' }, { type: 'info', error: { kind: 'network', code: 'timeout', message: 't' } });
    expect(durability(b.build()).valid).toBe(true);
  });

  it('finds the authorization through the ledger reference when the SUT reported no provider id', () => {
    const b = new RunBuilder();
    const opId = b.invoke('s', 'authorize', { reference: 's' });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_s', amount: 1000, reference: 's' });
    const v = observation({ reference: 's', providerPaymentId: null, amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(opId, v);
    b.view(v);
    expect(durability(b.build()).valid).toBe(true);
  });
});
