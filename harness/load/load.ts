// Load under chaos: vegeta drives the SUT's merchant API at a constant arrival rate as the
// traffic of the drill runner's safety phase (runDrill), so the drill's faults run on its
// schedule with their hits counted, and heal, settle, final read, checkers, KPIs, coverage and
// verdict are the runner's, as for every drill. On top of the drill's verdict the load judges its
// own thresholds (latency p95, platform-caused error rate). The drill contributes its faults,
// invariants and money criteria; the traffic is the load's own (payments with automatic capture
// at the given rate, see targets.ts), and its resilience-policy criteria give way to the load's
// thresholds.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { durationMs, POLICY_CRITERIA, type Drill, type DrillFault, type PassCriteria } from '../../scenarios/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import type { DrillWorld } from '../drill/drill-world.ts';
import type { FaultCoverage, Requirement } from '../drill/exercise.ts';
import type { DrillKpis } from '../drill/kpis.ts';
import { runDrill, type DrillVerdict, type TrafficSource } from '../drill/run-drill.ts';
import { toJsonl } from '../history/index.ts';
import type { Coverage } from '../history/coverage.ts';
import type { HistoryEvent, RunRecord } from '../history/types.ts';
import { startAttack, type AttackRun } from './attack.ts';
import { decodeResults, summarize, type LoadSummary } from './results.ts';
import { loadTargets } from './targets.ts';
import { DEFAULT_LIMITS, judgeThresholds, type ThresholdLimits, type ThresholdResult } from './thresholds.ts';
import { LoadTimeline } from './timeline.ts';

/**
 * Payments one run may create: the final view is read with one `GET /v1/payments?limit=1000`
 * (the merchant API has no paging), and a payment missing from it would look like money the
 * SUT forgot. Split bigger loads over runs, or over machines (scenarios/load/README.md).
 */
export const MAX_PAYMENTS = 1000;

/** Where the load's payments go: every other one to each PSP (targets.ts). */
const LOAD_PROVIDERS: Drill['traffic']['providers'] = ['stripe', 'adyen'];

export interface LoadOptions {
  vegeta: string;
  /** Requests per second, whole. */
  rate: number;
  durationMs: number;
  seed: number;
  /** Where results files and the history go (kept). */
  outDir: string;
  /** vegeta processes sharing the rate (default 1). */
  processes?: number;
  /** Bound on concurrent requests (default 64). */
  maxWorkers?: number;
  /** Per-request deadline (default 15 s, as the drill runner's driver). */
  timeoutMs?: number;
  limits?: ThresholdLimits;
  declineShare?: number;
  log?: (line: string) => void;
}

export interface LoadResult {
  drill: string;
  seed: number;
  sutUrl: string;
  rate: number;
  durationMs: number;
  /** Each vegeta process's requests per second. */
  processRates: number[];
  resultsFiles: string[];
  historyFile: string;
  /** vegeta's report over every results file. */
  vegeta: LoadSummary;
  /** Requests in the history (results that carried a request). */
  requests: number;
  /** The drill runner's verdict on the run (faults, invariants, money criteria, coverage); the thresholds come on top. */
  verdict: DrillVerdict;
  /** What the load exercised, per provider × operation. */
  coverage: Coverage;
  /** What it had to exercise (an authorization reaching each PSP). */
  required: Requirement[];
  /** Each fault applied, and how much it touched. */
  faults: FaultCoverage[];
  /** What the run fell short of (non-empty: vacuous). */
  shortfalls: string[];
  faultsApplied: string[];
  faultsSkipped: string[];
  thresholds: ThresholdResult[];
  invariants: CheckResult[];
  violations: Violation[];
  kpis: DrillKpis;
  /** What the reader should know about this run's limits. */
  notes: string[];
  /** The drill's verdict is pass and every threshold holds. */
  passed: boolean;
  record: RunRecord;
}

export async function runLoad(drill: Drill, w: { world: DrillWorld; sutUrl: string }, o: LoadOptions): Promise<LoadResult> {
  const { world } = w;
  const planned = Math.ceil((o.rate * o.durationMs) / 1000);
  if (planned > MAX_PAYMENTS) throw new RangeError(`rate × duration is ${planned} payments; one run reads its final view in one page of ${MAX_PAYMENTS}: lower the rate or the duration`);
  const log = o.log ?? (() => undefined);
  const targets = loadTargets({ sutUrl: w.sutUrl, seed: o.seed, ...(o.declineShare !== undefined ? { declineShare: o.declineShare } : {}) });
  const timeline = new LoadTimeline();
  let ran: AttackRun | undefined;
  let results = 0;

  // vegeta as the safety phase's traffic: its results become operations in the history,
  // merged in time order with the fault starts and stops the runner recorded meanwhile.
  const vegeta: TrafficSource = async ({ world: wd, faultAsked }) => {
    const from = lastSafetyMarker(wd.history.events) + 1;
    const attack = startAttack({
      vegeta: o.vegeta,
      rate: o.rate,
      durationMs: o.durationMs,
      processes: o.processes ?? 1,
      maxWorkers: o.maxWorkers ?? 64,
      timeoutMs: o.timeoutMs ?? 15_000,
      outDir: o.outDir,
      next: targets.next,
    });
    log(`attack: ${o.rate}/s for ${o.durationMs / 1000} s against ${w.sutUrl} (${o.processes ?? 1} vegeta process${(o.processes ?? 1) > 1 ? 'es' : ''})`);
    ran = await attack.done.catch((err: unknown) => {
      attack.stop(); // one process failed: the others must not run on
      throw err;
    });
    const decoded = await decodeResults(o.vegeta, ran.files);
    results = decoded.length;
    timeline.requests(decoded, targets.argsOf);
    timeline.mergeInto(wd.history, from, faultAsked);
    return { payments: decoded.length - timeline.unsent };
  };

  const result = await runDrill(underLoad(drill, o), world, {
    seed: o.seed,
    traffic: vegeta,
    onProgress: (p) => {
      if (p.phase !== 'safety') log(`${p.phase}${p.phase === 'heal' ? ': every fault off, webhooks drained, reconciliation' : ''}`);
    },
  });
  if (result.verdict === 'not_applicable') throw new Error(`drill ${drill.name} is not applicable here: ${result.notApplicable}`);
  for (const f of result.faults) log(`  fault: ${f.description} touched ${f.hits} ${f.unit}`);
  const historyFile = join(o.outDir, 'history.jsonl');
  await writeFile(historyFile, toJsonl(result.record.history));

  const thresholds = judgeThresholds(result.kpis, o.limits ?? DEFAULT_LIMITS);
  const notes = [...result.notes];
  if (timeline.unsent > 0) notes.push(`${timeline.unsent} vegeta result(s) carried no request (no target was read) and are not in the history`);
  if (result.record.final.length >= MAX_PAYMENTS) notes.push(`the SUT's final view is a full page of ${MAX_PAYMENTS} payments: some may be missing from it, and the agreement checker would then see their PSP movements as unknown to the SUT`);
  return {
    drill: drill.name,
    seed: o.seed,
    sutUrl: w.sutUrl,
    rate: o.rate,
    durationMs: o.durationMs,
    processRates: ran!.rates,
    resultsFiles: ran!.files,
    historyFile,
    vegeta: await summarize(o.vegeta, ran!.files),
    requests: results - timeline.unsent,
    verdict: result.verdict,
    coverage: result.coverage,
    required: result.required,
    faults: result.faults,
    shortfalls: result.shortfalls,
    faultsApplied: result.faultsApplied,
    faultsSkipped: [...pastTheAttack(drill, o.durationMs), ...result.faultsSkipped],
    thresholds,
    invariants: result.invariants,
    violations: result.violations,
    kpis: result.kpis,
    notes,
    passed: result.verdict === 'pass' && thresholds.every((t) => t.ok),
    record: result.record,
  };
}

/**
 * The drill as it runs under load: its faults, invariants and money criteria, with the load's
 * traffic (so coverage asks for what vegeta sends: an authorization, captured at once, on each
 * PSP). Its resilience-policy criteria were set for its own traffic: the load's thresholds stand
 * in for them.
 */
function underLoad(drill: Drill, o: LoadOptions): Drill {
  const pass = Object.fromEntries(Object.entries(drill.pass).filter(([k]) => !(POLICY_CRITERIA as readonly string[]).includes(k))) as PassCriteria;
  // Faults past the attack's end are the load's to report (pastTheAttack: skipped, the attack was
  // shorter than the drill's schedule); handed to the runner, they would make the run vacuous.
  const faults = drill.faults.filter((f) => durationMs(f.at) < o.durationMs);
  return { ...drill, traffic: { rate: o.rate, duration: `${o.durationMs}ms`, maxPayments: MAX_PAYMENTS, providers: LOAD_PROVIDERS, capture: 'automatic', followUps: [] }, faults, pass };
}

/** Faults the schedule puts after the attack's end: never started (underLoad leaves them out). */
function pastTheAttack(drill: Drill, attackMs: number): string[] {
  return drill.faults.filter((f) => durationMs(f.at) >= attackMs).map((f) => `${faultTarget(f)} at ${f.at}: after the attack's ${attackMs / 1000} s`);
}

/** The history's name for what a fault hits (as the drill runner writes it). */
function faultTarget(f: DrillFault): string {
  return f.kind === 'psp' ? `psp:${f.provider}` : f.kind === 'settlement' ? `settlement:${f.provider}` : f.kind === 'network' ? `net:${f.target}` : 'sut';
}

/** Where the safety phase's events begin: right after its marker. */
function lastSafetyMarker(events: readonly HistoryEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === 'phase' && (events[i] as { phase: string }).phase === 'safety') return i;
  return -1;
}
