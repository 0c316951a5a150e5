// The harness's own speed: payment lifecycles checked per second in the simulation world on the
// reference core, and how fast and how small the mutants' counterexamples are.
import { explore } from '../explore/explore.ts';
import { selftest, type SelftestReport } from '../explore/selftest.ts';

export interface HarnessBenchResult {
  explore: { seconds: number; runs: number; lifecycles: number; lifecyclesPerSecond: number };
  selftest?: { killed: number; survived: number; medianTimeToKillMs: number | null; maxCounterexampleOps: number | null; report: SelftestReport };
}

export async function benchHarness(o: { seconds: number; selftest: boolean; seed?: number }): Promise<HarnessBenchResult> {
  const seed = o.seed ?? 20261125;
  const e = await explore({ seed, runs: 1_000_000, timeLimitMs: o.seconds * 1000 });
  const result: HarnessBenchResult = { explore: { seconds: o.seconds, runs: e.runs, lifecycles: e.lifecycles, lifecyclesPerSecond: e.lifecyclesPerSecond } };
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
