// The harness's own speed: payment lifecycles checked per second in the simulation world on the
// reference core, on the in-memory store and on PGlite (start-up excluded: the store is opened
// before the clock starts), `explore --workers N` against one worker started the same way (child
// processes with the same V8 flags and the same coordinator, their start excluded as for one
// process), and how fast and how small the mutants' counterexamples are.
import { explore } from '../explore/explore.ts';
import { EXPLORE_CHILD_FLAGS, exploreInWorkers } from '../explore/workers.ts';
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
  /**
   * `--workers N` (child processes, in-memory store) over one worker started the same way, measured
   * in alternating rounds (1, N, 1, N...) so the machine's other load falls on both alike.
   */
  workers?: WorkersFigure;
  selftest?: { killed: number; survived: number; medianTimeToKillMs: number | null; maxCounterexampleOps: number | null; report: SelftestReport };
}

export interface PoolFigure extends ExploreFigure {
  /** Longest start-up of a round (modules loaded, stores open in every worker): not counted. */
  startupMs: number;
  /** Cores the workers used while exploring (their CPU time over the wall time): what the machine gave them. */
  coresUsed?: number;
  /** Lifecycles per second of the workers' CPU time: equal for 1 and N when the work itself scales, whatever the machine's load left them. */
  lifecyclesPerCpuSecond?: number;
  /** The CPU each worker was held to (explore/cpu-pinning.ts); absent: the OS placed them. */
  pinnedCpus?: number[];
}

export interface WorkersFigure {
  count: number;
  nodeFlags: readonly string[];
  rounds: number;
  one: PoolFigure;
  many: PoolFigure;
  /** many over one, lifecycles/s. */
  scaling: number;
  /** many over the in-process figure (`explore`: default V8 flags, its GC and JIT helpers on the other core). */
  overInProcess: number;
}

const DEFAULT_SEED = 20261125;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
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

/** Adds one pool run (the workers' start excluded: not exploring, as for one process) to a figure. */
async function poolRound(into: PoolFigure & { cpuMs: number }, workers: number, seconds: number, seed: number): Promise<void> {
  // Each worker held to a CPU of its own, the one worker too: one core against N.
  const w = await exploreInWorkers({ seed, runs: 1_000_000, timeLimitMs: seconds * 1000, workers, supervisor: new Supervisor(), pin: 'always' });
  if (w.pinnedCpus) into.pinnedCpus = w.pinnedCpus;
  const exploringMs = w.durationMs - (w.startupMs ?? 0);
  into.seconds += exploringMs / 1000;
  into.runs += w.runs;
  into.lifecycles += w.lifecycles;
  into.startupMs = Math.max(into.startupMs, w.startupMs ?? 0);
  into.cpuMs += w.workerCpuMs ?? 0;
}

/**
 * `count` child-process workers against one, each for `seconds` in all, in rounds alternating
 * between them (each worker is a fresh process: its JIT warms up inside every round, alike for both).
 */
async function workersScaling(count: number, seconds: number, seed: number, rounds = 2): Promise<Omit<WorkersFigure, 'overInProcess'>> {
  const empty = (): PoolFigure & { cpuMs: number } => ({ seconds: 0, runs: 0, lifecycles: 0, lifecyclesPerSecond: 0, startupMs: 0, cpuMs: 0 });
  const one = empty();
  const many = empty();
  for (let r = 0; r < rounds; r++) {
    await poolRound(one, 1, seconds / rounds, seed);
    await poolRound(many, count, seconds / rounds, seed);
  }
  const done = ({ cpuMs, ...f }: PoolFigure & { cpuMs: number }): PoolFigure => ({
    ...f,
    lifecyclesPerSecond: per(f.lifecycles, f.seconds * 1000),
    ...(cpuMs > 0 ? { coresUsed: Math.round((cpuMs / (f.seconds * 1000)) * 100) / 100, lifecyclesPerCpuSecond: per(f.lifecycles, cpuMs) } : {}),
  });
  const a = done(one);
  const b = done(many);
  return { count, nodeFlags: EXPLORE_CHILD_FLAGS, rounds, one: a, many: b, scaling: ratio(b.lifecyclesPerSecond, a.lifecyclesPerSecond) };
}

export async function benchHarness(o: { seconds: number; selftest: boolean; seed?: number; pglite?: boolean; workers?: number }): Promise<HarnessBenchResult> {
  const seed = o.seed ?? DEFAULT_SEED;
  const result: HarnessBenchResult = { explore: await oneProcess('memory', o.seconds, seed) };
  if (o.pglite !== false) result.pglite = await oneProcess('pglite', o.seconds, seed);
  const count = o.workers ?? 2;
  if (count > 1) {
    const w = await workersScaling(count, o.seconds, seed);
    result.workers = { ...w, overInProcess: ratio(w.many.lifecyclesPerSecond, result.explore.lifecyclesPerSecond) };
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
