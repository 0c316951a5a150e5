// The budget's planning on a fake clock: no test here depends on how fast this machine is.
import { describe, expect, it } from 'vitest';
import { GateBudget, planLine, seconds } from './budget.ts';

function fakeClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('gate budget', () => {
  it('starts drills while their measured mean fits in what is left less the exploration floor, then stops for good', async () => {
    const c = fakeClock();
    const b = new GateBudget({ budgetMs: 30_000, now: c.now, explorationFloorMs: 2_000 });
    await b.phase('contracts', async () => c.advance(5_000));
    const started: number[] = [];
    for (let i = 0; i < 10; i++) {
      const go = b.canStartDrill('sim');
      if (!go.start) {
        // 5 s + 5 × 4 s = 25 s spent; 5 s left less the 2 s floor = 3 s < the 4 s a drill takes.
        expect(go.why).toBe('25 s of the 30 s budget spent, a sim drill takes ~4 s, 2 s kept for exploration\'s floor');
        break;
      }
      started.push(i);
      await b.phase('drills', async () => c.advance(4_000));
      b.drillRan('sim', 4_000);
    }
    expect(started).toEqual([0, 1, 2, 3, 4]);
    // Once stopped, no later drill of that world starts, even if time were to be found.
    expect(b.canStartDrill('sim').start).toBe(false);
    // The other world runs beside it and decides on its own estimate (nothing measured yet: it starts).
    expect(b.canStartDrill('live').start).toBe(true);
    expect(b.phases()).toEqual({ contracts: 5_000, drills: 20_000, exploration: 0 });
  });

  it('estimates each world from its own drills (a live drill costs more than a sim one)', () => {
    const c = fakeClock();
    const b = new GateBudget({ budgetMs: 100_000, now: c.now, explorationFloorMs: 0 });
    b.drillRan('sim', 1_000);
    b.drillRan('sim', 3_000);
    b.drillRan('live', 20_000);
    expect(b.drillEstimate('sim')).toBe(2_000);
    expect(b.drillEstimate('live')).toBe(20_000);
    c.advance(85_000);
    expect(b.canStartDrill('sim').start).toBe(true);
    expect(b.canStartDrill('live').start).toBe(false);
  });

  it('gives exploration the remainder, or reports it not run when even its floor does not fit', async () => {
    const c = fakeClock();
    const b = new GateBudget({ budgetMs: 60_000, now: c.now, explorationFloorMs: 2_000 });
    await b.phase('contracts', async () => c.advance(6_000));
    await b.phase('drills', async () => c.advance(30_000));
    expect(b.exploration()).toEqual({ ms: 24_000 });
    // Its slice, when the budget leaves more; what is left, when less.
    expect(b.exploration(10_000)).toEqual({ ms: 10_000 });
    expect(b.exploration(30_000)).toEqual({ ms: 24_000 });

    const tight = new GateBudget({ budgetMs: 60_000, now: c.now, explorationFloorMs: 2_000 });
    await tight.phase('contracts', async () => c.advance(6_000));
    await tight.phase('drills', async () => c.advance(52_500));
    expect(tight.exploration()).toEqual({ ms: null, why: 'exploration not run: budget 60 s spent by contracts (6 s) and drills (52.5 s), 1.5 s left, under its floor of 2 s' });
  });

  it('counts a phase that throws', async () => {
    const c = fakeClock();
    const b = new GateBudget({ budgetMs: 10_000, now: c.now });
    await expect(
      b.phase('contracts', async () => {
        c.advance(700);
        throw new Error('pact broker down');
      }),
    ).rejects.toThrow('pact broker down');
    expect(b.phases().contracts).toBe(700);
  });

  it('prints the plan', () => {
    expect(planLine(60_000, { contractsMs: 6_200, sim: { drills: 16, drillMs: 1_900, threads: 2 }, live: { drills: 1, drillMs: 20_000 }, explorationMs: 10_000 })).toBe(
      'budget 60 s: contracts ~6 s beside 16 sim drills ~15 s on 2 threads beside 1 live drill ~20 s, then exploration 10 s',
    );
    expect(planLine(60_000, { contractsMs: 6_200, sim: { drills: 0, drillMs: 1_900, threads: 0 }, live: { drills: 2, drillMs: 20_000 }, explorationMs: Infinity })).toBe('budget 60 s: contracts ~6 s beside 2 live drills ~40 s, then exploration the rest');
    // A user's service (or --exploration 0s): no exploration to promise.
    expect(planLine(60_000, { contractsMs: 6_200, sim: { drills: 0, drillMs: 1_900, threads: 0 }, live: { drills: 2, drillMs: 20_000 }, explorationMs: 0 })).toBe('budget 60 s: contracts ~6 s beside 2 live drills ~40 s; no exploration');
    expect(seconds(2_500)).toBe('2.5 s');
  });
});

describe('gate budget priors', () => {
  it("expects a world's first drill to cost its prior, scaled by how the other world's drills compared with theirs", () => {
    const c = fakeClock();
    const b = new GateBudget({ budgetMs: 60_000, now: c.now, explorationFloorMs: 0, drillPriorsMs: { sim: 2_000, live: 20_000 } });
    expect(b.drillEstimate('sim')).toBe(2_000);
    expect(b.drillEstimate('live')).toBe(20_000);
    // This machine ran the sim drills at twice their prior: the first live drill is expected at 40 s.
    b.drillRan('sim', 4_000);
    expect(b.drillEstimate('live')).toBe(40_000);
    c.advance(25_000);
    const go = b.canStartDrill('live');
    expect(go).toEqual({ start: false, why: '25 s of the 60 s budget spent, a live drill takes ~40 s' });
  });
});
