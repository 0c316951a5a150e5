// `gauntlet sim` as a user runs it: a real process, a ready line, real HTTP, a clean stop.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], { stdio: 'pipe' });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /ready (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready: ${err}`)));
  });
  // Tests that expect an early exit never await `ready`.
  ready.catch(() => undefined);
  return { child, ready, output: () => out, errors: () => err };
}

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('gauntlet sim', () => {
  it.each(['stripe', 'adyen'])('serves %s on loopback, with its fault plan, and stops cleanly on SIGTERM', async (dialect) => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-sim-'));
    dirs.push(dir);
    const plan = join(dir, 'plan.json');
    await writeFile(plan, JSON.stringify({ rules: [{ id: 'slow', effect: { type: 'latency', ms: 1 } }] }));
    const sim = start([dialect, '--port', '0', '--seed', '7', '--faults', plan]);
    const url = await sim.ready;
    expect(sim.output()).toContain('seed=7');
    const faults = (await (await fetch(`${url}/__gauntlet/faults`)).json()) as { rules: { id: string }[] };
    expect(faults.rules.map((r) => r.id)).toEqual(['slow']);
    sim.child.kill('SIGTERM');
    const [code] = await once(sim.child, 'exit');
    expect(code).toBe(0);
    expect(sim.output()).toContain(`${dialect} simulator stopped (SIGTERM)`);
  });

  it('refuses an invalid fault plan with the problems listed and exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-sim-'));
    dirs.push(dir);
    const plan = join(dir, 'plan.json');
    await writeFile(plan, JSON.stringify({ rules: [{ effect: { type: 'explode' } }] }));
    const sim = start(['stripe', '--port', '0', '--faults', plan]);
    const [code] = await once(sim.child, 'exit');
    expect(code).toBe(2);
    expect(sim.errors()).toContain('rules[0].effect.type: unknown effect "explode"');
  });

  it('refuses an unknown dialect', async () => {
    const sim = start(['paypal']);
    const [code] = await once(sim.child, 'exit');
    expect(code).toBe(2);
    expect(sim.errors()).toContain('which simulator?');
  });
});
