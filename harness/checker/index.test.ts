import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../history/types.ts';
import { ALL_CHECKERS, CHECKERS, checkAll, violationsOf, type Checker } from './index.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('checkAll', () => {
  it('runs one checker per invariant, in the order of DESIGN.md', () => {
    expect(ALL_CHECKERS).toHaveLength(7);
    expect(checkAll(cleanRun().builder.build()).map((r) => r.invariant)).toEqual([
      'no-double-money',
      'agreement',
      'legal-history',
      'durability',
      'liveness',
      'honest-errors',
      'webhook-integrity',
    ]);
  });

  it('a clean run passes every invariant', () => {
    const results = checkAll(cleanRun().builder.build());
    expect(results.map((r) => [r.invariant, r.valid])).toEqual(results.map((r) => [r.invariant, true]));
    expect(violationsOf(results)).toEqual([]);
  });

  it('is pure: the same record gives the same results, and the record is not touched', () => {
    const run = deepFreeze(cleanRun().builder.build());
    const broken: RunRecord = structuredClone(run);
    broken.final[0]!.amounts.captured = 1;
    deepFreeze(broken);
    expect(checkAll(broken)).toEqual(checkAll(broken));
    expect(violationsOf(checkAll(broken)).map((v) => v.invariant)).toEqual(['no-double-money', 'agreement', 'durability']);
  });

  it('violationsOf flattens in result order', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p', captures: [1000] });
    b.webhook('stripe', 'evt_x', 'charge.refunded', 'forged', 200);
    b.phase('liveness');
    const run = b.build();
    run.final[0]!.amounts.captured = 0;
    const v = violationsOf(checkAll(run));
    expect(v.map((x) => [x.invariant, x.paymentId])).toEqual([
      ['agreement', 'p'],
      ['durability', 'p'],
      ['webhook-integrity', 'evt_x'],
    ]);
  });

  it('a built-in checker that throws gives unknown; a foreign one propagates', () => {
    const bad = { ...cleanRun().builder.build(), ledger: null } as unknown as RunRecord;
    const results = checkAll(bad, [CHECKERS['no-double-money'], CHECKERS.liveness]);
    expect(results[0]).toMatchObject({ invariant: 'no-double-money', valid: 'unknown', violations: [] });
    expect(results[0]!.note).toMatch(/^the checker failed: /);
    expect(results[1]!.valid).toBe(true);
    const foreign: Checker = () => {
      throw new Error('boom');
    };
    expect(() => checkAll(bad, [foreign])).toThrow('boom');
  });
});

describe('edge cases across every invariant', () => {
  it('failover to a second provider with the first authorization voided is clean', () => {
    const b = new RunBuilder();
    const opId = b.invoke('f', 'authorize', { reference: 'f', amount: 1000, currency: 'USD', provider: 'auto', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'fk' });
    b.fault('start', 'psp:stripe', 'stripe 503', { effect: { type: 'error', status: 503 } });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_f', amount: 1000, reference: 'f' });
    b.move({ provider: 'stripe', kind: 'void', paymentId: 'pi_f', amount: 1000, reference: 'f' });
    b.move({ provider: 'adyen', kind: 'authorization', paymentId: 'PSPf', amount: 1000, reference: 'pay_f' });
    const v = observation({ reference: 'f', provider: 'adyen', providerPaymentId: 'PSPf', amounts: { authorized: 1000, captured: 0, refunded: 0 }, history: ['authorizing', 'authorized'] });
    b.ok(opId, v);
    b.view(v);
    const results = checkAll(b.quiet().build());
    expect(violationsOf(results)).toEqual([]);
    // No webhook crossed the wire: webhook integrity has nothing to judge, which is not a pass.
    expect(results.filter((r) => r.valid !== true).map((r) => [r.invariant, r.valid])).toEqual([['webhook-integrity', 'unknown']]);
  });

  it('an Adyen capture answered as pending and settled by its webhook is clean', () => {
    const b = new RunBuilder();
    const w = b.payment({ reference: 'a', provider: 'adyen', noFinal: true });
    const cap = b.invoke('a', 'capture', { paymentId: w.sutId, amount: 1000, idempotencyKey: 'a-cap' });
    b.move({ provider: 'adyen', kind: 'capture', paymentId: w.pspId, amount: 1000, reference: w.sutId });
    const pending = observation({ reference: 'a', provider: 'adyen', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(cap, pending);
    b.webhook('adyen', 'CAPTURE-a', 'CAPTURE', 'genuine', 200);
    b.webhook('adyen', 'CAPTURE-a', 'CAPTURE', 'duplicate', 200);
    const settled = { ...pending, status: 'captured', amounts: { authorized: 1000, captured: 1000, refunded: 0 } };
    b.op('a', 'get', {}, { type: 'ok', value: settled });
    b.view({ ...settled, history: ['authorizing', 'authorized', 'captured'] });
    const results = checkAll(b.quiet().build());
    expect(violationsOf(results)).toEqual([]);
  });

  it('the retry-without-idempotency-key bug is caught twice over: a second live authorization and an orphan', () => {
    const b = new RunBuilder();
    const opId = b.invoke('r', 'authorize', { reference: 'r', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'rk' });
    b.fault('start', 'psp:stripe', 'timeout after commit', { effect: { type: 'timeout_after_commit' } });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_first', amount: 1000, reference: 'r' });
    b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_retry', amount: 1000, reference: 'r' });
    const v = observation({ reference: 'r', providerPaymentId: 'pi_retry', amounts: { authorized: 1000, captured: 0, refunded: 0 } });
    b.ok(opId, v);
    b.view(v);
    const v2 = violationsOf(checkAll(b.quiet().build()));
    expect(v2.map((x) => [x.invariant, x.paymentId])).toEqual([
      ['no-double-money', 'r'],
      ['agreement', 'pi_first'],
    ]);
  });
});
