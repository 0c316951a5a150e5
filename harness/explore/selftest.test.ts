// The harness proves itself in CI: every mutant of the reference core is caught by an invariant,
// simulation-world ones with a short replayable counterexample, the crash-only one by the live
// crash drill; and the correct core passes the very same runs.
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../../core/index.ts';
import { selftest } from './selftest.ts';

describe('selftest', () => {
  it('kills every mutant, each in the world where it is reachable, and passes the correct core', async () => {
    // The slowest mutant needs ~260 runs (54 s on a quiet machine); the limit leaves room for a
    // loaded CI runner, where a mutant cut short by the clock would read as a survivor.
    const report = await selftest({ seed: 20261125, runsPerMutant: 400, timeLimitMs: 150_000 });
    expect(report.mutants.filter((m) => !m.killed).map((m) => m.name)).toEqual([]);
    expect(report.mutants).toHaveLength(MUTANTS.length);
    expect(MUTANTS.length).toBeGreaterThanOrEqual(13);
    for (const m of report.mutants) {
      const { world, drill } = MUTANTS.find((x) => x.name === m.name)!;
      expect(m.counterexampleOps ?? 0, m.name).toBeLessThanOrEqual(8);
      const replay = drill ? new RegExp(`^npx gauntlet drill ${drill} --world sim --seed \\d+ --mutant ${m.name}$`) : world === 'sim' ? /^npx gauntlet replay --seed \d+ --path [\d:]+ --mutant / : /^gauntlet selftest --only no-crash-recovery /;
      expect(m.violation?.replay, m.name).toMatch(replay);
    }
    expect(report.correctCoreViolations).toBe(0);
  }, 1_200_000);
});
