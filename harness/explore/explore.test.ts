// The simulation world's seed discipline: same seed, byte-identical history; a (seed, path)
// names one run that replays exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/index.ts';
import fc from 'fast-check';
import type { Schedule } from '../generator/schedule.ts';
import { explore, replay } from './explore.ts';
import { runSchedule } from './run-schedule.ts';
import { openSimStore } from '../worlds/sim-store.ts';

let store: Store;
beforeAll(async () => {
  store = await openSimStore();
}, 60_000);
afterAll(async () => store?.close());

describe('explore', () => {
  it('lets fast-check\'s scheduler decide interleavings: the same steps play out in different orders', async () => {
    // Two captures of the same payment at once: which reaches the core (and the PSP) first is the
    // scheduler's choice, so over a few schedulers both orders appear.
    const steps: Schedule['steps'] = [
      { kind: 'authorize', pay: 0, provider: 'stripe', card: 'approved', capture: 'manual', amount: 1_000 },
      { kind: 'concurrent', a: { kind: 'capture', pay: 0, part: 30 }, b: { kind: 'capture', pay: 0, part: 60 } },
    ];
    const firstToCore = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (interleaving) => {
        const outcome = await runSchedule({ worldSeed: 5, steps, interleaving }, { store });
        const captured = outcome.record.ledger.find((m) => m.kind === 'capture');
        firstToCore.add(String(captured?.amount));
        return outcome.violations.length === 0;
      }),
      { seed: 11, numRuns: 12 },
    );
    expect([...firstToCore].sort()).toEqual(['300', '600']);
  }, 120_000);

  it('gives the same history digest for the same seed, and another for another seed', async () => {
    const a = await explore({ seed: 42, runs: 4, store });
    const b = await explore({ seed: 42, runs: 4, store });
    const c = await explore({ seed: 43, runs: 4, store });
    expect(a.runs).toBe(4);
    expect(a.historyDigest).toBe(b.historyDigest);
    expect(c.historyDigest).not.toBe(a.historyDigest);
    expect(a.violations).toEqual([]);
  }, 120_000);

  it('replays the run a (seed, path) names, byte for byte', async () => {
    const first = await replay({ seed: 42, path: '2', store });
    const again = await replay({ seed: 42, path: '2', store });
    expect(first && { worldSeed: first.schedule.worldSeed, steps: first.schedule.steps }).toEqual(again && { worldSeed: again.schedule.worldSeed, steps: again.schedule.steps });
    // fast-check's scheduler released the same hops in the same order.
    const order = (r: typeof first) => r?.schedule.interleaving?.report().map((t) => t.label);
    expect(order(first)?.length).toBeGreaterThan(0);
    expect(order(first)).toEqual(order(again));
    expect(first?.outcome.digest).toBe(again?.outcome.digest);
    expect(first?.outcome.record.history.some((e) => e.type === 'phase' && e.phase === 'liveness')).toBe(true);
  }, 120_000);
});
