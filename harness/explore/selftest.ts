// The harness proves itself: every built-in mutant of the reference core (one classic payment
// bug each) must be caught, and the correct core must pass the very same runs.
import { MUTANTS } from '../../core/index.ts';
import { openDatabase } from '../../core/db/index.ts';
import { explore, type ReportedViolation } from './explore.ts';

export interface MutantResult {
  name: string;
  description: string;
  killed: boolean;
  timeToKillMs: number | null;
  runs: number;
  counterexampleOps: number | null;
  invariant: string | null;
  /** Why it was not run here (a mutant only reachable in the live world). */
  skipped?: string;
  violation?: ReportedViolation;
}

export interface SelftestReport {
  seed: number;
  mutants: MutantResult[];
  correctCoreViolations: number;
  correctCoreRuns: number;
}

export async function selftest(o: { seed: number; runsPerMutant: number; timeLimitMs: number; only?: string[]; onMutant?: (r: MutantResult) => void }): Promise<SelftestReport> {
  const db = await openDatabase({ now: () => 0 });
  const mutants: MutantResult[] = [];
  try {
    for (const m of MUTANTS) {
      if (o.only && !o.only.includes(m.name)) continue;
      if (m.world !== 'sim') {
        const r: MutantResult = { name: m.name, description: m.description, killed: false, timeToKillMs: null, runs: 0, counterexampleOps: null, invariant: null, skipped: `reachable only in the ${m.world} world (see harness/live/crash.test.ts)` };
        mutants.push(r);
        o.onMutant?.(r);
        continue;
      }
      const started = performance.now();
      const report = await explore({ seed: o.seed, runs: o.runsPerMutant, timeLimitMs: o.timeLimitMs, mutant: m.name, db });
      const first = report.violations[0];
      const r: MutantResult = {
        name: m.name,
        description: m.description,
        killed: report.violations.length > 0,
        timeToKillMs: report.violations.length ? Math.round(performance.now() - started) : null,
        runs: report.runs,
        counterexampleOps: report.counterexampleOps ?? null,
        invariant: first?.invariant ?? null,
        ...(first ? { violation: first } : {}),
      };
      mutants.push(r);
      o.onMutant?.(r);
    }
    const correct = await explore({ seed: o.seed, runs: o.runsPerMutant, timeLimitMs: o.timeLimitMs, db });
    return { seed: o.seed, mutants, correctCoreViolations: correct.violations.length, correctCoreRuns: correct.runs };
  } finally {
    await db.close();
  }
}
