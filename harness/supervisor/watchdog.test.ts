// The watchdog on real processes. A supervising process SIGKILLed (no handler of its own runs):
// its child's whole group is stopped and its temp dir removed by the watchdog, which then exits.
// A clean stopAll() and a normal exit leave no watchdog behind and it touches nothing. Fed
// directly, it stops only the groups it was told about and still holds.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupAlive, processAlive } from './index.ts';

const FIXTURE = join(import.meta.dirname, 'watchdog.fixture.ts');
const SCRIPT = join(import.meta.dirname, 'watchdog.mjs');

interface Started {
  leader: number;
  grandchild: number;
  dir: string;
  watchdog: number;
}

/** Polls until `cond` holds or the deadline passes (a bound on the wait, not a timed assertion). */
async function eventually(cond: () => boolean, deadlineMs = 20_000): Promise<boolean> {
  const until = performance.now() + deadlineMs;
  while (!cond() && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

function startFixture(mode: 'wait' | 'stop' | 'exit') {
  const p = spawn(process.execPath, ['--import', 'tsx', FIXTURE, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // stderr is shared with the watchdog: it closes once both are gone.
  const stderrClosed = once(p.stderr, 'close');
  const line = async (n: number) => {
    while (out.split('\n').length - 1 <= n) {
      if (p.exitCode !== null || p.signalCode !== null) throw new Error(`the fixture ended early: ${err}`);
      await Promise.race([once(p.stdout, 'data'), once(p, 'exit')]);
    }
    return JSON.parse(out.split('\n')[n]!) as unknown;
  };
  return { p, line, stderr: () => err, stderrClosed };
}

/** Cleans up after a failed assertion, so a broken watchdog leaves no `sleep 300` and no dir behind. */
function sweep(p: ChildProcess, s: Started | undefined) {
  if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  if (!s) return;
  rmSync(s.dir, { recursive: true, force: true });
  for (const pid of [-s.leader, s.watchdog])
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
}

describe('the supervisor watchdog', () => {
  it('stops the child group and removes the temp dir of a SIGKILLed supervising process, then exits', async () => {
    const f = startFixture('wait');
    let s: Started | undefined;
    try {
      s = (await f.line(0)) as Started;
      expect(processAlive(s.grandchild)).toBe(true);
      expect(existsSync(s.dir)).toBe(true);
      expect(processAlive(s.watchdog)).toBe(true);
      f.p.kill('SIGKILL');
      await once(f.p, 'exit');
      const started = s;
      expect(await eventually(() => !groupAlive(started.leader)), 'the child group outlived its SIGKILLed parent').toBe(true);
      expect(processAlive(s.grandchild)).toBe(false);
      expect(await eventually(() => !existsSync(started.dir)), 'the temp dir outlived its SIGKILLed parent').toBe(true);
      expect(await eventually(() => !processAlive(started.watchdog)), 'the watchdog outlived its work').toBe(true);
      await f.stderrClosed;
      expect(f.stderr()).toMatch(new RegExp(`gauntlet watchdog: process ${f.p.pid} died without cleaning up: stopped sh\\+sleep \\(group ${s.leader}\\); removed ${s.dir}`));
    } finally {
      sweep(f.p, s);
    }
  }, 60_000);

  it('is gone after a clean stopAll() while its parent lives on, and touched nothing', async () => {
    const f = startFixture('stop');
    let s: Started | undefined;
    try {
      s = (await f.line(0)) as Started;
      const { after, exited } = (await f.line(1)) as { after: number | null; exited: boolean };
      expect(after).toBeNull();
      expect(exited, 'stopAll() returned before its watchdog exited').toBe(true);
      const started = s;
      expect(await eventually(() => !processAlive(started.watchdog)), 'the watchdog outlived a clean stopAll()').toBe(true);
      expect(f.p.exitCode).toBeNull();
      expect(groupAlive(s.leader)).toBe(false);
      expect(existsSync(s.dir)).toBe(false);
      f.p.kill('SIGKILL');
      await f.stderrClosed;
      expect(f.stderr()).not.toMatch(/watchdog/);
    } finally {
      sweep(f.p, s);
    }
  }, 60_000);

  it('is told "bye" by a normal exit with a child still running: the exit-time last resort did the work', async () => {
    const f = startFixture('exit');
    let s: Started | undefined;
    try {
      s = (await f.line(0)) as Started;
      const [code] = (await once(f.p, 'exit')) as [number | null];
      expect(code).toBe(0);
      const started = s;
      expect(await eventually(() => !processAlive(started.watchdog)), 'the watchdog outlived a normal exit').toBe(true);
      expect(await eventually(() => !groupAlive(started.leader))).toBe(true);
      expect(existsSync(s.dir)).toBe(false);
      await f.stderrClosed;
      expect(f.stderr()).not.toMatch(/watchdog/);
    } finally {
      sweep(f.p, s);
    }
  }, 60_000);

  it('stops only the groups it still holds: one it was told is gone stays untouched', async () => {
    const forgotten = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const held = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-watchdog-test-'));
    const w = spawn(process.execPath, [SCRIPT, String(process.pid), '1000'], { stdio: ['pipe', 'ignore', 'pipe'] });
    try {
      const lines = [
        { op: 'group', pid: held.pid, name: 'held' },
        { op: 'group', pid: forgotten.pid, name: 'forgotten' },
        { op: 'dir', path: dir },
        { op: 'ungroup', pid: forgotten.pid },
      ];
      // The end of its stdin without "bye": what a dead parent looks like.
      w.stdin.end(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
      const [code] = (await once(w, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(await eventually(() => !processAlive(held.pid!))).toBe(true);
      expect(processAlive(forgotten.pid!), 'it killed a group it had been told was gone').toBe(true);
      expect(existsSync(dir)).toBe(false);
    } finally {
      for (const c of [forgotten, held, w]) c.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
