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
  // Seed 42's schedule 26 once differed here: an operation that was over still waited out its
  // webhook pump's 250 ms sleep on memory (answered within a turn) and not on PGlite (still busy);
  // the pump's sleep now ends with the work (sim-world withWebhooks).
  for (const seed of [3, 42, 20261125]) {
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
