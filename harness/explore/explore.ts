// Exploration: fast-check generates schedules, each runs in the simulation world, the checkers
// judge; a failure is shrunk to a minimal schedule and reported with its seed, path and the
// command that replays it exactly.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Store } from '../../core/index.ts';
import type { AdapterFactories } from '../worlds/adapter-env.ts';
import type { EarlyRetry } from '../checker/retry-after.ts';
import type { Violation } from '../checker/types.ts';
import { operationCount, schedule as scheduleArb, type Schedule } from '../generator/schedule.ts';
import { SIM_START } from '../worlds/sim-world.ts';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';
import { runSchedule, type RunOutcome } from './run-schedule.ts';
import { PART_FORMAT, scheduleJson, type ExplorePart, type ExploreRunEntry } from './part.ts';
import { owns, WHOLE, type Shard } from './shard.ts';
import type { ReportedViolation } from './violation.ts';

export interface ExploreOptions {
  seed: number;
  /** Stop after this many runs... */
  runs?: number;
  /** ...or after this much wall time, whichever comes first. */
  timeLimitMs?: number;
  mutant?: string;
  /** A store to reuse (emptied before each run); one of `storage` is opened otherwise. */
  store?: Store;
  /** The core's storage when no store is given (default memory; ../worlds/sim-store.ts). */
  storage?: SimStorage;
  onRun?: (outcome: RunOutcome) => void;
  /** `gauntlet certify`: a team's adapter in place of the built-in one for its dialect. */
  adapterFactories?: AdapterFactories;
  /** Report the first failing run as found, without shrinking it (a bounded, predictable cost). */
  noShrink?: boolean;
  /**
   * Also fail a run on PSP etiquette: a retry before the Retry-After a PSP gave (checker/retry-after.ts).
   * Off by default: it judges a retry policy, not money.
   */
  etiquette?: boolean;
  /** Play only the runs of the seed's sequence this shard owns (shard.ts); all of them by default. */
  shard?: Shard;
  /**
   * A sibling's failure: own runs past this index are not played (the merged result stops at the
   * earliest failure, as one process would). Asked before each run.
   */
  stopPast?: () => number | undefined;
  /** Told as soon as an own run fails, before shrinking (workers tell their siblings to stop past it). */
  onFailure?: (k: number) => void;
}

export type { ReportedViolation } from './violation.ts';

export interface ExploreReport {
  seed: number;
  /** Generated runs played (up to and including the first failing one); shrinking not counted. */
  runs: number;
  /** Runs played while shrinking a failure to its minimal schedule. */
  shrinkRuns: number;
  lifecycles: number;
  durationMs: number;
  lifecyclesPerSecond: number;
  historyDigest: string;
  violations: ReportedViolation[];
  /** The shrunk schedule that fails, when one does. */
  counterexample?: Schedule;
  counterexampleOps?: number;
}

export function replayCommand(seed: number, path: string, mutant?: string): string {
  return `npx gauntlet replay --seed ${seed} --path ${path}${mutant ? ` --mutant ${mutant}` : ''}`;
}

export async function explore(o: ExploreOptions): Promise<ExploreReport> {
  return (await explorePart(o)).report;
}

/**
 * One process's share of an exploration: its report, and the part (every run it played with its
 * index and digest, the shrink that followed its first failure) that `mergeParts` combines with
 * the other shards' or workers' into what one process would have found.
 */
export async function explorePart(o: ExploreOptions): Promise<{ report: ExploreReport; part: ExplorePart }> {
  const started = performance.now();
  const shard = o.shard ?? WHOLE;
  const store = o.store ?? (await openSimStore(o.storage));
  let runs = 0;
  let lifecycles = 0;
  const digests = createHash('sha256');
  // A time limit may stop fast-check in the middle of a run: that run is awaited before the
  // database it uses is closed or handed to the next exploration.
  let inflight: Promise<unknown> = Promise.resolve();
  const world = { store, ...(o.mutant ? { mutant: o.mutant } : {}), ...(o.adapterFactories ? { adapterFactories: o.adapterFactories } : {}) };
  // The last run that failed: fast-check's shrunk counterexample is the last failure it saw.
  let lastFailing: Awaited<ReturnType<typeof runSchedule>> | undefined;
  // fast-check calls the property once per generated run, in order, until one fails; every call
  // after that is a shrink. So the call count is the run's index in the seed's sequence, and a
  // run another shard owns is generated (the sequence must advance) but not played.
  let generated = 0;
  let failedAt: number | undefined;
  const runLog: ExploreRunEntry[] = [];
  const shrinkLog: Omit<ExploreRunEntry, 'k'>[] = [];
  const property = fc.asyncProperty(scheduleArb, async (s) => {
    const k = failedAt === undefined ? generated++ : undefined;
    if (k !== undefined && !owns(shard, k)) return true;
    if (k !== undefined && k > (o.stopPast?.() ?? Infinity)) return true;
    let ok = false;
    try {
      const running = runSchedule(s, world);
      inflight = running.catch(() => undefined);
      const outcome = await running;
      runs += 1;
      lifecycles += outcome.lifecycles;
      digests.update(outcome.digest);
      if (k !== undefined) runLog.push({ k, digest: outcome.digest, lifecycles: outcome.lifecycles });
      else shrinkLog.push({ digest: outcome.digest, lifecycles: outcome.lifecycles });
      o.onRun?.(outcome);
      if (outcome.violations.length > 0) lastFailing = outcome;
      ok = outcome.violations.length === 0 && !(o.etiquette && outcome.earlyRetries.length > 0);
      return ok;
    } finally {
      if (!ok && k !== undefined) {
        failedAt = k;
        o.onFailure?.(k);
      }
    }
  });
  const details = await fc.check(property, {
    seed: o.seed,
    numRuns: o.runs ?? 100,
    ...(o.timeLimitMs ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
    ...(o.noShrink ? { endOnFailure: true } : {}),
  });
  await inflight;
  const report: ExploreReport = {
    seed: o.seed,
    runs: runLog.length,
    shrinkRuns: shrinkLog.length,
    lifecycles,
    durationMs: 0,
    lifecyclesPerSecond: 0,
    historyDigest: digests.digest('hex'),
    violations: [],
  };
  if (details.failed && details.counterexample) {
    const counterexample = details.counterexample[0];
    const path = details.counterexamplePath ?? '';
    // Played again from (seed, path), exactly as `gauntlet replay` will: a fresh copy of the
    // shrunk schedule, its scheduler included (the one fast-check handed back has been consumed).
    const again = (await replay({ seed: o.seed, path, ...world }))?.outcome ?? (await runSchedule(counterexample, world));
    report.counterexample = counterexample;
    report.counterexampleOps = operationCount(counterexample);
    report.violations = again.violations.map((v) => reportViolation(v, o.seed, path, o.mutant));
    if (o.etiquette) report.violations.push(...again.earlyRetries.map(({ provider, retry }) => reportEarlyRetry(provider, retry, o.seed, path, o.mutant)));
    if (report.violations.length === 0 && lastFailing && lastFailing.violations.length > 0) {
      // Found, but the replay from (seed, path) did not find it again: the violation is real (it
      // was checked on the run's own history), the replay command is not to be trusted. Said so.
      report.violations = lastFailing.violations.map((v) => {
        const r = reportViolation(v, o.seed, path, o.mutant);
        return { ...r, explanation: `${r.explanation} (not reproduced by replaying seed ${o.seed} path ${path}: this exploration is not deterministic here, a harness bug; the timeline is the failing run's own)` };
      });
    }
    if (report.violations.length === 0 && details.errorInstance) {
      report.violations = [{ invariant: 'harness', paymentId: '-', explanation: `the run threw: ${String(details.errorInstance)}`, timeline: [], seed: o.seed, path, replay: replayCommand(o.seed, path, o.mutant) }];
    }
  }
  // A run found with the core on SQL is replayed on SQL: the memory store may not reach it.
  if (o.storage && o.storage !== 'memory') report.violations = report.violations.map((v) => ({ ...v, replay: `${v.replay} --storage ${o.storage}` }));
  if (!o.store) await store.close();
  report.durationMs = Math.round(performance.now() - started);
  report.lifecyclesPerSecond = report.durationMs > 0 ? Math.round((lifecycles / report.durationMs) * 1000 * 10) / 10 : 0;
  const part: ExplorePart = {
    format: PART_FORMAT,
    seed: o.seed,
    requestedRuns: o.runs ?? 100,
    mutant: o.mutant ?? null,
    etiquette: o.etiquette ?? false,
    noShrink: o.noShrink ?? false,
    shard,
    timeLimited: details.interrupted,
    runLog,
    ...(failedAt !== undefined && details.failed ? { failedAt } : {}),
    shrinkLog,
    violations: report.violations,
    ...(report.counterexample ? { counterexample: scheduleJson(report.counterexample), counterexampleOps: report.counterexampleOps } : {}),
    durationMs: report.durationMs,
  };
  return { report, part };
}

export function reportViolation(v: Violation, seed: number, path: string, mutant?: string): ReportedViolation {
  return {
    invariant: v.invariant,
    paymentId: v.paymentId,
    explanation: v.explanation,
    timeline: v.timeline.map(describeEvent),
    seed,
    path,
    replay: replayCommand(seed, path, mutant),
  };
}

/** An early retry as a reported violation of the `retry-after` etiquette rule (no payment timeline: the PSP's log is the evidence). */
export function reportEarlyRetry(provider: string, r: EarlyRetry, seed: number, path: string, mutant?: string): ReportedViolation {
  return {
    invariant: 'retry-after',
    paymentId: r.paymentId ?? r.idempotencyKey ?? r.requestId,
    explanation: `${provider} ${r.operation} (${r.sameBy === 'idempotency-key' ? `key ${r.idempotencyKey}` : `payment ${r.paymentId}`}) retried ${r.earlyByMs} ms before the Retry-After of ${r.retryAfterMs} ms its 429 asked for`,
    timeline: [],
    seed,
    path,
    replay: replayCommand(seed, path, mutant),
  };
}

/** One line per history event, for people. */
export function describeEvent(e: Violation['timeline'][number]): string {
  const at = `t+${String(e.t - SIM_START).padStart(7)}ms`;
  switch (e.type) {
    case 'invoke':
      return `${at}  p${e.process} invoke ${e.op} ${e.reference} ${JSON.stringify(e.args)}`;
    case 'ok':
    case 'fail':
    case 'info': {
      const c = e.completion;
      const what = c.type === 'info' ? `${c.error.code}` : c.type === 'fail' ? `${c.error.kind}/${c.error.code}` : `${c.value.status} ${JSON.stringify(c.value.amounts)}`;
      return `${at}  p${e.process} ${e.type.padEnd(4)} ${e.op} ${e.reference} → ${what}`;
    }
    case 'fault':
      return `${at}  fault ${e.action} ${e.target}: ${e.description}`;
    case 'webhook':
      return `${at}  webhook ${e.provider} ${e.eventType} (${e.kind}) → ${e.status ?? 'lost'}`;
    case 'merchant_event':
      return `${at}  merchant received ${e.eventType} for ${e.paymentId} (event ${e.eventId})`;
    case 'phase':
      return `${at}  -- ${e.phase} --`;
  }
}

/**
 * Reproduces the failure that `explore` found at (seed, path): fast-check regenerates exactly that
 * shrunk schedule, and the run is played again in a fresh world.
 */
export async function replay(o: { seed: number; path: string; mutant?: string; store?: Store; storage?: SimStorage; adapterFactories?: AdapterFactories }): Promise<{ schedule: Schedule; outcome: RunOutcome } | undefined> {
  const store = o.store ?? (await openSimStore(o.storage));
  let found: Schedule | undefined;
  const details = await fc.check(
    fc.asyncProperty(scheduleArb, async (s) => {
      found = s;
      return true;
    }),
    { seed: o.seed, path: o.path, numRuns: 1 },
  );
  void details;
  if (!found) {
    if (!o.store) await store.close();
    return undefined;
  }
  const outcome = await runSchedule(found, { store, ...(o.mutant ? { mutant: o.mutant } : {}), ...(o.adapterFactories ? { adapterFactories: o.adapterFactories } : {}) });
  if (!o.store) await store.close();
  return { schedule: found, outcome };
}
