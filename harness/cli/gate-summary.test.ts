import { describe, expect, it } from 'vitest';
import type { GateDrill, GateReport } from '../../reports/index.ts';
import { gateReplayCommand, gateSummaryLines } from './gate-summary.ts';

const violation = { invariant: 'no-double-money', paymentId: 'pay-3', explanation: 'captured twice at the PSP', timeline: ['t+0ms invoke capture'], seed: 42, path: '16:0:0', replay: 'npx gauntlet replay --seed 42 --path 16:0:0 --mutant webhook-no-dedupe' };

function report(parts: Partial<GateReport>): GateReport {
  return { startedAt: '2026-06-01T09:00:00.000Z', durationMs: 12_345, verdict: 'fail', sut: 'reference core as mutant webhook-no-dedupe', contracts: [], exploration: null, drills: [], errors: [], notes: [], ...parts };
}

// Only what the summary reads of a drill.
function failedDrill(parts: Partial<GateDrill>): GateDrill {
  return { drill: 'webhook-storm', world: 'sim', seed: 42, verdict: 'fail', payments: 30, violations: [{}], criteria: [], shortfalls: [], ...parts } as unknown as GateDrill;
}

describe('gate summary', () => {
  it("prints each exploration violation's invariant, payment and replay command", () => {
    const exploration = { runs: 2, lifecycles: 156, violations: [violation] } as unknown as NonNullable<GateReport['exploration']>;
    const lines = gateSummaryLines(report({ exploration }), { seed: 42, budgetMs: 120_000, mutant: 'webhook-no-dedupe' });
    const at = lines.findIndex((l) => l.includes('exploration  2 runs, 156 lifecycles, 1 violation(s)'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toContain('[no-double-money] pay-3: captured twice at the PSP');
    expect(lines[at + 2]).toContain('replay: npx gauntlet replay --seed 42 --path 16:0:0 --mutant webhook-no-dedupe');
  });

  it("a failed drill's replay names the mutant, and the drill file it came from", () => {
    const lines = gateSummaryLines(report({ drills: [failedDrill({}), failedDrill({ drill: 'x', source: 'mine/x.json' })] }), { seed: 42, budgetMs: 120_000, mutant: 'webhook-no-dedupe' });
    expect(lines).toContain('               replay: npx gauntlet drill webhook-storm --world sim --seed 42 --mutant webhook-no-dedupe');
    expect(lines).toContain('               replay: npx gauntlet drill mine/x.json --world sim --seed 42 --mutant webhook-no-dedupe');
  });

  it("a live drill against the user's service names the driver and world file", () => {
    const lines = gateSummaryLines(report({ drills: [failedDrill({ world: 'live' })] }), { seed: 42, budgetMs: 120_000, driver: 'my-driver.ts', worldFile: 'world.json' });
    expect(lines).toContain('               replay: npx gauntlet drill webhook-storm --world live --seed 42 --driver my-driver.ts --world-file world.json');
  });

  it('the whole gate replays with everything that chose what it ran', () => {
    expect(gateReplayCommand({ seed: 7 })).toBe('npx gauntlet gate --seed 7');
    expect(gateReplayCommand({ seed: 7, drills: 'a,b', mutant: 'capture-race', driver: 'd.ts', worldFile: 'w.json', storage: 'pglite', criteria: 'c.json' })).toBe('npx gauntlet gate --seed 7 --drills a,b --mutant capture-race --driver d.ts --world-file w.json --storage pglite --criteria c.json');
  });
});
