// The simulation world's seed discipline: same seed, byte-identical history; a (seed, path)
// names one run that replays exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../core/db/index.ts';
import { explore, replay } from './explore.ts';

let db: Db;
beforeAll(async () => {
  db = await openDatabase({ now: () => 0 });
}, 60_000);
afterAll(async () => db?.close());

describe('explore', () => {
  it('gives the same history digest for the same seed, and another for another seed', async () => {
    const a = await explore({ seed: 42, runs: 4, db });
    const b = await explore({ seed: 42, runs: 4, db });
    const c = await explore({ seed: 43, runs: 4, db });
    expect(a.runs).toBe(4);
    expect(a.historyDigest).toBe(b.historyDigest);
    expect(c.historyDigest).not.toBe(a.historyDigest);
    expect(a.violations).toEqual([]);
  }, 120_000);

  it('replays the run a (seed, path) names, byte for byte', async () => {
    const first = await replay({ seed: 42, path: '2', db });
    const again = await replay({ seed: 42, path: '2', db });
    expect(first?.schedule).toEqual(again?.schedule);
    expect(first?.outcome.digest).toBe(again?.outcome.digest);
    expect(first?.outcome.record.history.some((e) => e.type === 'phase' && e.phase === 'liveness')).toBe(true);
  }, 120_000);
});
