// The gate's progress as a terminal and as a CI log see it: a fake stream that says it is a TTY or
// not, and a wall clock the test moves.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DrillResult } from '../drill/run-drill.ts';
import { drillLine } from './gate.ts';
import { gateLogStep, gateProgress, type GateStep } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, columns: 120, write: (s: string) => writes.push(s) }, writes };
}

/** A gate's life in steps, the clock moving between them. */
function play(steps: Array<[number, GateStep]>, isTTY: boolean) {
  const { stream, writes } = fakeStream(isTTY);
  let t = 1_000;
  const p = gateProgress({ stream, now: () => t, budgetMs: 180_000, redrawMs: 0 });
  const statuses: string[] = [];
  for (const [at, step] of steps) {
    t = 1_000 + at;
    p.step(step);
    statuses.push(p.status());
  }
  p.close();
  return { writes, statuses, out: writes.join('') };
}

const LIFE: Array<[number, GateStep]> = [
  [0, { kind: 'plan', drills: 2, line: 'budget 180.0 s: contracts ~15.0 s beside 2 sim drills ~5.0 s on 2 threads, then exploration 10.0 s' }],
  [0, { kind: 'phase-start', phase: 'contracts', line: 'contracts: verifying the committed pacts' }],
  [100, { kind: 'drill-start', drill: 'webhook-storm', world: 'sim' }],
  [200, { kind: 'drill-start', drill: 'decline-mix', world: 'sim' }],
  [1_900, { kind: 'drill-end', drill: 'webhook-storm', world: 'sim', verdict: 'pass', wallMs: 1_800, virtualMs: 35_500 }],
  [2_500, { kind: 'drill-end', drill: 'decline-mix', world: 'sim', verdict: 'pass', wallMs: 2_300, virtualMs: 41_300 }],
  [14_000, { kind: 'phase-end', phase: 'contracts', line: 'contracts: gauntlet-core→stripe ok' }],
  [14_000, { kind: 'phase-start', phase: 'exploration', line: 'exploration: up to 10.0 s' }],
  [24_000, { kind: 'phase-end', phase: 'exploration', line: 'exploration: 120 runs, 2400 lifecycles, 0 violation(s)' }],
];

describe('gate progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('not on a terminal (CI): one plain line as each step starts and ends, no escape codes, no rewriting', () => {
    const { out, writes } = play(LIFE, false);
    expect(out).not.toMatch(/[\r\x1b]/);
    expect(writes.every((w) => w.endsWith('\n'))).toBe(true);
    const lines = out.trimEnd().split('\n');
    expect(lines).toEqual([
      '[gate]   0.0 s  budget 180.0 s: contracts ~15.0 s beside 2 sim drills ~5.0 s on 2 threads, then exploration 10.0 s',
      '[gate]   0.0 s  contracts: verifying the committed pacts',
      '[gate]   0.1 s  drill 1/2 webhook-storm (sim): started',
      '[gate]   0.2 s  drill 2/2 decline-mix (sim): started',
      '[gate]   1.9 s  drill 1/2 webhook-storm (sim): pass (1.8 s wall, 35.5 s simulated)',
      '[gate]   2.5 s  drill 2/2 decline-mix (sim): pass (2.3 s wall, 41.3 s simulated)',
      '[gate]  14.0 s  contracts: gauntlet-core→stripe ok',
      '[gate]  14.0 s  exploration: up to 10.0 s',
      '[gate]  24.0 s  exploration: 120 runs, 2400 lifecycles, 0 violation(s)',
    ]);
  });

  it('on a terminal: the lines scroll and one status line below them is rewritten in place', () => {
    const { writes, statuses, out } = play(LIFE, true);
    // Every status write starts by erasing the line it replaces, and carries no newline.
    const status = writes.filter((w) => !w.endsWith('\n'));
    expect(status.length).toBeGreaterThanOrEqual(LIFE.length);
    for (const s of status) expect(s.startsWith('\r\x1b[2K')).toBe(true);
    // A scrolling line first erases the status line under it, so the two never mix.
    const lines = writes.filter((w) => w.endsWith('\n'));
    expect(lines.slice(1).every((w) => w.startsWith('\r\x1b[2K[gate]'))).toBe(true);
    // What the status said while the drills ran: phase, drill n of m, wall time elapsed, the running drills, the last drill's simulated time labelled so.
    expect(statuses[3]).toBe('[gate] 0.2 s elapsed of 180.0 s budget (wall) · contracts + drills · drills 0/2 done · running webhook-storm (sim), decline-mix (sim)');
    expect(statuses[4]).toBe('[gate] 1.9 s elapsed of 180.0 s budget (wall) · contracts + drills · drills 1/2 done · running decline-mix (sim) · last: webhook-storm pass (1.8 s wall, 35.5 s simulated)');
    expect(statuses[7]).toContain('14.0 s elapsed of 180.0 s budget (wall) · exploration · drills 2/2 done');
    // Closing erases the status line: the summary that follows starts on a clean line.
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('cuts the status line to the terminal width, so it never wraps (a wrapped line cannot be rewritten)', () => {
    const { stream, writes } = fakeStream(true);
    stream.columns = 40;
    const p = gateProgress({ stream, now: () => 0, redrawMs: 0 });
    p.step({ kind: 'drill-start', drill: 'a-very-long-drill-name-indeed', world: 'live' });
    p.close();
    for (const w of writes.filter((x) => !x.endsWith('\n'))) expect(w.replace('\r\x1b[2K', '').length).toBeLessThanOrEqual(39);
  });

  it('takes a terminal that does not say its width (0) as 100 columns, not as 20', () => {
    const { stream, writes } = fakeStream(true);
    stream.columns = 0;
    const p = gateProgress({ stream, now: () => 0, budgetMs: 180_000, redrawMs: 0 });
    p.step({ kind: 'drill-start', drill: 'webhook-storm', world: 'sim' });
    p.close();
    expect(writes.filter((x) => !x.endsWith('\n')).at(-2)).toBe('\r\x1b[2K[gate] 0.0 s elapsed of 180.0 s budget (wall) · drills · running webhook-storm (sim)');
  });

  it('moves the elapsed time on a terminal between steps, and stops when closed', () => {
    vi.useFakeTimers();
    const { stream, writes } = fakeStream(true);
    let t = 0;
    const p = gateProgress({ stream, now: () => t, redrawMs: 1000 });
    t = 3_000;
    vi.advanceTimersByTime(1000);
    expect(writes.at(-1)).toContain('3.0 s elapsed (wall)');
    p.close();
    const n = writes.length;
    vi.advanceTimersByTime(5000);
    expect(writes.length).toBe(n);
  });

  it('reads the steps from the gate’s own log lines', () => {
    const drill = (verdict: DrillResult['verdict']) => ({ drill: 'webhook-storm', world: 'sim', verdict, payments: 12, violations: [], shortfalls: ['x never fired'], criteria: [{ criterion: 'maxPlatformFailureRate', ok: false }], notApplicable: 'no webhooks' }) as unknown as DrillResult;
    expect(gateLogStep(`${drillLine(drill('pass'))} (0.8 s)`)).toMatchObject({ kind: 'drill-end', drill: 'webhook-storm', world: 'sim', verdict: 'pass', wallMs: 800 });
    // A simulation drill's line says its simulated time apart from its wall time (gate.ts).
    expect(gateLogStep(`${drillLine(drill('pass'))} (0.8 s wall, 35.5 s simulated)`)).toMatchObject({ kind: 'drill-end', verdict: 'pass', wallMs: 800, virtualMs: 35_500 });
    expect(gateLogStep(`${drillLine(drill('below_threshold'))} (1.2 s)`)).toMatchObject({ kind: 'drill-end', verdict: 'BELOW THRESHOLD', wallMs: 1200 });
    expect(gateLogStep(`${drillLine(drill('vacuous'))} (1.2 s)`)).toMatchObject({ kind: 'drill-end', verdict: 'VACUOUS' });
    expect(gateLogStep(drillLine(drill('not_applicable')))).toMatchObject({ kind: 'drill-end', verdict: 'NOT APPLICABLE' });
    // The plan, in the gate's words before and after its drills ran in parallel lanes.
    expect(gateLogStep('budget 180.0 s: contracts ~15.0 s, 17 drills ~62.0 s, exploration the rest')).toMatchObject({ kind: 'plan', drills: 17 });
    expect(gateLogStep('budget 180.0 s: contracts ~15.0 s beside 16 sim drills ~20.0 s on 2 threads beside 1 live drill ~22.0 s, then exploration 10.0 s')).toMatchObject({ kind: 'plan', drills: 17 });
    expect(gateLogStep('contracts: verifying the committed pacts')).toEqual({ kind: 'phase-start', phase: 'contracts', line: 'contracts: verifying the committed pacts' });
    expect(gateLogStep('contracts: gauntlet-core→stripe ok')).toMatchObject({ kind: 'phase-end', phase: 'contracts' });
    expect(gateLogStep('drills: 3 sim drill(s) not run — budget 60.0 s spent')).toMatchObject({ kind: 'drills-not-run', count: 3 });
    expect(gateLogStep('exploration: up to 10.0 s')).toMatchObject({ kind: 'phase-start', phase: 'exploration' });
    expect(gateLogStep('exploration on PGlite: 25 runs, 500 lifecycles, 0 violation(s)')).toMatchObject({ kind: 'note' });
    expect(gateLogStep('exploration: 120 runs, 2400 lifecycles, 0 violation(s)')).toMatchObject({ kind: 'phase-end', phase: 'exploration' });
  });

  it('numbers the drills it learns of from the gate’s lines, n of m', () => {
    const { stream, writes } = fakeStream(false);
    const p = gateProgress({ stream, now: () => 0, redrawMs: 0 });
    p.log('budget 180.0 s: contracts ~15.0 s, 2 drills ~5.0 s, exploration the rest');
    p.log('drill webhook-storm (sim): pass — 12 payments, 0 violation(s) (0.8 s)');
    p.log('drill decline-mix (sim): FAIL — 12 payments, 1 violation(s) (0.9 s)');
    expect(writes.slice(1).map((w) => w.slice(16).trimEnd())).toEqual(['drill 1/2 webhook-storm (sim): pass — 12 payments, 0 violation(s) (0.8 s)', 'drill 2/2 decline-mix (sim): FAIL — 12 payments, 1 violation(s) (0.9 s)']);
  });

  it('runs a gate with a fake drill on a fake clock: a start line for each drill, its end line with wall and simulated time labelled', async () => {
    const { runGate } = await import('./gate.ts');
    const { stream, writes } = fakeStream(false);
    let t = 0;
    const live = gateProgress({ stream, now: () => t, redrawMs: 0 });
    const fake = { verdict: 'pass', drill: 'decline-mix', world: 'sim', seed: 1, payments: 3, violations: [], shortfalls: [], criteria: [], durationMs: 35_500 } as unknown as DrillResult;
    await runGate({
      seed: 1,
      budgetMs: 600_000,
      startedAt: 'now',
      drills: ['decline-mix'],
      explorationMs: 1,
      now: () => t,
      log: (line) => live.log(line),
      progress: (step) => live.step(step),
      parts: {
        contracts: async () => [],
        openStore: async () => ({ close: async () => undefined }) as never,
        simDrill: async () => {
          t += 800;
          return fake;
        },
        explore: async (x) => ({ seed: x.seed, runs: 0, shrinkRuns: 0, lifecycles: 0, durationMs: 0, lifecyclesPerSecond: 0, historyDigest: '', violations: [] }),
      },
    });
    live.close();
    const lines = writes.join('').split('\n').map((l) => l.slice(16));
    expect(lines).toContain('drill 1/1 decline-mix (sim): started');
    expect(lines).toContain('drill 1/1 decline-mix (sim): pass — 3 payments, 0 violation(s) (0.8 s wall, 35.5 s simulated)');
  });
});

describe('gate progress numbering', () => {
  it('a drill keeps the number it started with, whichever drill ends first', () => {
    const { out } = play(
      [
        [0, { kind: 'plan', drills: 2, line: 'budget 180.0 s: 2 sim drills' }],
        [100, { kind: 'drill-start', drill: 'capture-timeout-after-commit', world: 'sim' }],
        [200, { kind: 'drill-start', drill: 'webhook-storm', world: 'sim' }],
        [900, { kind: 'drill-end', drill: 'webhook-storm', world: 'sim', verdict: 'pass' }],
        [1_900, { kind: 'drill-end', drill: 'capture-timeout-after-commit', world: 'sim', verdict: 'pass' }],
      ],
      false,
    );
    const lines = out.trimEnd().split('\n').map((l) => l.slice(16));
    expect(lines.slice(1)).toEqual(['drill 1/2 capture-timeout-after-commit (sim): started', 'drill 2/2 webhook-storm (sim): started', 'drill 2/2 webhook-storm (sim): pass', 'drill 1/2 capture-timeout-after-commit (sim): pass']);
  });
});
