// The in-memory store stands in for SQL in the simulation world only if nothing a run records can
// tell them apart: the same seed gives the same per-run history digests on memory and on PGlite
// (an ordering difference between the engines would show here as a differing digest). With a
// mutant too, so a failing run and its shrink are compared, not only passing ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/index.ts';
import { openSimStore } from '../worlds/sim-store.ts';
import { explorePart } from './explore.ts';

let memory: Store;
let pglite: Store;
beforeAll(async () => {
  [memory, pglite] = await Promise.all([openSimStore('memory'), openSimStore('pglite')]);
}, 60_000);
afterAll(async () => Promise.all([memory?.close(), pglite?.close()]));

const digests = async (store: Store, o: { seed: number; runs: number; mutant?: string }) => {
  const { report, part } = await explorePart({ ...o, store });
  return {
    runs: part.runLog.map((r) => `${r.k}:${r.digest}`),
    shrink: part.shrinkLog.map((r) => r.digest),
    history: report.historyDigest,
    violations: report.violations.map((v) => `${v.invariant} ${v.path}`),
    counterexampleOps: report.counterexampleOps,
  };
};

describe('memory and PGlite stores', () => {
  for (const seed of [3, 42, 20261125]) {
    it(`seed ${seed}: the same per-run digests`, async () => {
      const m = await digests(memory, { seed, runs: 6 });
      const p = await digests(pglite, { seed, runs: 6 });
      expect(m.runs).toHaveLength(6);
      expect(m.violations).toEqual([]);
      expect(m).toEqual(p);
    }, 180_000);
  }

  it('with a mutant: the same failing run, shrink and violation', async () => {
    const o = { seed: 7, runs: 8, mutant: 'decline-as-failure' };
    const m = await digests(memory, o);
    const p = await digests(pglite, o);
    expect(m.violations.length).toBeGreaterThan(0);
    expect(m).toEqual(p);
  }, 300_000);
});
