// The live world end to end: real processes, real Toxiproxy, SIGKILL of the core, then the same
// checkers as the simulation world. The correct core must pass.
import { describe, expect, it } from 'vitest';
import { runLive } from './run-live.ts';

describe('gauntlet run --generated', () => {
  it('runs a workload under real faults and finds the correct core clean', async () => {
    const report = await runLive({ seed: 3, durationMs: 8_000 });
    expect(report.operations).toBeGreaterThan(5);
    expect(report.lifecycles).toBeGreaterThan(1);
    expect(report.faults).toBeGreaterThan(0);
    expect(report.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
  }, 180_000);
});
