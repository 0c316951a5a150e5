// --workers: N workers (child processes, or threads) give what one process gives (same runs, same
// digests), and a pool never hangs: a worker that crashes is named, a stop from outside (a signal)
// ends every worker.
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../supervisor/index.ts';
import { explorePart } from './explore.ts';
import { exploreInWorkers, WorkerCrash } from './workers.ts';

const FIXTURE = new URL('./workers.fixture.ts', import.meta.url);

describe('exploreInWorkers', () => {
  it.each(['process', 'thread'] as const)('gives with 2 workers (%s) the runs, per-run digests, failure and shrink of 1 process', async (via) => {
    // A mutant of the core that one process catches a few runs into seed 7 (run 3 today): passing
    // runs on both workers before it, the failure, the shrink and the sibling told to stop past
    // it are all on the way.
    const o = { seed: 7, runs: 8, mutant: 'decline-as-failure' } as const;
    const one = await explorePart(o);
    const two = await exploreInWorkers({ ...o, workers: 2, via, supervisor: new Supervisor() });
    const k = one.part.failedAt!;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(one.part.runLog.map((r) => r.k)).toEqual(Array.from({ length: k + 1 }, (_, i) => i));
    // Different runs, so a mix-up between them could not go unseen.
    expect(new Set(one.part.runLog.map((r) => r.digest)).size).toBe(k + 1);
    expect(two.part.runLog).toEqual(one.part.runLog);
    expect(two.part.shrinkLog).toEqual(one.part.shrinkLog);
    expect(two.historyDigest).toBe(one.report.historyDigest);
    expect(two.runs).toBe(one.report.runs);
    expect(two.lifecycles).toBe(one.report.lifecycles);
    expect(two.violations.map((v) => [v.invariant, v.path])).toEqual(one.report.violations.map((v) => [v.invariant, v.path]));
  }, 240_000);

  it.each([
    ['process', 'throw', /explore worker 2 of 2 \(runs of shard 1\/2\) crashed: Error: planted crash in an explore worker/],
    ['process', 'exit', /explore worker 2 of 2 \(runs of shard 1\/2\) crashed: the process exited \(code 3\) without handing back its runs/],
    ['thread', 'throw', /explore worker 2 of 2 \(runs of shard 1\/2\) crashed: Error: planted crash in an explore worker/],
    ['thread', 'exit', /explore worker 2 of 2 \(runs of shard 1\/2\) crashed: the thread exited \(code 3\) without handing back its runs/],
  ] as const)('names a worker (%s) that crashes (%s) and stops its sibling instead of waiting for it', async (via, how, message) => {
    const sup = new Supervisor();
    const run = exploreInWorkers({ seed: 1, runs: 4, workers: 2, via, mutant: how, module: FIXTURE, supervisor: sup });
    await expect(run).rejects.toThrow(WorkerCrash);
    await expect(run).rejects.toThrow(message);
    // the pool let go of the supervisor, its children are gone: nothing left to stop
    const left = await sup.stopAll('test end');
    expect(left.released).toEqual([]);
    expect(left.stopped).toEqual([]);
  }, 60_000);

  it.each([
    ['process', '2 explore worker processes'],
    ['thread', '2 explore worker threads'],
  ] as const)('ends every worker (%s) when the supervisor stops everything (what SIGINT/SIGTERM do in the CLI)', async (via, pool) => {
    const sup = new Supervisor();
    const run = exploreInWorkers({ seed: 1, runs: 4, workers: 2, via, mutant: 'hang', module: FIXTURE, supervisor: sup });
    const settled = run.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    // Give the threads time to start (not a timed assertion: the outcome is the same either way).
    await new Promise((r) => setTimeout(r, 1_000));
    const report = await sup.stopAll('interrupted by SIGINT');
    expect(report.released).toEqual([pool]);
    // the pool stopped its own children: none was left for the supervisor's sweep
    expect(report.stopped).toEqual([]);
    expect(await settled).toMatch(/explore workers stopped before they finished \(interrupted\)/);
  }, 60_000);
});
