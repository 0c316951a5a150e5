// --shard i/n: n shards together are the unsharded run. Real explorations (the core's app on its
// database, the simulators), merged, compared run by run with one process playing every run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '../../core/index.ts';
import { explorePart } from './explore.ts';
import { mergeParts } from './part.ts';
import { openSimStore } from '../worlds/sim-store.ts';

let store: Store;
beforeAll(async () => {
  store = await openSimStore();
}, 60_000);
afterAll(async () => store?.close());

describe('sharded exploration', () => {
  it('two shards\' union is the unsharded run: same runs, same per-run digests, same history digest', async () => {
    const whole = await explorePart({ seed: 7, runs: 6, store });
    const a = await explorePart({ seed: 7, runs: 6, store, shard: { index: 0, count: 2 } });
    const b = await explorePart({ seed: 7, runs: 6, store, shard: { index: 1, count: 2 } });
    expect(a.part.runLog.map((r) => r.k)).toEqual([0, 2, 4]);
    expect(b.part.runLog.map((r) => r.k)).toEqual([1, 3, 5]);
    // Six different runs: a shard playing another's run, or the wrong one, would show.
    expect(new Set(whole.part.runLog.map((r) => r.digest)).size).toBe(6);
    const merged = mergeParts([b.part, a.part]);
    expect(merged.part.runLog).toEqual(whole.part.runLog);
    expect(merged.historyDigest).toBe(whole.report.historyDigest);
    expect(merged.lifecycles).toBe(whole.report.lifecycles);
    expect(merged.runs).toBe(6);
  }, 240_000);

  it('finds the failure one process finds, shrunk to the same counterexample (a mutant of the core)', async () => {
    // decline-as-failure, seed 7: one process fails at run 5 and shrinks it.
    const o = { seed: 7, runs: 8, store, mutant: 'decline-as-failure' } as const;
    const whole = await explorePart(o);
    expect(whole.part.failedAt).toBeDefined();
    const parts = [await explorePart({ ...o, shard: { index: 0, count: 2 } }), await explorePart({ ...o, shard: { index: 1, count: 2 } })];
    const merged = mergeParts(parts.map((p) => p.part));
    expect(merged.part.failedAt).toBe(whole.part.failedAt);
    expect(merged.part.runLog).toEqual(whole.part.runLog);
    expect(merged.part.shrinkLog).toEqual(whole.part.shrinkLog);
    expect(merged.historyDigest).toBe(whole.report.historyDigest);
    expect(merged.runs).toBe(whole.report.runs);
    expect(merged.shrinkRuns).toBe(whole.report.shrinkRuns);
    expect(merged.violations.map((v) => [v.invariant, v.path, v.replay])).toEqual(whole.report.violations.map((v) => [v.invariant, v.path, v.replay]));
    expect(merged.violations.length).toBeGreaterThan(0);
    expect(merged.counterexample).toEqual(whole.part.counterexample);
  }, 240_000);
});
