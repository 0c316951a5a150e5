// The harness bench's --workers figure: both sides measured (1 worker and N, child processes with
// the same flags, in alternating rounds), with the cores they used. Shapes only: no speed asserted.
import { describe, expect, it } from 'vitest';
import { workerCpus } from '../explore/cpu-pinning.ts';
import { EXPLORE_CHILD_FLAGS } from '../explore/workers.ts';
import { benchHarness } from './harness-bench.ts';

describe('benchHarness --workers figure', () => {
  it('measures 1 worker and N the same way and gives their ratio', async () => {
    const r = await benchHarness({ seconds: 1, selftest: false, pglite: false, workers: 2 });
    const w = r.workers!;
    expect(w.count).toBe(2);
    expect(w.nodeFlags).toEqual(EXPLORE_CHILD_FLAGS);
    expect(w.rounds).toBeGreaterThanOrEqual(2);
    for (const f of [w.one, w.many]) {
      expect(f.lifecycles).toBeGreaterThan(0);
      expect(f.seconds).toBeGreaterThan(0);
      expect(f.coresUsed).toBeGreaterThan(0);
      expect(f.lifecyclesPerCpuSecond).toBeGreaterThan(0);
    }
    // One core against N where the machine can give each worker its own (the pool decides alike).
    expect(w.one.pinnedCpus).toEqual(workerCpus(1, 'always'));
    expect(w.many.pinnedCpus).toEqual(workerCpus(2, 'always'));
    expect(w.scaling).toBe(Math.round((w.many.lifecyclesPerSecond / w.one.lifecyclesPerSecond) * 100) / 100);
    expect(w.overInProcess).toBe(Math.round((w.many.lifecyclesPerSecond / r.explore.lifecyclesPerSecond) * 100) / 100);
  }, 120_000);
});
