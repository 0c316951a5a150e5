// The drill threads change when a drill runs, never what it finds: the same drills, run on two
// threads at once and in this process one after the other, give the same verdicts and history
// digests (including a mutant the drill catches, so a failing result crosses the thread too).
import { afterAll, describe, expect, it } from 'vitest';
import { findDrill } from '../../scenarios/index.ts';
import { openSimStore } from '../worlds/sim-store.ts';
import { runDrill } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import { openSimDrillPool } from './sim-drill-pool.ts';

const pool = openSimDrillPool({ threads: 2 });
afterAll(() => pool.close());

async function inProcess(name: string, seed: number, mutant?: string) {
  const store = await openSimStore('memory');
  try {
    return await runDrill(findDrill(name), await simDrillWorld({ seed, store, ...(mutant ? { mutant } : {}) }), { seed });
  } finally {
    await store.close();
  }
}

describe('sim drill threads', () => {
  it('give the results the drills give in process: same verdicts, same history digests', async () => {
    const jobs = [
      { name: 'webhook-storm', seed: 7 },
      { name: 'capture-timeout-after-commit', seed: 7 },
      { name: 'decline-mix', seed: 7, mutant: 'decline-as-failure' },
    ];
    const threaded = await Promise.all(jobs.map((j) => pool.run({ drill: findDrill(j.name), seed: j.seed, ...(j.mutant ? { mutant: j.mutant } : {}) })));
    for (const [i, j] of jobs.entries()) {
      const local = await inProcess(j.name, j.seed, j.mutant);
      expect([threaded[i]!.drill, threaded[i]!.verdict, threaded[i]!.historyDigest]).toEqual([local.drill, local.verdict, local.historyDigest]);
      expect(threaded[i]!.violations.length).toBe(local.violations.length);
    }
    expect(threaded.map((r) => r.verdict)).toEqual(['pass', 'pass', 'fail']);
  }, 120_000);

  it('a drill that throws on its thread fails that drill with the reason, and the thread serves the next one', async () => {
    const broken = { ...findDrill('flaky-5xx'), traffic: null } as unknown as ReturnType<typeof findDrill>;
    await expect(pool.run({ drill: broken, seed: 1 })).rejects.toThrow();
    expect((await pool.run({ drill: findDrill('rate-limit-storm'), seed: 1 })).verdict).toBe('pass');
  }, 120_000);
});
