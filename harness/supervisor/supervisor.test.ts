// The supervisor on real processes: a child and what it started go down as one group; stopAll()
// stops everything and refuses new starts; restarts through serial() never overlap; a process
// that installed handleSignals() and gets SIGINT or SIGTERM stops its children, removes its temp
// dirs, runs its report hook and exits 130 or 143.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Supervisor, groupAlive, processAlive, serial } from './index.ts';

const alive = processAlive;

/** A shell that starts a grandchild in its group and prints its pid. */
function shellWithGrandchild(sup: Supervisor) {
  const c = sup.spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], { name: 'sh+sleep' });
  const grandchild = new Promise<number>((resolve) => c.process.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { c, grandchild };
}

describe('supervisor', () => {
  it('stop() takes the whole process group down and resolves once the leader is gone', async () => {
    const sup = new Supervisor();
    const { c, grandchild } = shellWithGrandchild(sup);
    const g = await grandchild;
    expect(alive(g)).toBe(true);
    const exit = await c.stop(2_000);
    expect(exit.signal ?? exit.code).toBeTruthy();
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(g)).toBe(false);
    expect(groupAlive(c.pid)).toBe(false);
    expect(sup.running()).toEqual([]);
  });

  it('stopAll() stops every child, runs the adopted teardowns, removes temp dirs and refuses new starts', async () => {
    const sup = new Supervisor();
    const a = shellWithGrandchild(sup);
    const b = shellWithGrandchild(sup);
    const grandchildren = [await a.grandchild, await b.grandchild];
    const dir = await sup.tempDir('gauntlet-supervisor-test-');
    let released = false;
    sup.adopt('world', async () => void (released = true));
    const report = await sup.stopAll('test', 2_000);
    expect(report.stopped.map((s) => s.pid).sort()).toEqual([a.c.pid, b.c.pid].sort());
    expect(report.removed).toEqual([dir]);
    expect(report.released).toEqual(['world']);
    expect(released).toBe(true);
    expect(existsSync(dir)).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    for (const g of grandchildren) expect(alive(g)).toBe(false);
    expect(() => sup.spawn('sleep', ['1'], { name: 'late' })).toThrow(/shutting down/);
    await expect(sup.tempDir('late-')).rejects.toThrow(/shutting down/);
  });

  it('a spawn that fails (no such binary) is an exit with the reason, not a hang', async () => {
    const sup = new Supervisor();
    const c = sup.spawn('/nonexistent/gauntlet-binary', [], { name: 'missing' });
    const exit = await c.exited;
    expect(exit).toEqual({ code: null, signal: null });
    expect(c.stderr()).toMatch(/ENOENT/);
  });

  it('serial() runs queued tasks one at a time, in order, past a failure', async () => {
    const one = serial();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (i: number, fail = false) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5 * (5 - i)));
      running -= 1;
      order.push(i);
      if (fail) throw new Error(`task ${i}`);
      return i;
    };
    const results = await Promise.allSettled([one(task(1)), one(task(2, true)), one(task(3)), one(task(4))]);
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`handleSignals: on ${signal} the children and temp dirs go, the report hook runs, exit ${code}`, async () => {
      const script = join(import.meta.dirname, 'signals.fixture.ts');
      const p = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      while (!out.includes('\n')) await once(p.stdout, 'data');
      const ready = JSON.parse(out.split('\n')[0]!) as { grandchild: number; leader: number; dir: string };
      expect(alive(ready.grandchild)).toBe(true);
      expect(existsSync(ready.dir)).toBe(true);
      p.kill(signal);
      const [exitCode] = (await once(p, 'exit')) as [number | null];
      expect(exitCode, err).toBe(code);
      expect(out).toContain(`report written after ${signal}`);
      await new Promise((r) => setTimeout(r, 100));
      expect(alive(ready.grandchild)).toBe(false);
      expect(groupAlive(ready.leader)).toBe(false);
      expect(existsSync(ready.dir)).toBe(false);
    }, 30_000);
  }
});
