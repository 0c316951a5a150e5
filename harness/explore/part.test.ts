// Merging parts: what one process would have reported, or a refusal that names the problem.
// The parts here are data (merge is pure); sharded.test.ts and workers.test.ts merge real runs.
import { describe, expect, it } from 'vitest';
import { historyDigest, mergeParts, MergeError, PART_FORMAT, type ExplorePart } from './part.ts';
import type { ReportedViolation } from './violation.ts';

const digest = (k: number) => `d${k}`.padEnd(64, '0');

/** Shard i/n of a sequence of `runs`, stopping at its first run in `failing` (with `shrinks` runs of shrinking). */
function part(index: number, count: number, o: { runs?: number; seed?: number; failing?: number[]; shrinks?: number } = {}): ExplorePart {
  const runs = o.runs ?? 10;
  const runLog: ExplorePart['runLog'] = [];
  let failedAt: number | undefined;
  for (let k = index; k < runs; k += count) {
    runLog.push({ k, digest: digest(k), lifecycles: 2 });
    if (o.failing?.includes(k)) {
      failedAt = k;
      break;
    }
  }
  const violation: ReportedViolation | undefined = failedAt === undefined ? undefined : { invariant: 'no-double-money', paymentId: `p${failedAt}`, explanation: 'x', timeline: [], seed: o.seed ?? 1, path: `${failedAt}:0`, replay: 'r' };
  return {
    format: PART_FORMAT,
    seed: o.seed ?? 1,
    requestedRuns: runs,
    mutant: null,
    etiquette: false,
    noShrink: false,
    shard: { index, count },
    timeLimited: false,
    runLog,
    ...(failedAt !== undefined ? { failedAt } : {}),
    shrinkLog: failedAt === undefined ? [] : Array.from({ length: o.shrinks ?? 2 }, (_, i) => ({ digest: `s${failedAt}-${i}`, lifecycles: 1 })),
    violations: violation ? [violation] : [],
    ...(failedAt !== undefined ? { counterexample: { steps: [failedAt] }, counterexampleOps: 1 } : {}),
    durationMs: 100 + index,
  };
}

describe('mergeParts', () => {
  it('puts the runs of every shard back in sequence order, with the whole run\'s digest', () => {
    const whole = part(0, 1);
    const merged = mergeParts([part(2, 3), part(0, 3), part(1, 3)]);
    expect(merged.part.runLog).toEqual(whole.runLog);
    expect(merged.historyDigest).toBe(historyDigest(whole.runLog, []));
    expect(merged.runs).toBe(10);
    expect(merged.lifecycles).toBe(20);
    expect(merged.violations).toEqual([]);
    expect(merged.durationMs).toBe(102);
  });

  it('stops where one process would: at the earliest failure, with that shard\'s shrink and violation', () => {
    // One process fails at run 4 (runs 0-4 played, then 3 shrinks); shard 1 failed later, at 7.
    const whole = part(0, 1, { failing: [4, 7], shrinks: 3 });
    const merged = mergeParts([part(0, 2, { failing: [4, 7], shrinks: 3 }), part(1, 2, { failing: [4, 7], shrinks: 5 })]);
    expect(merged.part.runLog.map((r) => r.k)).toEqual([0, 1, 2, 3, 4]);
    expect(merged.historyDigest).toBe(historyDigest(whole.runLog, whole.shrinkLog));
    expect(merged.shrinkRuns).toBe(3);
    expect(merged.violations.map((v) => v.path)).toEqual(['4:0']);
    expect(merged.counterexample).toEqual({ steps: [4] });
    expect(merged.lifecycles).toBe(5 * 2 + 3);
  });

  it('merges the workers of one shard into that shard', () => {
    // Shard 1/2 with 2 workers: sub-shards 1/4 and 3/4.
    const merged = mergeParts([part(1, 4), part(3, 4)], { index: 1, count: 2 });
    expect(merged.part.shard).toEqual({ index: 1, count: 2 });
    expect(merged.part.runLog).toEqual(part(1, 2).runLog);
  });

  it.each<[string, () => ExplorePart[], RegExp]>([
    ['different seeds', () => [part(0, 2, { seed: 1 }), part(1, 2, { seed: 2 })], /different explorations: b.json has seed 1, c.json has seed 2/],
    ['different --runs', () => [part(0, 2, { runs: 10 }), part(1, 2, { runs: 12 })], /has --runs 10, c.json has --runs 12/],
    ['different mutants', () => [part(0, 2), { ...part(1, 2), mutant: 'capture-race' }], /has mutant null, c.json has mutant "capture-race"/],
    ['different shard counts', () => [part(0, 2), part(1, 3)], /has shard count 2, c.json has shard count 3/],
    ['the same shard twice', () => [part(0, 2), part(0, 2)], /overlapping shards: b.json and c.json are both shard 0\/2/],
    ['a missing shard', () => [part(0, 3), part(2, 3)], /missing shard 1\/3: the union would not be the whole run/],
    ['a shard cut short', () => [part(0, 2), { ...part(1, 2), runLog: part(1, 2).runLog.slice(0, 2) }], /run 5 of seed 1 is in no part \(7 of 10 runs present\)/],
    ['not a part', () => [part(0, 2), { ...part(1, 2), format: 'something-else' } as unknown as ExplorePart], /c.json is not an exploration part/],
  ])('refuses %s, naming the files', (_what, parts, message) => {
    expect(() => mergeParts(parts(), undefined, ['b.json', 'c.json'])).toThrow(MergeError);
    expect(() => mergeParts(parts(), undefined, ['b.json', 'c.json'])).toThrow(message);
  });

  it('refuses nothing at all', () => {
    expect(() => mergeParts([])).toThrow(/nothing to merge/);
  });

  it('under --time, keeps what every shard played (their ends differ) instead of refusing', () => {
    const a = { ...part(0, 2), timeLimited: true };
    const b = { ...part(1, 2), timeLimited: true, runLog: part(1, 2).runLog.slice(0, 2) };
    expect(mergeParts([a, b]).part.runLog.map((r) => r.k)).toEqual([0, 1, 2, 3, 4, 6, 8]);
  });
});
