// Drills in the simulation world against the real core: the correct core passes a drill that
// throws timeouts-after-commit at it; the mutant that retries without the provider idempotency
// key fails the same drill with a double capture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '../../core/index.ts';
import { findDrill } from '../../scenarios/index.ts';
import { runDrill } from './run-drill.ts';
import { simDrillWorld } from './sim-drill-world.ts';
import { openSimStore } from '../worlds/sim-store.ts';

let store: Store;
beforeAll(async () => {
  store = await openSimStore();
}, 60_000);
afterAll(async () => store?.close());

describe('runDrill in the simulation world', () => {
  it('the correct core passes capture-timeout-after-commit, with faults applied and KPIs measured', async () => {
    const drill = findDrill('capture-timeout-after-commit');
    const r = await runDrill(drill, await simDrillWorld({ seed: 7, store }), { seed: 7 });
    expect(r.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.payments).toBe(24);
    expect(r.faultsApplied).toHaveLength(2);
    expect(r.kpis.operations).toBeGreaterThanOrEqual(48);
    expect(r.kpis.unknownAfterHeal).toBe(0);
    expect(r.criteria.map((c) => [c.criterion, c.ok])).toEqual([['maxDuplicateRate', true], ['maxUnknownAfterHeal', true], ['maxReconciliationMismatchRate', true]]);
  }, 120_000);

  it('a fault planned after the traffic ends never starts, and the run is vacuous, never a pass', async () => {
    // A drill file may say this (a load's --duration can outlast the drill's traffic and reach it).
    const drill = findDrill('capture-timeout-after-commit');
    const late = { ...drill, faults: drill.faults.map((f) => ({ ...f, at: '50s' })) };
    const r = await runDrill(late, await simDrillWorld({ seed: 7, store }), { seed: 7 });
    expect(r.violations).toEqual([]);
    expect(r.verdict).toBe('vacuous');
    expect(r.passed).toBe(false);
    expect(r.faultsApplied).toEqual([]);
    expect(r.faults.map((f) => f.hits)).toEqual([0, 0]);
    expect(r.shortfalls).toEqual([
      `fault never started: psp fault on psp:stripe at 50s: planned at or after the traffic's end (${drill.traffic.duration})`,
      `fault never started: psp fault on psp:adyen at 50s: planned at or after the traffic's end (${drill.traffic.duration})`,
    ]);
  }, 120_000);

  it('the same drill kills no-provider-idempotency: the core loses track of what the PSP did', async () => {
    const drill = findDrill('capture-timeout-after-commit');
    const r = await runDrill(drill, await simDrillWorld({ seed: 7, store, mutant: 'no-provider-idempotency' }), { seed: 7 });
    expect(r.passed).toBe(false);
    // Stripe refuses a second capture of a captured PaymentIntent and Adyen answers a new
    // modification: either way the core's books and the PSP's disagree.
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.violations.every((v) => ['no-double-money', 'agreement', 'honest-errors'].includes(v.invariant))).toBe(true);
    expect(r.criteria.some((c) => !c.ok)).toBe(true);
  }, 120_000);

  it('settlement-gap: the core reports each wrong settlement line; with honest reports there is nothing to find and the criterion fails', async () => {
    const drill = findDrill('settlement-gap');
    const r = await runDrill(drill, await simDrillWorld({ seed: 7, store }), { seed: 7 });
    expect(r.passed).toBe(true);
    expect(r.kpis.settlementDiscrepancies).toBe(3);
    expect(r.record.history.filter((e) => e.type === 'fault' && e.target.startsWith('settlement:')).map((e) => (e as { action: string }).action)).toEqual(['start', 'start', 'start', 'stop', 'stop', 'stop']);
    const honest = { ...drill, faults: drill.faults.filter((f) => f.kind !== 'settlement') };
    const h = await runDrill(honest, await simDrillWorld({ seed: 7, store }), { seed: 7 });
    expect(h.kpis.settlementDiscrepancies).toBe(0);
    expect(h.criteria.find((c) => c.criterion === 'minSettlementDiscrepancies')).toMatchObject({ measured: 0, ok: false });
  }, 120_000);
});
