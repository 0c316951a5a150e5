// The harness proves itself in CI: every simulation-world mutant of the reference core is caught
// by an invariant, with a short counterexample, and the correct core passes the same runs.
import { describe, expect, it } from 'vitest';
import { selftest } from './selftest.ts';

describe('selftest', () => {
  it('kills every mutant reachable in the simulation world and passes the correct core', async () => {
    const report = await selftest({ seed: 20261125, runsPerMutant: 400, timeLimitMs: 60_000 });
    const survivors = report.mutants.filter((m) => !m.killed && !m.skipped).map((m) => m.name);
    expect(survivors).toEqual([]);
    expect(report.mutants.filter((m) => m.killed).length).toBeGreaterThanOrEqual(13);
    for (const m of report.mutants.filter((x) => x.killed)) {
      expect(m.counterexampleOps, m.name).toBeLessThanOrEqual(8);
      expect(m.violation?.replay, m.name).toMatch(/^npx gauntlet replay --seed \d+ --path [\d:]+ --mutant /);
    }
    expect(report.mutants.filter((m) => m.skipped).map((m) => m.name)).toEqual(['no-crash-recovery']);
    expect(report.correctCoreViolations).toBe(0);
  }, 600_000);
});
