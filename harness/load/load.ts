// Load under chaos: vegeta drives the SUT's merchant API at a constant arrival rate while a
// drill's fault schedule is applied on time; then everything heals, the world settles, and the
// same checkers and KPIs as a drill judge the run, plus the load's own thresholds (latency p95,
// platform-caused error rate). The drill contributes its faults and its invariants; the traffic
// is the load's own (payments with automatic capture at the given rate, see targets.ts).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { durationMs, type Drill, type DrillFault } from '../../scenarios/index.ts';
import { CHECKERS, checkAll, violationsOf } from '../checker/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import type { ActiveFault, DrillWorld } from '../drill/drill-world.ts';
import { measureKpis, type DrillKpis } from '../drill/kpis.ts';
import { toJsonl } from '../history/index.ts';
import type { RunRecord } from '../history/types.ts';
import { startAttack } from './attack.ts';
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
  faultsApplied: string[];
  faultsSkipped: string[];
  thresholds: ThresholdResult[];
  invariants: CheckResult[];
  violations: Violation[];
  kpis: DrillKpis;
  /** What the reader should know about this run's limits. */
  notes: string[];
  passed: boolean;
  record: RunRecord;
}

export async function runLoad(drill: Drill, w: { world: DrillWorld; sutUrl: string }, o: LoadOptions): Promise<LoadResult> {
  const { world } = w;
  const planned = Math.ceil((o.rate * o.durationMs) / 1000);
  if (planned > MAX_PAYMENTS) throw new RangeError(`rate × duration is ${planned} payments; one run reads its final view in one page of ${MAX_PAYMENTS}: lower the rate or the duration`);
  const log = o.log ?? (() => undefined);
  const timeline = new LoadTimeline();
  const targets = loadTargets({ sutUrl: w.sutUrl, seed: o.seed, ...(o.declineShare !== undefined ? { declineShare: o.declineShare } : {}) });
  const active = new Map<DrillFault, ActiveFault>();
  const applied: string[] = [];
  const skipped: string[] = [];
  const attackOver = new AbortController();

  const t0 = Date.now();
  timeline.phase(t0, 'safety');
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

  const faultTask = async (f: DrillFault): Promise<void> => {
    const at = durationMs(f.at);
    if (at >= o.durationMs) {
      skipped.push(`${faultTarget(f)} at ${f.at}: after the attack's ${o.durationMs / 1000} s`);
      return;
    }
    await sleepUntil(t0 + at, attackOver.signal);
    if (attackOver.signal.aborted) {
      skipped.push(`${faultTarget(f)} at ${f.at}: the attack had ended`);
      return;
    }
    // Stamped when asked for, healed when confirmed: the window the checkers see covers every
    // moment the fault may have been active, so a correct SUT is never blamed at its edges.
    const asked = Date.now();
    const r = await world.startFault(f);
    if ('unsupported' in r) {
      skipped.push(r.unsupported);
      return;
    }
    active.set(f, r);
    applied.push(r.description);
    timeline.fault(asked, 'start', faultTarget(f), r.description, f);
    log(`  t=${((asked - t0) / 1000).toFixed(1)}s fault: ${r.description}`);
    if (f.for === undefined) return;
    await sleepUntil(t0 + at + durationMs(f.for), attackOver.signal);
    if (attackOver.signal.aborted) return; // it outlasts the attack: healed with the rest
    if (active.delete(f)) {
      await r.heal();
      timeline.fault(Date.now(), 'stop', faultTarget(f), `healed: ${r.description}`);
      log(`  t=${((Date.now() - t0) / 1000).toFixed(1)}s healed: ${r.description}`);
    }
  };

  let faultError: unknown;
  const faults = Promise.all(drill.faults.map(faultTask)).catch((err: unknown) => {
    faultError = err;
    attack.stop();
  });
  let attackError: unknown;
  const ran = await attack.done.catch((err: unknown) => {
    attackError = err;
    attack.stop(); // one process failed: the others must not run on
    return undefined;
  });
  attackOver.abort();
  await faults;

  timeline.phase(Date.now(), 'heal');
  log('heal: every fault off, webhooks drained, reconciliation');
  for (const [f, r] of [...active]) {
    active.delete(f);
    await r.heal();
    timeline.fault(Date.now(), 'stop', faultTarget(f), `healed: ${r.description}`);
  }
  if (faultError !== undefined) throw faultError;
  if (attackError !== undefined || !ran) throw attackError;
  await world.settle();
  timeline.phase(Date.now(), 'liveness');
  const final = await world.driver.list();
  timeline.phase(Date.now(), 'final');

  const results = await decodeResults(o.vegeta, ran.files);
  timeline.requests(results, targets.argsOf);
  const history = timeline.build();
  const historyFile = join(o.outDir, 'history.jsonl');
  await writeFile(historyFile, toJsonl(history));

  const record: RunRecord = { seed: o.seed, history, ledger: await world.ledger(), final, livenessBoundMs: 60_000 };
  const invariants = checkAll(record, drill.invariants === 'all' ? undefined : drill.invariants.map((name) => CHECKERS[name]));
  const violations = violationsOf(invariants);
  const kpis = measureKpis(record, invariants, await world.webhookLagP95Ms());
  const thresholds = judgeThresholds(kpis, o.limits ?? DEFAULT_LIMITS);
  const notes: string[] = [];
  if (timeline.unsent > 0) notes.push(`${timeline.unsent} vegeta result(s) carried no request (no target was read) and are not in the history`);
  if (final.length >= MAX_PAYMENTS) notes.push(`the SUT's final view is a full page of ${MAX_PAYMENTS} payments: some may be missing from it, and the agreement checker would then see their PSP movements as unknown to the SUT`);
  return {
    drill: drill.name,
    seed: o.seed,
    sutUrl: w.sutUrl,
    rate: o.rate,
    durationMs: o.durationMs,
    processRates: ran.rates,
    resultsFiles: ran.files,
    historyFile,
    vegeta: await summarize(o.vegeta, ran.files),
    requests: results.length - timeline.unsent,
    faultsApplied: applied,
    faultsSkipped: skipped,
    thresholds,
    invariants,
    violations,
    kpis,
    notes,
    passed: violations.length === 0 && thresholds.every((t) => t.ok),
    record,
  };
}

/** Sleeps until wall time `t`, or until `signal` aborts. */
function sleepUntil(t: number, signal: AbortSignal): Promise<void> {
  const ms = t - Date.now();
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The history's name for what a fault hits (as the drill runner writes it). */
function faultTarget(f: DrillFault): string {
  return f.kind === 'psp' ? `psp:${f.provider}` : f.kind === 'network' ? `net:${f.target}` : 'sut';
}
