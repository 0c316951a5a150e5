// Runs one drill in a world: the safety phase runs the traffic (the drill's own payment flows,
// drill-traffic.ts, or another source such as vegeta), while the fault schedule starts and heals
// faults on time; then every fault heals, the world settles (webhooks,
// reconciliation), the SUT's final view is read, the drill's invariants are checked and its KPIs
// measured against the pass criteria.
//
// A green must be earned: before running, the drill is narrowed to what the SUT's driver declares
// (or found NOT APPLICABLE, with the reason); after it, what the run exercised (coverage per
// provider × operation, hits per fault) is held against what the drill targets, and a run that
// falls short is VACUOUS, never a pass.
import { durationMs, POLICY_CRITERIA, type Drill, type DrillFault, type PassCriteria } from '../../scenarios/index.ts';
import { seededRandom } from '../../simulators/index.ts';
import { CHECKERS, checkAll, violationsOf } from '../checker/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import { historyDigest } from '../history/index.ts';
import { measureCoverage, paymentProviders, type Coverage } from '../history/coverage.ts';
import type { FaultEvent, HistoryEvent, RunRecord } from '../history/types.ts';
import { applicability } from './applicability.ts';
import type { ActiveFault, DrillWorld } from './drill-world.ts';
import { requirements, shortfalls, targetedInvariant, type FaultCoverage, type Requirement } from './exercise.ts';
import { drillTraffic, type FaultControl, type Recorder, type TrafficSource } from './drill-traffic.ts';
import { measureKpis, type DrillKpis } from './kpis.ts';

export interface DrillProgress {
  phase: 'safety' | 'heal' | 'liveness' | 'check';
  elapsedMs: number;
  operations: number;
  errors: number;
  activeFaults: string[];
}

export interface CriterionResult {
  criterion: keyof PassCriteria;
  limit: number;
  measured: number | null;
  ok: boolean;
  /** A resilience-policy threshold (overridable), not a money-safety one; see POLICY_CRITERIA. */
  policy?: boolean;
  /** The limit came from the team's override, not the drill file. */
  overridden?: boolean;
}

/**
 * pass: every invariant held, every criterion met, everything targeted exercised.
 * fail: an invariant was violated or a money criterion missed (a bug; exit 1 in the gate).
 * below_threshold: money was safe, but a resilience-policy threshold was missed.
 * vacuous: the run did not exercise what the drill targets (a fault never fired, an operation
 *   never reached the PSP, an invariant could not be judged): it proves nothing, never a pass.
 * not_applicable: the SUT or the world cannot take part (undeclared capability): skipped.
 * not_run: never started because the gate's budget was spent (the gate's verdict, never runDrill's).
 */
export type DrillVerdict = 'pass' | 'fail' | 'below_threshold' | 'vacuous' | 'not_applicable' | 'not_run';

export interface DrillResult {
  drill: string;
  world: DrillWorld['kind'];
  seed: number;
  verdict: DrillVerdict;
  /** verdict === 'pass'. */
  passed: boolean;
  /** Why the drill was not applicable (verdict not_applicable). */
  notApplicable?: string;
  /** Why the drill was not run (verdict not_run): the budget it did not fit in. */
  notRun?: string;
  /** How the drill was narrowed to the SUT's capabilities (traffic or faults left out). */
  notes: string[];
  /** What the run exercised, per provider × operation. */
  coverage: Coverage;
  /** What the drill targets: each must have reached the PSP at least `min` times. */
  required: Requirement[];
  /** Each fault applied, and how much it touched. */
  faults: FaultCoverage[];
  /** What the run fell short of (non-empty: vacuous). */
  shortfalls: string[];
  durationMs: number;
  payments: number;
  faultsApplied: string[];
  /** Faults this world could not apply, with the reason (the drill still ran without them). */
  faultsSkipped: string[];
  invariants: CheckResult[];
  violations: Violation[];
  kpis: DrillKpis;
  criteria: CriterionResult[];
  historyDigest: string;
  record: RunRecord;
}

export interface RunDrillOptions {
  seed: number;
  onProgress?: (p: DrillProgress) => void;
  /** A team's own limits for the resilience-policy criteria of this drill (POLICY_CRITERIA only). */
  criteria?: Partial<Pick<PassCriteria, (typeof POLICY_CRITERIA)[number]>>;
  /**
   * Where the safety phase's operations come from: by default the drill's payment flows
   * (`drillTraffic`); a load run brings vegeta, a generated run its own. Everything else (fault
   * schedule, heal, settle, final read, checkers, KPIs, coverage, verdict) is this runner's.
   */
  traffic?: TrafficSource;
  /** How long after healing the SUT has to settle every payment (the liveness checker's bound). */
  livenessBoundMs?: number;
  /** false: do not ask the SUT for its settlement reconciliation report (no settlement criteria judged). */
  reconciliationReport?: boolean;
}

export { drillTraffic, type FaultControl, type Recorder, type TrafficContext, type TrafficSource } from './drill-traffic.ts';


export async function runDrill(declared: Drill, world: DrillWorld, o: RunDrillOptions): Promise<DrillResult> {
  const caps = world.driver.capabilities;
  const fit = applicability(declared, caps, { canRestart: world.canRestart });
  if (!fit.applicable) return notApplicable(declared, world, o.seed, fit.reason);
  const drill = fit.drill;
  const random = seededRandom(o.seed);
  const started = world.now();
  const safetyMs = durationMs(drill.traffic.duration);
  const lateFaults = drill.faults.filter((f) => durationMs(f.at) >= safetyMs);
  const active = new Map<DrillFault, ActiveFault>();
  const applied: string[] = [];
  const skipped: string[] = [];
  /** Each fault healed, in order: its hits, or the window whose operations are counted once the history is complete. */
  const touched: ({ description: string; target: string } & ({ hits: number; unit: string } | { fault: DrillFault; from: number; to: number }))[] = [];
  const windows = new Map<DrillFault, { from: number; to?: number }>();
  const faultAsked = new Map<FaultEvent, number>();
  let aborted = false;
  /** Records how much a fault touched, then heals it. */
  const heal = async (f: DrillFault, r: ActiveFault, how: string) => {
    const hits = r.hits ? await r.hits() : undefined;
    const w = windows.get(f) ?? { from: started };
    touched.push({ description: r.description, target: faultTarget(f), ...(hits !== undefined ? { hits, unit: r.unit ?? 'requests' } : { fault: f, from: w.from, to: w.to ?? world.now() }) });
    await r.heal();
    world.history.fault('stop', faultTarget(f), `${how}: ${r.description}`);
  };
  let operations = 0;
  let errors = 0;
  const progress = (phase: DrillProgress['phase']) =>
    o.onProgress?.({ phase, elapsedMs: world.now() - started, operations, errors, activeFaults: [...active.values()].map((f) => f.description) });

  const record: Recorder = async (op, reference, args, call, process = 0) => {
    const c = await world.history.operation(process, op, reference, args, call);
    operations += 1;
    if (c.type === 'info' || (c.type === 'fail' && c.error.kind === 'platform')) errors += 1;
    return c;
  };

  const sleepUntil = async (t: number) => {
    const wait = t - world.now();
    if (wait > 0) await world.sleep(wait);
  };

  /** Starts a fault now; false when this world cannot apply it (recorded as skipped, never faked). */
  const startNow = async (f: DrillFault): Promise<ActiveFault | undefined> => {
    const before = world.now();
    const started_ = await world.startFault(f);
    if ('unsupported' in started_) {
      skipped.push(started_.unsupported);
      return undefined;
    }
    // A SIGKILL is over when the SUT is back: what it hit is what was in flight across it.
    const r: ActiveFault = f.kind === 'process' && !started_.hits ? { ...started_, unit: "of the SUT's operations in flight" } : started_;
    active.set(f, r);
    windows.set(f, { from: before, ...(f.kind === 'process' && !started_.hits ? { to: world.now() } : {}) });
    applied.push(r.description);
    faultAsked.set(world.history.fault('start', faultTarget(f), r.description, f), before);
    progress('safety');
    return r;
  };

  const faultTask = async (f: DrillFault) => {
    await sleepUntil(started + durationMs(f.at));
    if (aborted) return;
    const r = await startNow(f);
    if (!r || f.for === undefined) return; // healed with everything else after the safety phase
    await sleepUntil(started + durationMs(f.at) + durationMs(f.for));
    if (active.delete(f)) await heal(f, r, 'healed');
  };

  /** For traffic that places its faults itself (an explored schedule): the same start, heal and accounting. */
  const faultControl: FaultControl = {
    start: async (f) => (await startNow(f)) !== undefined,
    heal: async (which) => {
      for (const [f, r] of [...active]) {
        if (which && !which(f)) continue;
        active.delete(f);
        await heal(f, r, 'healed');
      }
    },
  };

  const traffic = o.traffic ?? drillTraffic;
  const payments = await world.run(async () => {
    world.history.phase('safety');
    const faults = Promise.all(drill.faults.filter((f) => !lateFaults.includes(f)).map((f) => faultTask(f)));
    // A fault that fails to start fails the run once the traffic is over (awaited below), not the process meanwhile.
    faults.catch(() => undefined);
    let payments: number;
    try {
      ({ payments } = await traffic({ drill, world, record, random, started, safetyMs, progress: () => progress('safety'), faultAsked, faults: faultControl }));
    } catch (err) {
      // The traffic could not run (a load tool failed): no fault may outlive the run.
      aborted = true;
      await faults.catch(() => undefined);
      for (const [f, r] of [...active]) {
        active.delete(f);
        await r.heal().catch(() => undefined);
      }
      throw err;
    }
    await sleepUntil(started + safetyMs);
    await faults;
    return payments;
  });

  // Each phase runs on its own: settling moves (virtual) time itself, and must not race the
  // safety phase's clock or webhook pump.
  world.history.phase('heal');
  progress('heal');
  for (const [f, r] of [...active]) {
    if (r.untilJudged) continue;
    active.delete(f);
    await heal(f, r, 'healed');
  }
  await world.settle();
  // The SUT's own reconciliation against the settlement reports, wrong ones included.
  const discrepancies = o.reconciliationReport !== false && world.driver.discrepancies ? await world.run(() => world.driver.discrepancies!()).catch(() => undefined) : undefined;
  for (const [f, r] of [...active]) {
    active.delete(f);
    await heal(f, r, 'healed after judging');
  }
  world.history.phase('liveness');
  progress('liveness');
  // Only this drill's payments: a world the user keeps running holds earlier runs' payments too.
  const mine = new Set(world.history.events.flatMap((e) => (e.type === 'invoke' ? [e.reference] : [])));
  const final = (await world.run(() => world.driver.list())).filter((p) => mine.has(p.reference));
  world.history.phase('final');
  const result = { final, payments, discrepancies };

  progress('check');
  // A fault the world cannot count (a toxic, a SIGKILL) touched the operations across its window.
  const faultCoverage: FaultCoverage[] = [
    ...touched.map((t) =>
    'fault' in t
      ? { description: t.description, target: t.target, hits: operationsInWindow(world.history.events, t.from, t.to, t.fault), unit: t.fault.kind === 'process' ? "of the SUT's operations in flight" : "of the SUT's operations in its window" }
      : { description: t.description, target: t.target, hits: t.hits, unit: t.unit },
    ),
    // Planned at or after the traffic's end: never started, so never fired, and the run is vacuous,
    // never a pass. (A drill file may hold such a fault: `gauntlet load --duration` can outlast
    // the drill's own traffic and reach it.)
    ...lateFaults.map((f) => ({ description: `${f.kind} fault on ${faultTarget(f)} at ${f.at}`, target: faultTarget(f), hits: 0, unit: 'requests', notStarted: `planned at or after the traffic's end (${drill.traffic.duration})` })),
  ];
  const ledger = await world.ledger();
  const run: RunRecord = { seed: o.seed, history: world.history.events, ledger, final: result.final, livenessBoundMs: o.livenessBoundMs ?? 60_000 };
  const checkers = drill.invariants === 'all' ? undefined : drill.invariants.map((name) => CHECKERS[name]);
  const invariants = checkAll(run, checkers);
  const violations = violationsOf(invariants);
  const kpis = measureKpis(run, invariants, await world.webhookLagP95Ms(), result.discrepancies?.length ?? null, drill.pass.maxEarlyRetries !== undefined ? await world.earlyRetries() : null);
  const criteria = judge(drill.pass, o.criteria ?? {}, kpis);
  const coverage = measureCoverage(run);
  const required = requirements(drill, caps);
  const short = shortfalls(required, coverage, faultCoverage, skipped, invariants, targetedInvariant(drill));
  const verdict: DrillVerdict =
    violations.length > 0 || criteria.some((c) => !c.ok && !c.policy) ? 'fail' : short.length > 0 ? 'vacuous' : criteria.some((c) => !c.ok) ? 'below_threshold' : 'pass';
  return {
    drill: drill.name,
    world: world.kind,
    seed: o.seed,
    verdict,
    passed: verdict === 'pass',
    notes: fit.notes,
    coverage,
    required,
    faults: faultCoverage,
    shortfalls: short,
    durationMs: world.now() - started,
    payments: result.payments,
    faultsApplied: applied,
    faultsSkipped: skipped,
    invariants,
    violations,
    kpis,
    criteria,
    historyDigest: historyDigest(run.history),
    record: run,
  };
}


function notApplicable(drill: Drill, world: DrillWorld, seed: number, reason: string): DrillResult {
  return { ...emptyDrillResult(drill, world.kind, seed, 'not_applicable'), notApplicable: reason };
}

/**
 * A drill that did not run (not applicable to the SUT, or left out by the gate's budget): a result
 * with nothing in it but its verdict, so every view lists it beside the drills that ran.
 */
export function emptyDrillResult(drill: Drill, world: DrillResult['world'], seed: number, verdict: 'not_applicable' | 'not_run'): DrillResult {
  const record: RunRecord = { seed, history: [], ledger: [], final: [], livenessBoundMs: 60_000 };
  return {
    drill: drill.name,
    world,
    seed,
    verdict,
    passed: false,
    notes: [],
    coverage: [],
    required: [],
    faults: [],
    shortfalls: [],
    durationMs: 0,
    payments: 0,
    faultsApplied: [],
    faultsSkipped: [],
    invariants: [],
    violations: [],
    kpis: measureKpis(record, [], null),
    criteria: [],
    historyDigest: historyDigest([]),
    record,
  };
}

/**
 * The SUT's operations a fault could have touched, where the world cannot count its hits itself
 * (a Toxiproxy toxic, a SIGKILL): operations on the fault's provider (any, for the SUT or its
 * webhook path) whose invoke..completion overlaps the fault's window.
 */
function operationsInWindow(history: readonly HistoryEvent[], from: number, to: number, f: DrillFault): number {
  const provider = f.kind === 'network' && (f.target === 'stripe' || f.target === 'adyen') ? f.target : f.kind === 'psp' || f.kind === 'settlement' ? f.provider : undefined;
  const providerOf = paymentProviders({ history, final: [] });
  const open = new Map<number, { t: number; reference: string }>();
  let n = 0;
  for (const e of history) {
    if (e.type === 'invoke') open.set(e.opId, { t: e.t, reference: e.reference });
    else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const inv = open.get(e.opId);
      if (!inv || e.op === 'get') continue;
      const overlaps = inv.t <= to && e.t >= from;
      if (overlaps && (provider === undefined || providerOf(e.reference) === provider)) n += 1;
    } else if (e.type === 'webhook' && f.kind === 'network' && f.target === 'core_webhooks' && e.t >= from && e.t <= to) n += 1;
  }
  return n;
}

function judge(pass: PassCriteria, overrides: Partial<PassCriteria>, k: DrillKpis): CriterionResult[] {
  const out: CriterionResult[] = [];
  const policy = (criterion: keyof PassCriteria) => (POLICY_CRITERIA as readonly string[]).includes(criterion);
  const limitOf = (criterion: keyof PassCriteria) => (policy(criterion) && overrides[criterion] !== undefined ? overrides[criterion] : pass[criterion]);
  const extra = (criterion: keyof PassCriteria) => ({ ...(policy(criterion) ? { policy: true } : {}), ...(policy(criterion) && overrides[criterion] !== undefined ? { overridden: true } : {}) });
  const max = (criterion: keyof PassCriteria, measured: number | null) => {
    const limit = limitOf(criterion);
    if (limit !== undefined) out.push({ criterion, limit, measured, ok: measured === null || measured <= limit, ...extra(criterion) });
  };
  max('maxPlatformFailureRate', k.platformFailureRate);
  max('maxDuplicateRate', k.duplicateRate);
  max('maxUnknownAfterHeal', k.unknownAfterHeal);
  max('maxReconciliationMismatchRate', k.reconciliationMismatchRate);
  max('maxSettlementDiscrepancies', k.settlementDiscrepancies);
  max('maxEarlyRetries', k.earlyRetries);
  if (pass.minSettlementDiscrepancies !== undefined) {
    const measured = k.settlementDiscrepancies;
    out.push({ criterion: 'minSettlementDiscrepancies', limit: pass.minSettlementDiscrepancies, measured, ok: measured !== null && measured >= pass.minSettlementDiscrepancies });
  }
  const minAuth = limitOf('minAuthorizationSuccessRate');
  if (minAuth !== undefined) {
    const measured = k.authorizationSuccessRate;
    out.push({ criterion: 'minAuthorizationSuccessRate', limit: minAuth, measured, ok: measured !== null && measured >= minAuth, ...extra('minAuthorizationSuccessRate') });
  }
  return out;
}

function faultTarget(f: DrillFault): string {
  return f.kind === 'psp' ? `psp:${f.provider}` : f.kind === 'settlement' ? `settlement:${f.provider}` : f.kind === 'network' ? `net:${f.target}` : 'sut';
}

