// A part of an exploration (one shard, or one worker of a shard) and how parts combine into what
// one process would have found: the runs of every part in order of their index in the seed's
// sequence, up to the earliest failure, then that failure's shrink. The merged history digest is
// the one a single process computes (every played run's digest in the order it played them), so
// "the union of the shards is the unsharded run" is checked by comparing digests, not trusted.
import { createHash } from 'node:crypto';
import type { Schedule } from '../generator/schedule.ts';
import { formatShard, ownedCount, type Shard } from './shard.ts';
import type { ReportedViolation } from './violation.ts';

/** Written into every part, so a file of another kind (or an older layout) is refused by name. */
export const PART_FORMAT = 'gauntlet-explore-part/1';

export interface ExploreRunEntry {
  /** Index of the run in the seed's sequence (0-based). */
  k: number;
  digest: string;
  lifecycles: number;
}

export interface ExplorePart {
  format: typeof PART_FORMAT;
  seed: number;
  /** The sequence's length asked for (`--runs`); every part of one exploration asks the same. */
  requestedRuns: number;
  mutant: string | null;
  etiquette: boolean;
  noShrink: boolean;
  shard: Shard;
  /** Stopped by `--time` rather than by running out of runs or by a failure. */
  timeLimited: boolean;
  /** The runs this part played, in order of k. */
  runLog: ExploreRunEntry[];
  /** k of this part's first failing run (it stopped there and shrank it). */
  failedAt?: number;
  /** The runs played while shrinking that failure, in order. */
  shrinkLog: Omit<ExploreRunEntry, 'k'>[];
  violations: ReportedViolation[];
  /** The shrunk schedule, as data (the scheduler replaced by the order it released the hops in). */
  counterexample?: unknown;
  counterexampleOps?: number;
  durationMs: number;
}

/** What merging parts gives: the report one process would have written, and the merged part. */
export interface MergedExploration {
  seed: number;
  runs: number;
  shrinkRuns: number;
  lifecycles: number;
  durationMs: number;
  /** Of durationMs, the start before the first run: modules loaded, databases open (threads started). */
  startupMs?: number;
  lifecyclesPerSecond: number;
  historyDigest: string;
  violations: ReportedViolation[];
  counterexample?: unknown;
  counterexampleOps?: number;
  part: ExplorePart;
}

export class MergeError extends Error {}

/** The scheduler is not data: keep the order it released the hops in, for people and for files. */
export function scheduleJson(s: Schedule): unknown {
  return { ...s, interleaving: s.interleaving?.report().map((t) => t.label) };
}

export function historyDigest(runLog: readonly { digest: string }[], shrinkLog: readonly { digest: string }[]): string {
  const h = createHash('sha256');
  for (const r of runLog) h.update(r.digest);
  for (const r of shrinkLog) h.update(r.digest);
  return h.digest('hex');
}

/**
 * Combines parts that together cover `target` (the whole sequence by default): n shards i/n, or
 * the W workers of one shard. Refuses parts of different explorations, and overlapping or missing
 * shards, naming them (`names[i]` is how part i is called in messages, e.g. its file).
 */
export function mergeParts(parts: readonly ExplorePart[], target: Shard = { index: 0, count: 1 }, names: readonly string[] = parts.map((p) => `shard ${formatShard(p.shard)}`)): MergedExploration {
  const first = parts[0];
  if (!first) throw new MergeError('nothing to merge: give the JSON of every shard');
  parts.forEach((p, i) => {
    if ((p as { format?: unknown }).format !== PART_FORMAT) throw new MergeError(`${names[i]} is not an exploration part (${PART_FORMAT}): write it with \`gauntlet explore --json\` or \`--out DIR\``);
  });
  const same = (what: string, get: (p: ExplorePart) => unknown) => {
    const want = JSON.stringify(get(first));
    parts.forEach((p, i) => {
      if (JSON.stringify(get(p)) !== want) throw new MergeError(`shards of different explorations: ${names[0]} has ${what} ${want}, ${names[i]} has ${what} ${JSON.stringify(get(p))}`);
    });
  };
  same('seed', (p) => p.seed);
  same('--runs', (p) => p.requestedRuns);
  same('mutant', (p) => p.mutant);
  same('etiquette', (p) => p.etiquette);
  same('no-shrink', (p) => p.noShrink);
  same('shard count', (p) => p.shard.count);
  // The parts' shards must be exactly the residues of `target` modulo their count.
  const count = first.shard.count;
  if (count % target.count !== 0) throw new MergeError(`parts of ${count} shards cannot make up shard ${formatShard(target)}`);
  const byIndex = new Map<number, number>();
  parts.forEach((p, i) => {
    const seen = byIndex.get(p.shard.index);
    if (seen !== undefined) throw new MergeError(`overlapping shards: ${names[seen]} and ${names[i]} are both shard ${formatShard(p.shard)}`);
    if (p.shard.index % target.count !== target.index) throw new MergeError(`${names[i]} (shard ${formatShard(p.shard)}) is not part of shard ${formatShard(target)}`);
    byIndex.set(p.shard.index, i);
  });
  const missing: string[] = [];
  for (let r = target.index; r < count; r += target.count) if (!byIndex.has(r)) missing.push(`${r}/${count}`);
  if (missing.length) throw new MergeError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}: the union would not be the whole run`);

  // One process stops at the earliest failing run and shrinks it; runs the parts played past it
  // are not part of that process's result.
  const failing = parts.filter((p) => p.failedAt !== undefined).sort((a, b) => a.failedAt! - b.failedAt!)[0];
  const end = failing ? failing.failedAt! : first.requestedRuns - 1;
  const runLog = parts.flatMap((p) => p.runLog.filter((r) => r.k <= end)).sort((a, b) => a.k - b.k);
  const timeLimited = parts.some((p) => p.timeLimited);
  // Under --time each part stops when its time is up, so runs may be missing at the end; with
  // --runs every run up to the end must be there exactly once.
  const want = timeLimited ? undefined : ownedCount(target, end + 1);
  for (let i = 1; i < runLog.length; i++) if (runLog[i]!.k === runLog[i - 1]!.k) throw new MergeError(`run ${runLog[i]!.k} is in two parts: the shards overlap`);
  if (want !== undefined && runLog.length !== want) {
    const have = new Set(runLog.map((r) => r.k));
    let gap = -1;
    for (let k = target.index; k <= end; k += target.count) if (!have.has(k)) { gap = k; break; }
    throw new MergeError(`run ${gap} of seed ${first.seed} is in no part (${runLog.length} of ${want} runs present): a shard did not finish, or was cut short`);
  }
  const shrinkLog = failing?.shrinkLog ?? [];
  const lifecycles = runLog.reduce((n, r) => n + r.lifecycles, 0) + shrinkLog.reduce((n, r) => n + r.lifecycles, 0);
  const durationMs = Math.max(...parts.map((p) => p.durationMs));
  const part: ExplorePart = {
    format: PART_FORMAT,
    seed: first.seed,
    requestedRuns: first.requestedRuns,
    mutant: first.mutant,
    etiquette: first.etiquette,
    noShrink: first.noShrink,
    shard: target,
    timeLimited,
    runLog,
    ...(failing ? { failedAt: failing.failedAt! } : {}),
    shrinkLog,
    violations: failing?.violations ?? [],
    ...(failing?.counterexample !== undefined ? { counterexample: failing.counterexample, counterexampleOps: failing.counterexampleOps! } : {}),
    durationMs,
  };
  return {
    seed: first.seed,
    runs: runLog.length,
    shrinkRuns: shrinkLog.length,
    lifecycles,
    durationMs,
    lifecyclesPerSecond: durationMs > 0 ? Math.round((lifecycles / durationMs) * 1000 * 10) / 10 : 0,
    historyDigest: historyDigest(runLog, shrinkLog),
    violations: part.violations,
    ...(part.counterexample !== undefined ? { counterexample: part.counterexample, counterexampleOps: part.counterexampleOps! } : {}),
    part,
  };
}

