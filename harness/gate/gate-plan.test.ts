// The gate's plan end to end with parts of known cost on a fake clock: what runs at once, which
// drills start, what is reported not run and why, the verdict and exit code, and exploration's share. Real speed plays
// no part (gate.test.ts runs the real parts, on budgets that leave nothing unrun).
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATE_EXIT, htmlReport, junitXml, writeAllureResults } from '../../reports/index.ts';
import type { Store } from '../../core/index.ts';
import type { ExploreOptions, ExploreReport } from '../explore/explore.ts';
import type { DrillResult } from '../drill/run-drill.ts';
import type { Drill } from '../../scenarios/index.ts';
import { runGate, type GateParts, type LiveDrillHooks } from './gate.ts';
import { notRunDrill } from './not-run.ts';

const SIM_DRILLS = ['capture-timeout-after-commit', 'decline-mix', 'flaky-5xx', 'webhook-forgery', 'webhook-storm'];

/**
 * A fake clock for parts that run at once: each part sleeps its cost; when every part is waiting,
 * time jumps to the earliest wake-up (after the promises in flight have settled: setImmediate).
 */
function fakeClock() {
  let t = 0;
  const timers: { at: number; wake: () => void }[] = [];
  let ticking = false;
  const tick = () => {
    ticking = false;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return;
    t = next.at;
    next.wake();
    schedule();
  };
  const schedule = () => {
    if (ticking || timers.length === 0) return;
    ticking = true;
    setImmediate(tick);
  };
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: t + ms, wake });
        schedule();
      }),
  };
}

/** Parts that cost what they are told on a fake clock, and record what the gate asked of them. */
function fakeParts(cost: { contractsMs: number; drillMs: number; liveDrillMs?: number }, verdicts: Record<string, DrillResult['verdict']> = {}) {
  const clock = fakeClock();
  const asked: { drills: string[]; explore?: ExploreOptions; explores: ExploreOptions[]; drillStarts: number[] } = { drills: [], explores: [], drillStarts: [] };
  // A live drill starts its world (a tenth of its time), plays its faults (safety, then heal: to
  // half its time), then checks.
  const drill = (world: 'sim' | 'live', ms: number) => async (d: Drill, _o: unknown, hooks: LiveDrillHooks = {}) => {
    asked.drills.push(d.name);
    asked.drillStarts.push(clock.now());
    await clock.sleep(ms / 10);
    await hooks.beforeTraffic?.();
    const onPhase = hooks.onPhase;
    onPhase?.('safety');
    await clock.sleep((ms * 4) / 10);
    onPhase?.('liveness');
    await clock.sleep(ms / 2);
    const verdict = verdicts[d.name] ?? 'pass';
    return { ...notRunDrill(d, world, 1, ''), notRun: undefined, verdict, passed: verdict === 'pass' } as DrillResult;
  };
  const parts: Partial<GateParts> = {
    contracts: async () => {
      await clock.sleep(cost.contractsMs);
      return [{ pactFile: 'p.json', consumer: 'c', provider: 'stripe', baseUrl: 'http://x', ok: true, interactions: [{ description: 'i', states: [], ok: true, mismatches: [] }] }];
    },
    openStore: async () => ({ close: async () => undefined }) as unknown as Store,
    simDrill: drill('sim', cost.drillMs),
    liveDrill: drill('live', cost.liveDrillMs ?? cost.drillMs),
    explore: async (o) => {
      asked.explore = o;
      asked.explores.push(o);
      await clock.sleep(o.timeLimitMs ?? 0);
      return { seed: o.seed, runs: 7, shrinkRuns: 0, lifecycles: 21, durationMs: o.timeLimitMs ?? 0, lifecyclesPerSecond: 1, historyDigest: 'd', violations: [] } satisfies ExploreReport;
    },
  };
  return { parts, asked, now: clock.now };
}

// No priors: each world's first drill starts on nothing measured (budget.test.ts tests the priors).
const base = { seed: 1, startedAt: '2026-11-25T00:00:00.000Z', drills: SIM_DRILLS, explorationFloorMs: 2_000, drillPriorsMs: {} };

describe('gate budget plan', () => {
  it('a drill that would start past the budget is not run, with the reason, and the gate is incomplete (exit 4), not error', async () => {
    const f = fakeParts({ contractsMs: 5_000, drillMs: 4_000 });
    // The drills start with the contracts (t = 0), one after another on one thread: 4 drills = 16 s;
    // 4 s left less the 2 s floor cannot hold a fifth 4 s drill.
    const r = await runGate({ ...base, budgetMs: 20_000, parts: f.parts, now: f.now });
    expect(f.asked.drills).toEqual(SIM_DRILLS.slice(0, 4));
    expect(f.asked.drillStarts).toEqual([0, 4_000, 8_000, 12_000]);
    expect(r.drills.map((d) => [d.drill, d.verdict])).toEqual([...SIM_DRILLS.slice(0, 4).map((n) => [n, 'pass']), ['webhook-storm', 'not_run']]);
    const why = 'no room left in the 20 s budget for more sim drills: 4 of 5 started (16 s of the 20 s budget spent, a sim drill takes ~4 s, 2 s kept for exploration\'s floor)';
    expect(r.drills[4]!.notRun).toBe(why);
    expect(r.notRun).toEqual([`1 drill(s) not run: ${why}`]);
    expect(r.errors).toEqual([]);
    expect(r.verdict).toBe('incomplete');
    expect(GATE_EXIT[r.verdict]).toBe(4);
    expect(r.drills.slice(0, 4).map((d) => d.wallMs)).toEqual([4_000, 4_000, 4_000, 4_000]);
    // Exploration still got what was left (less than its 10 s slice): its floor was kept.
    expect(f.asked.explores.map((e) => e.timeLimitMs)).toEqual([1_000, 3_000]);
    expect(r.phases).toEqual({ contracts: 5_000, drills: 16_000, exploration: 4_000 });
    expect(r.durationMs).toBe(20_000);
  });

  it('a failing drill with a not-run one is a fail', async () => {
    const f = fakeParts({ contractsMs: 5_000, drillMs: 4_000 }, { 'decline-mix': 'fail' });
    const r = await runGate({ ...base, budgetMs: 20_000, parts: f.parts, now: f.now });
    expect(r.drills.filter((d) => d.verdict === 'not_run')).toHaveLength(1);
    expect(r.verdict).toBe('fail');
  });

  it('exploration takes its slice of what the contracts and drills left, after every drill ran; the budget is a ceiling', async () => {
    const f = fakeParts({ contractsMs: 6_000, drillMs: 3_000 });
    const r = await runGate({ ...base, budgetMs: 60_000, parts: f.parts, now: f.now });
    expect(f.asked.drills).toEqual(SIM_DRILLS);
    // A quarter of it runs the seed's first runs with the core on PGlite (its SQL stays under test),
    // the rest on the in-memory store, same seed.
    expect(f.asked.explores.map((e) => [e.storage ?? 'store', e.timeLimitMs, e.seed])).toEqual([
      ['pglite', 2_500, base.seed],
      ['store', 7_500, base.seed],
    ]);
    expect(f.asked.explores[0]!.store).toBeDefined();
    expect(f.asked.explores[1]!.store).toBeDefined();
    expect(r.exploration?.sql?.storage).toBe('pglite');
    expect(r.verdict).toBe('pass');
    expect(r.notRun).toEqual([]);
    expect(r.budget).toEqual({ ms: 60_000, explorationFloorMs: 2_000, explorationMs: 10_000 });
    expect(r.phases).toEqual({ contracts: 6_000, drills: 15_000, exploration: 10_000 });
    // Done when the work is done, not when the budget is: 15 s of drills beside the contracts, 10 s of exploration.
    expect(r.durationMs).toBe(25_000);

    // Asked to, exploration takes everything that is left.
    const all = fakeParts({ contractsMs: 6_000, drillMs: 3_000 });
    const rest = await runGate({ ...base, budgetMs: 60_000, explorationMs: Infinity, parts: all.parts, now: all.now });
    expect(rest.budget?.explorationMs).toBe(45_000);
    expect(rest.durationMs).toBe(60_000);
  });

  it('runs the contracts, the live drills and the simulation drills (on their threads) together; a live drill plays its faults after the contracts, and no sim drill starts meanwhile', async () => {
    const f = fakeParts({ contractsMs: 5_000, drillMs: 4_000, liveDrillMs: 20_000 });
    const r = await runGate({ ...base, drills: [...SIM_DRILLS, 'sut-crash-mid-capture'], drillThreads: 2, budgetMs: 60_000, parts: f.parts, now: f.now });
    // The live world is up at 2 s, its faults wait for the contracts (5 s) and play until 13 s: the
    // sim drill due at 8 s waits until then.
    expect(f.asked.drills.map((d, i) => [d, f.asked.drillStarts[i]])).toEqual([
      ['sut-crash-mid-capture', 0],
      ['capture-timeout-after-commit', 0],
      ['decline-mix', 0],
      ['flaky-5xx', 4_000],
      ['webhook-forgery', 4_000],
      ['webhook-storm', 13_000],
    ]);
    // Reported in the planned order (simulation drills, then live), whatever order they ended in.
    expect(r.drills.map((d) => [d.drill, d.world, d.verdict, d.wallMs])).toEqual([
      ...SIM_DRILLS.map((n) => [n, 'sim', 'pass', 4_000]),
      ['sut-crash-mid-capture', 'live', 'pass', 23_000],
    ]);
    expect(r.phases).toEqual({ contracts: 5_000, drills: 23_000, exploration: 10_000 });
    expect(r.durationMs).toBe(33_000);
    expect(r.verdict).toBe('pass');
  });

  it("a world whose next drill does not fit stops alone: the other world's drills still run", async () => {
    const f = fakeParts({ contractsMs: 1_000, drillMs: 2_000 });
    const r = await runGate({ ...base, drills: [...SIM_DRILLS.slice(0, 2), 'sut-crash-mid-capture'], budgetMs: 30_000, drillPriorsMs: { live: 100_000 }, parts: f.parts, now: f.now });
    expect(f.asked.drills).toEqual(SIM_DRILLS.slice(0, 2));
    expect(r.drills.map((d) => [d.drill, d.verdict])).toEqual([
      ['capture-timeout-after-commit', 'pass'],
      ['decline-mix', 'pass'],
      ['sut-crash-mid-capture', 'not_run'],
    ]);
    expect(r.notRun).toEqual(["1 drill(s) not run: no room left in the 30 s budget for more live drills: 0 of 1 started (0 s of the 30 s budget spent, a live drill takes ~100 s, 2 s kept for exploration's floor)"]);
    expect(r.verdict).toBe('incomplete');
  });

  it('a violation found with the core on PGlite fails the gate, and the reports say it was on PGlite', async () => {
    const f = fakeParts({ contractsMs: 1_000, drillMs: 1_000 });
    const memory = f.parts.explore!;
    f.parts.explore = async (o) => {
      const r = await memory(o);
      if (o.storage !== 'pglite') return r;
      return { ...r, violations: [{ invariant: 'no-double-money', paymentId: 'pay_sql', explanation: 'captured twice', timeline: [], seed: o.seed, path: '3', replay: 'npx gauntlet replay --seed 1 --path 3 --storage pglite' }] };
    };
    const r = await runGate({ ...base, drills: SIM_DRILLS.slice(0, 1), budgetMs: 20_000, parts: f.parts, now: f.now });
    expect(r.exploration?.violations).toEqual([]);
    expect(r.verdict).toBe('fail');
    expect(junitXml(r)).toMatch(/<testcase name="explore seed 1 on PGlite"[^>]*>\s*<failure message="1 violation\(s\): \[no-double-money\] pay_sql"/);
    expect(htmlReport(r)).toContain('(core on PGlite)');
  });

  it('--exploration 0s skips exploration with a note: no run on PGlite or in memory, and not incomplete', async () => {
    const f = fakeParts({ contractsMs: 1_000, drillMs: 1_000 });
    const r = await runGate({ ...base, drills: SIM_DRILLS.slice(0, 1), budgetMs: 20_000, explorationMs: 0, parts: f.parts, now: f.now });
    expect(f.asked.explores).toEqual([]);
    expect(r.exploration).toBeNull();
    expect(r.notes).toContain('exploration skipped: --exploration 0s');
    expect(r.notRun).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it("exploration below its floor is reported not run with the reason; every drill ran, still incomplete", async () => {
    // The contracts overran: the first drill starts on nothing measured, the rest on its mean.
    const f = fakeParts({ contractsMs: 6_000, drillMs: 3_000 });
    const r = await runGate({ ...base, drills: SIM_DRILLS.slice(0, 2), budgetMs: 10_000, explorationFloorMs: 5_000, parts: f.parts, now: f.now });
    expect(r.drills.map((d) => d.verdict)).toEqual(['pass', 'not_run']);
    expect(f.asked.explore).toBeUndefined();
    expect(r.exploration).toBeNull();
    expect(r.notRun).toEqual([
      "1 drill(s) not run: no room left in the 10 s budget for more sim drills: 1 of 2 started (3 s of the 10 s budget spent, a sim drill takes ~3 s, 5 s kept for exploration's floor)",
      'exploration not run: budget 10 s spent by contracts (6 s) and drills (3 s), 4 s left, under its floor of 5 s',
    ]);
    expect(r.verdict).toBe('incomplete');
  });

  it('the reports render not-run drills and exploration: JUnit <skipped>, the HTML label and the budget section', async () => {
    const f = fakeParts({ contractsMs: 5_000, drillMs: 4_000 });
    const r = await runGate({ ...base, budgetMs: 9_000, explorationFloorMs: 3_000, parts: f.parts, now: f.now });
    expect(r.drills.map((d) => d.verdict)).toEqual(['pass', 'not_run', 'not_run', 'not_run', 'not_run']);
    const junit = junitXml(r);
    expect(junit).toContain('<skipped message="not run: no room left in the 9 s budget for more sim drills: 1 of 5 started');
    expect(junit.match(/<skipped message="not run: /g)).toHaveLength(4);
    expect(junit).not.toContain('<error');
    const html = htmlReport(r);
    expect(html).toContain('badge v-not_run');
    expect(html).toContain('NOT RUN');
    expect(html).toContain('<span class="badge incomplete verdict">INCOMPLETE</span>');
    expect(html).toContain('id="budget"');
    expect(html).toContain('4 not run');
    // Allure: each not-run drill skipped, its reason the message, tagged so a team can filter them.
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-gate-plan-'));
    try {
      await writeAllureResults(r, dir);
      const files = (await readdir(join(dir, 'allure-results'))).filter((f) => f.endsWith('-result.json'));
      const results = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, 'allure-results', f), 'utf8')) as { name: string; status: string; statusDetails?: { message?: string }; labels: { name: string; value: string }[] }));
      const notRun = results.filter((x) => x.labels.some((l) => l.name === 'tag' && l.value === 'not run'));
      expect(notRun.map((x) => [x.name, x.status]).sort()).toEqual(SIM_DRILLS.slice(1).map((n) => [`drill ${n}`, 'skipped']));
      expect(notRun[0]!.statusDetails?.message).toMatch(/^not run: no room left in the 9 s budget for more sim drills: 1 of 5 started/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
