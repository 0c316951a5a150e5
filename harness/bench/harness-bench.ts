// The harness's own speed: payment lifecycles checked per second in the simulation world on the
// reference core, on the in-memory store and on PGlite (start-up excluded: the store is opened
// before the clock starts), across two worker threads (their start excluded the same way), and
// how fast and how small the mutants' counterexamples are.
import { explore } from '../explore/explore.ts';
import { exploreInWorkers } from '../explore/workers.ts';
import { selftest, type SelftestReport } from '../explore/selftest.ts';
import { Supervisor } from '../supervisor/index.ts';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';

export interface ExploreFigure {
  seconds: number;
  runs: number;
  lifecycles: number;
  lifecyclesPerSecond: number;
}

export interface HarnessBenchResult {
  /** One process, in-memory store. */
  explore: ExploreFigure;
  /** One process, the core on PGlite. */
  pglite?: ExploreFigure;
  /** Two worker threads on the in-memory store, and their figure over one process's. */
  workers?: ExploreFigure & { threads: number; startupMs: number; scaling: number };
  selftest?: { killed: number; survived: number; medianTimeToKillMs: number | null; maxCounterexampleOps: number | null; report: SelftestReport };
}

const DEFAULT_SEED = 20261125;
const per = (lifecycles: number, ms: number) => (ms > 0 ? Math.round((lifecycles / ms) * 1000 * 10) / 10 : 0);

/** One process exploring for `seconds` on a store opened beforehand. */
async function oneProcess(storage: SimStorage, seconds: number, seed: number): Promise<ExploreFigure> {
  const store = await openSimStore(storage);
  try {
    const e = await explore({ seed, runs: 1_000_000, timeLimitMs: seconds * 1000, store });
    return { seconds: e.durationMs / 1000, runs: e.runs, lifecycles: e.lifecycles, lifecyclesPerSecond: per(e.lifecycles, e.durationMs) };
  } finally {
    await store.close();
  }
}

export async function benchHarness(o: { seconds: number; selftest: boolean; seed?: number; pglite?: boolean; workers?: number }): Promise<HarnessBenchResult> {
  const seed = o.seed ?? DEFAULT_SEED;
  const result: HarnessBenchResult = { explore: await oneProcess('memory', o.seconds, seed) };
  if (o.pglite !== false) result.pglite = await oneProcess('pglite', o.seconds, seed);
  const threads = o.workers ?? 2;
  if (threads > 1) {
    const w = await exploreInWorkers({ seed, runs: 1_000_000, timeLimitMs: o.seconds * 1000, workers: threads, supervisor: new Supervisor() });
    // The threads' start (modules loaded in each, stores open) is not exploring: excluded as for one process.
    const exploringMs = w.durationMs - (w.startupMs ?? 0);
    const lifecyclesPerSecond = per(w.lifecycles, exploringMs);
    result.workers = { seconds: exploringMs / 1000, runs: w.runs, lifecycles: w.lifecycles, lifecyclesPerSecond, threads, startupMs: w.startupMs ?? 0, scaling: Math.round((lifecyclesPerSecond / result.explore.lifecyclesPerSecond) * 100) / 100 };
  }
  if (o.selftest) {
    const report = await selftest({ seed, runsPerMutant: 1_000, timeLimitMs: 60_000 });
    const killed = report.mutants.filter((m) => m.killed);
    const times = killed.map((m) => m.timeToKillMs!).sort((a, b) => a - b);
    result.selftest = {
      killed: killed.length,
      survived: report.mutants.filter((m) => !m.killed && !m.skipped).length,
      medianTimeToKillMs: times.length ? times[Math.floor(times.length / 2)]! : null,
      maxCounterexampleOps: killed.length ? Math.max(...killed.map((m) => m.counterexampleOps ?? 0)) : null,
      report,
    };
  }
  return result;
}
