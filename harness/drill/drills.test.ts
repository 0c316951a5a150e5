// The drill library run for real, in the simulation world: every drill that claims the simulation
// world passes against the correct core with its faults actually applied, and the drills are
// proven able to fail: each natural mutant of the core (one classic payment bug) fails the drill
// that is about that bug, caught by the invariant the bug breaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store, type MutantName } from '../../core/index.ts';
import { findDrill, loadDrills, type Drill, type DrillFault, type PassCriteria } from '../../scenarios/index.ts';
import type { InvariantName } from '../checker/types.ts';
import { runDrill, type DrillResult } from './run-drill.ts';
import { simDrillWorld } from './sim-drill-world.ts';
import { openSimStore } from '../worlds/sim-store.ts';

// One seed for the whole file: a failure here replays with `runDrill(drill, simDrillWorld({seed: 7}))`.
const SEED = 7;

let store: Store;
beforeAll(async () => {
  store = await openSimStore();
}, 60_000);
afterAll(async () => store?.close());

const run = async (drill: Drill, mutant?: MutantName): Promise<DrillResult> =>
  runDrill(drill, await simDrillWorld({ seed: SEED, store, ...(mutant ? { mutant } : {}) }), { seed: SEED });

/** Faults the simulation world has no equivalent for (it says so rather than faking them). */
const liveOnly = (f: DrillFault): boolean => f.kind === 'process' || (f.kind === 'network' && !['latency', 'timeout', 'reset_peer', 'down'].includes(f.toxic));

const simDrills = loadDrills().filter((d) => d.worlds.includes('sim'));

describe('every simulation drill passes against the correct core', () => {
  it('there is something to run', () => {
    expect(simDrills.length).toBeGreaterThanOrEqual(14);
  });

  it.each(simDrills.map((d) => [d.name, d] as const))('%s', async (_name, drill) => {
    const r = await run(drill);
    // The violations and failed criteria first: on a failure they say what went wrong.
    expect(r.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
    expect(r.criteria.filter((c) => !c.ok)).toEqual([]);
    // Non-vacuous: every targeted operation reached the PSP on every provider, every fault fired.
    expect(r.shortfalls).toEqual([]);
    expect(r.faults.every((f) => f.hits > 0)).toBe(true);
    expect(r.verdict).toBe('pass');
    expect(r.passed).toBe(true);
    expect(r.payments).toBeGreaterThan(0);
    expect(r.kpis.operations).toBeGreaterThanOrEqual(r.payments);
    // Every fault was either applied or reported as skipped, and only live-only kinds are skipped.
    expect(r.faultsApplied).toHaveLength(drill.faults.filter((f) => !liveOnly(f)).length);
    expect(r.faultsSkipped).toHaveLength(drill.faults.filter(liveOnly).length);
    if (drill.faults.some((f) => !liveOnly(f))) expect(r.faultsApplied.length).toBeGreaterThan(0);
    // Every criterion the drill declares was judged on a measurement.
    expect(r.criteria.map((c) => c.criterion).sort()).toEqual(Object.keys(drill.pass).sort());
  }, 120_000);
});

describe('the simulation world does not fake what it cannot do', () => {
  it('sut-crash-mid-capture (live only) is not applicable here: no SIGKILL is faked, and it is not a pass', async () => {
    const drill = findDrill('sut-crash-mid-capture');
    expect(drill.worlds).toEqual(['live']);
    const r = await run(drill);
    expect(r.verdict).toBe('not_applicable');
    expect(r.passed).toBe(false);
    expect(r.notApplicable).toContain('SIGKILL');
    expect(r.payments).toBe(0);
  }, 120_000);

  it('a drill whose fault never fires is vacuous, naming the fault', async () => {
    const drill = findDrill('capture-timeout-after-commit');
    // Aimed at an operation the drill's traffic never sends (voids): the fault touches nothing.
    const aimless = { ...drill, faults: drill.faults.map((f) => (f.kind === 'psp' ? { ...f, rule: { ...f.rule, match: { operation: `${f.provider}.${f.provider === 'stripe' ? 'payment_intents.cancel' : 'cancels'}` } } } : f)) };
    const r = await run(aimless);
    expect(r.violations).toEqual([]);
    expect(r.verdict).toBe('vacuous');
    expect(r.passed).toBe(false);
    expect(r.shortfalls).toEqual([expect.stringMatching(/^fault never fired: stripe: timeout_after_commit/), expect.stringMatching(/^fault never fired: adyen: timeout_after_commit/)]);
  }, 120_000);

  it('a drill whose target operation never reaches the PSP is vacuous, naming the provider and operation', async () => {
    const drill = findDrill('refund-timeout-after-commit');
    // Refunds before any capture: the SUT refuses every one as illegal, so no refund is exercised.
    const r = await run({ ...drill, traffic: { ...drill.traffic, followUps: ['partial_refund', 'capture'] } });
    expect(r.verdict).toBe('vacuous');
    expect(r.shortfalls).toEqual(expect.arrayContaining([expect.stringMatching(/^stripe partial refund: 0 reached the PSP.*refused/), expect.stringMatching(/^adyen partial refund: 0 reached the PSP.*refused/)]));
  }, 120_000);
});

/**
 * Each drill against the mutant it exists to catch, and the invariants expected to catch it (any
 * one of them suffices: the same bug may show first as a double movement or as a disagreement).
 * `criterion`: a pass criterion expected to fail as well, where the bug moves a KPI.
 */
const CATCHES: Array<{ drill: string; mutant: MutantName; invariants: InvariantName[]; criterion?: keyof PassCriteria }> = [
  { drill: 'capture-timeout-after-commit', mutant: 'timeout-is-failure', invariants: ['agreement'], criterion: 'maxReconciliationMismatchRate' },
  { drill: 'refund-timeout-after-commit', mutant: 'timeout-is-failure', invariants: ['agreement'], criterion: 'maxReconciliationMismatchRate' },
  { drill: 'refund-timeout-after-commit', mutant: 'no-provider-idempotency', invariants: ['no-double-money'], criterion: 'maxDuplicateRate' },
  { drill: 'slow-provider', mutant: 'timeout-is-failure', invariants: ['agreement'], criterion: 'maxReconciliationMismatchRate' },
  { drill: 'partition-to-psp', mutant: 'timeout-is-failure', invariants: ['agreement'], criterion: 'maxReconciliationMismatchRate' },
  { drill: 'provider-outage', mutant: 'failure-as-decline', invariants: ['honest-errors'] },
  { drill: 'rate-limit-storm', mutant: 'failure-as-decline', invariants: ['honest-errors'] },
  { drill: 'flaky-5xx', mutant: 'failure-as-decline', invariants: ['honest-errors'], criterion: 'minAuthorizationSuccessRate' },
  { drill: 'webhook-storm', mutant: 'webhook-no-dedupe', invariants: ['agreement'], criterion: 'maxReconciliationMismatchRate' },
  // webhook-before-response: early-webhook-unmatched double-books a refund whose webhook beat the
  // answer; its books refuse it, so the merchant sees it only as 500s (the drill's platform bound).
  { drill: 'webhook-before-response', mutant: 'early-webhook-unmatched', invariants: [], criterion: 'maxPlatformFailureRate' },
  { drill: 'webhook-out-of-order', mutant: 'webhook-regresses-state', invariants: ['legal-history'] },
  { drill: 'webhook-forgery', mutant: 'signature-not-verified', invariants: ['webhook-integrity'] },
  { drill: 'webhook-stale-replay', mutant: 'stale-accepted', invariants: ['webhook-integrity'] },
  { drill: 'webhook-forgery', mutant: 'missing-signature-accepted', invariants: ['webhook-integrity', 'agreement'] },
  { drill: 'webhook-forgery', mutant: 'genuine-webhooks-refused', invariants: ['webhook-integrity'] },
  { drill: 'flaky-5xx', mutant: 'provider-500-not-executed', invariants: ['agreement'] },
  { drill: 'rate-limit-storm', mutant: 'retry-after-ignored', invariants: [], criterion: 'maxEarlyRetries' },
  { drill: 'capture-timeout-after-commit', mutant: 'currency-exponent-ignored', invariants: ['agreement'] },
  { drill: 'decline-mix', mutant: 'merchant-key-unchecked', invariants: ['durability'] },
  { drill: 'late-async-failure', mutant: 'received-is-final', invariants: ['agreement'] },
  { drill: 'decline-mix', mutant: 'decline-as-failure', invariants: ['honest-errors'], criterion: 'maxPlatformFailureRate' },
  { drill: 'provider-outage-failover', mutant: 'failover-without-resolving', invariants: ['no-double-money'], criterion: 'maxDuplicateRate' },
  { drill: 'settlement-gap', mutant: 'partial-capture-ignored', invariants: ['agreement'], criterion: 'maxReconciliationMismatchRate' },
];

describe('each drill catches the bug it is about', () => {
  it.each(CATCHES.map((c) => [c.drill, c.mutant, c] as const))('%s fails with mutant %s', async (_d, _m, c) => {
    const r = await run(findDrill(c.drill), c.mutant);
    expect(r.passed).toBe(false);
    const caughtBy = new Set(r.violations.map((v) => v.invariant));
    if (c.invariants.length > 0) expect(c.invariants.filter((i) => caughtBy.has(i)), `violations: ${[...caughtBy].join(', ') || 'none'}`).not.toEqual([]);
    if (c.criterion) expect(r.criteria.find((x) => x.criterion === c.criterion)?.ok).toBe(false);
  }, 120_000);
});
