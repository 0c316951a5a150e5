// The in-memory store stands in for SQL in the simulation world only if a run cannot tell them
// apart: the same schedule gives the same history digest on memory and on PGlite. Storage takes no
// virtual time on either (worlds/sim-store.ts untilStoreIdle), so a difference would be the memory
// engine answering differently (an order, a constraint) from the SQL one.
// Not compared: schedules with a `concurrent` step. Two requests inside the core at once race on
// the storage's real turns (PGlite takes macrotask turns per statement, memory none), and which one
// completes first is decided there, not by fast-check's scheduler; those runs are still checked by
// every invariant on each engine, only their digests may differ (seen: two refused refunds
// answered in the other order).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/index.ts';
import { schedule as scheduleArb, type Schedule } from '../generator/schedule.ts';
import { openSimStore } from '../worlds/sim-store.ts';
import { runSchedule } from './run-schedule.ts';

let memory: Store;
let pglite: Store;
beforeAll(async () => {
  [memory, pglite] = await Promise.all([openSimStore('memory'), openSimStore('pglite')]);
}, 60_000);
afterAll(async () => Promise.all([memory?.close(), pglite?.close()]));

const sequential = (s: Schedule) => !s.steps.some((step) => step.kind === 'concurrent');

/** The same schedules twice (each run consumes its scheduler): one copy for each engine. */
const twice = (seed: number, n: number) => [fc.sample(scheduleArb, { seed, numRuns: n }), fc.sample(scheduleArb, { seed, numRuns: n })] as const;

describe('memory and PGlite stores', () => {
  for (const seed of [3, 20261125]) {
    it(`seed ${seed}: every schedule without concurrent requests has the same history digest`, async () => {
      const [forMemory, forPglite] = twice(seed, 30);
      let compared = 0;
      for (let i = 0; i < forMemory.length; i++) {
        if (!sequential(forMemory[i]!)) continue;
        const m = await runSchedule(forMemory[i]!, { store: memory });
        const p = await runSchedule(forPglite[i]!, { store: pglite });
        expect(m.digest, `schedule ${i}`).toBe(p.digest);
        expect(m.violations).toEqual([]);
        compared += 1;
      }
      expect(compared).toBeGreaterThanOrEqual(3);
    }, 240_000);
  }

  // Known and open: seed 42's schedule 26 (a delayed Stripe authorize under `auto` routing, webhooks,
  // then a wait) reaches its heal 300 ms of virtual time later on memory than on PGlite: the
  // webhook pump's 250 ms sleeps (sim-world withWebhooks) fall differently against the SQL turns.
  // Same events, same order, same final state; only the times after it differ. it.fails turns red
  // once the cause is fixed, so this line is then moved into the loop above.
  it.fails('seed 42 (known difference in virtual time, see above): every sequential schedule has the same digest', async () => {
    const [forMemory, forPglite] = twice(42, 30);
    for (let i = 0; i < forMemory.length; i++) {
      if (!sequential(forMemory[i]!)) continue;
      const m = await runSchedule(forMemory[i]!, { store: memory });
      const p = await runSchedule(forPglite[i]!, { store: pglite });
      expect(m.digest, `schedule ${i}`).toBe(p.digest);
    }
  }, 240_000);

  it('with a mutant: the same failing runs and violations', async () => {
    const [forMemory, forPglite] = twice(7, 30);
    let failing = 0;
    for (let i = 0; i < forMemory.length; i++) {
      if (!sequential(forMemory[i]!)) continue;
      const m = await runSchedule(forMemory[i]!, { store: memory, mutant: 'decline-as-failure' });
      const p = await runSchedule(forPglite[i]!, { store: pglite, mutant: 'decline-as-failure' });
      expect(m.digest, `schedule ${i}`).toBe(p.digest);
      expect(m.violations.map((v) => v.invariant)).toEqual(p.violations.map((v) => v.invariant));
      if (m.violations.length > 0) failing += 1;
    }
    expect(failing).toBeGreaterThan(0);
  }, 300_000);
});
