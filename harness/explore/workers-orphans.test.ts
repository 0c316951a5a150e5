// `explore --workers N` never leaves a child behind, even when its parent is SIGKILLed (no handler
// runs then, and the children lead process groups of their own): each child's stdin is a pipe
// from the parent, its end (the kernel closes it with the parent) makes the child exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../supervisor/index.ts';

const PARENT = join(import.meta.dirname, 'workers-parent.fixture.ts');

async function gone(pids: number[], deadlineMs: number): Promise<number[]> {
  const until = performance.now() + deadlineMs;
  while (pids.some(processAlive) && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(processAlive);
}

describe('explore worker processes when the parent is SIGKILLed', () => {
  it.each(['explore', 'hang'])('leave no child behind (%s)', async (kind) => {
    const p = spawn(process.execPath, ['--import', 'tsx', PARENT, kind], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    while (!out.includes('\n')) {
      const [what] = await Promise.race([once(p.stdout, 'data').then(() => ['data']), once(p, 'exit').then(() => ['exit'])]);
      if (what === 'exit') throw new Error(`the parent fixture ended before starting its workers: ${err}`);
    }
    const { children } = JSON.parse(out.split('\n')[0]!) as { children: number[] };
    expect(children).toHaveLength(2);
    expect(children.every(processAlive), err).toBe(true);
    // Let them load and start (the real explorer is then mid-run); the outcome must be the same either way.
    await new Promise((r) => setTimeout(r, 3_000));
    p.kill('SIGKILL');
    await once(p, 'exit');
    // A deadline for the wait, not a timed assertion: a child that is left stays alive past any of them.
    expect(await gone(children, 20_000), err).toEqual([]);
  }, 60_000);
});
