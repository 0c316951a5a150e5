// The CLI under a signal mid live drill: `gauntlet drill sut-crash-mid-capture --world live` (real
// toxiproxy-server, the core as its own process SIGKILLed and restarted twice), SIGINT once the
// drill's traffic runs, SIGTERM (another run) once the core was restarted. Afterwards: the CLI
// exited 130/143 and said it was interrupted, no process it started is left (by pid, by process
// group, by command line), no port the world listened on is still listening, the PGlite temp dir
// is gone. And SIGKILL (no handler runs): the supervisor's watchdog stops and removes the same.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupAlive, procStat, processAlive, signalGroup } from './index.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/gauntlet.js');

/** Every live process below `pid` (children, grandchildren...), from /proc. */
function descendants(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const st = procStat(Number(e));
    if (!st || st.state === 'Z') continue;
    byParent.set(st.ppid, [...(byParent.get(st.ppid) ?? []), Number(e)]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of byParent.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Whether `pid`'s command line contains `needle`. */
function cmdlineHas(pid: number, needle: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(needle);
  } catch {
    return false;
  }
}

/** The world's processes below the CLI: its descendants but the supervisor's watchdog. */
const worldProcesses = (pid: number) => descendants(pid).filter((p) => !cmdlineHas(p, 'supervisor/watchdog.mjs'));

/** Live processes whose command line contains `needle`. */
function processesMatching(needle: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(needle) && processAlive(Number(e))) out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Local TCP ports in LISTEN state (/proc/net/tcp and tcp6). */
function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') ports.add(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

const portOf = (hostPort: string) => Number(hostPort.split(':').pop());

interface Seen {
  cli: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

function startDrill(seed: number): Seen {
  const cli = spawn(process.execPath, [BIN, 'drill', 'sut-crash-mid-capture', '--world', 'live', '--seed', String(seed)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TOXIPROXY_URL: '' },
  });
  let out = '';
  let err = '';
  cli.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  cli.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => cli.once('exit', (code, signal) => resolve([code, signal])));
  return { cli, stdout: () => out, stderr: () => err, exited };
}

async function until(what: string, cond: () => boolean, seen: Seen, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (seen.cli.exitCode !== null) throw new Error(`the CLI exited (${seen.cli.exitCode}) before ${what}:\n${seen.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms:\n${seen.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gauntlet drill --world live under a signal', () => {
  for (const [signal, code, when, seed] of [
    ['SIGINT', 130, 'the drill traffic running', 11],
    ['SIGTERM', 143, 'the core restarted by the first SIGKILL fault', 12],
  ] as const) {
    it(`${signal} with ${when}: exit ${code}, no process, no listening port, no temp dir left`, async () => {
      const seen = startDrill(seed);
      try {
        const ready = when.includes('restarted') ? () => /core restarted/.test(seen.stderr()) : () => /^\s+safety\s+t=/m.test(seen.stderr());
        await until(when, ready, seen, 90_000);
        // Both toxiproxy-server and a core up (a SIGKILL fault may be between two cores).
        await until('toxiproxy-server and a core as children', () => worldProcesses(seen.cli.pid!).length >= 2, seen, 30_000);

        // What the world is made of, just before the signal.
        const toxiproxyUrl = /\[world\] toxiproxy \S+ \(binary\) (http:\/\/\S+)/.exec(seen.stderr())?.[1];
        const dbDir = /db pglite (\S+)\)/.exec(seen.stderr())?.[1];
        expect(toxiproxyUrl, seen.stderr()).toBeDefined();
        expect(dbDir, seen.stderr()).toBeDefined();
        const proxies = (await (await fetch(`${toxiproxyUrl}/proxies`)).json()) as Record<string, { listen: string; upstream: string }>;
        const ports = [portOf(toxiproxyUrl!), ...Object.values(proxies).flatMap((p) => [portOf(p.listen), portOf(p.upstream)])];
        const listening = listeningPorts();
        expect(ports.filter((p) => listening.has(p)).length, 'the world listens before the signal').toBeGreaterThanOrEqual(5);
        // The watchdog included: it must be gone too.
        const children = descendants(seen.cli.pid!);
        expect(worldProcesses(seen.cli.pid!).length, 'toxiproxy-server and the core run as children').toBeGreaterThanOrEqual(2);
        expect(existsSync(dbDir!)).toBe(true);

        seen.cli.kill(signal);
        let timer: NodeJS.Timeout | undefined;
        const [exitCode] = await Promise.race([
          seen.exited,
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the CLI did not exit within 60 s of ${signal}:\n${seen.stderr()}`)), 60_000))),
        ]).finally(() => clearTimeout(timer));

        expect(exitCode, seen.stderr()).toBe(code);
        expect(seen.stdout()).toContain(`INTERRUPTED by ${signal}`);
        await new Promise((r) => setTimeout(r, 200));
        expect(children.filter(processAlive), 'a child of the CLI is still running').toEqual([]);
        expect(children.filter(groupAlive), 'a process group of the CLI is still alive').toEqual([]);
        expect(processesMatching(dbDir!), 'a core on the drill database is still running').toEqual([]);
        expect(processesMatching(`-port ${portOf(toxiproxyUrl!)}`), 'toxiproxy-server is still running').toEqual([]);
        const still = listeningPorts();
        expect(ports.filter((p) => still.has(p)), 'a port of the world is still listening').toEqual([]);
        expect(existsSync(dbDir!), 'the PGlite temp dir is still there').toBe(false);
      } finally {
        // A failed assertion before the signal: still stop it the way that cleans up.
        if (seen.cli.exitCode === null) {
          seen.cli.kill('SIGTERM');
          const t = setTimeout(() => seen.cli.kill('SIGKILL'), 30_000);
          await seen.exited;
          clearTimeout(t);
        }
      }
    }, 180_000);
  }

  it('SIGKILL with the drill traffic running: the watchdog leaves no process, no listening port, no temp dir', async () => {
    const seen = startDrill(13);
    let children: number[] = [];
    let dbDir: string | undefined;
    try {
      await until('the drill traffic running', () => /^\s+safety\s+t=/m.test(seen.stderr()), seen, 90_000);
      await until('toxiproxy-server and a core as children', () => worldProcesses(seen.cli.pid!).length >= 2, seen, 30_000);
      const toxiproxyUrl = /\[world\] toxiproxy \S+ \(binary\) (http:\/\/\S+)/.exec(seen.stderr())?.[1];
      dbDir = /db pglite (\S+)\)/.exec(seen.stderr())?.[1];
      expect(toxiproxyUrl, seen.stderr()).toBeDefined();
      expect(dbDir, seen.stderr()).toBeDefined();
      const proxies = (await (await fetch(`${toxiproxyUrl}/proxies`)).json()) as Record<string, { listen: string; upstream: string }>;
      // toxiproxy's own port and its listen ports die with it; the upstreams are the CLI's in-process servers.
      const ports = [portOf(toxiproxyUrl!), ...Object.values(proxies).map((p) => portOf(p.listen))];
      children = descendants(seen.cli.pid!);
      expect(children.some((p) => cmdlineHas(p, 'supervisor/watchdog.mjs')), 'a watchdog runs beside the world').toBe(true);
      expect(existsSync(dbDir!)).toBe(true);

      seen.cli.kill('SIGKILL');
      const [, signal] = await seen.exited;
      expect(signal).toBe('SIGKILL');
      // A bound on the wait (SIGTERM, a grace, SIGKILL), not a timed assertion: what is left stays.
      const clean = () =>
        !children.some(processAlive) &&
        !children.some(groupAlive) &&
        processesMatching(dbDir!).length === 0 &&
        !existsSync(dbDir!) &&
        !ports.some((p) => listeningPorts().has(p));
      const until2 = Date.now() + 30_000;
      while (!clean() && Date.now() < until2) await new Promise((r) => setTimeout(r, 100));
      expect(children.filter(processAlive), 'a child of the CLI outlived its SIGKILL').toEqual([]);
      expect(children.filter(groupAlive), 'a process group of the CLI outlived its SIGKILL').toEqual([]);
      expect(processesMatching(dbDir!), 'a core on the drill database outlived the CLI').toEqual([]);
      expect(processesMatching(`-port ${portOf(toxiproxyUrl!)}`), 'toxiproxy-server outlived the CLI').toEqual([]);
      expect(ports.filter((p) => listeningPorts().has(p)), 'a port of the world is still listening').toEqual([]);
      expect(existsSync(dbDir!), 'the PGlite temp dir outlived the CLI').toBe(false);
      // Its report comes on the stderr it shares with the CLI, once it is done.
      const said = () => /gauntlet watchdog: /.test(seen.stderr());
      const until3 = Date.now() + 10_000;
      while (!said() && Date.now() < until3) await new Promise((r) => setTimeout(r, 100));
      expect(seen.stderr()).toMatch(new RegExp(`gauntlet watchdog: process ${seen.cli.pid} died without cleaning up: stopped .*toxiproxy-server.*core`));
    } finally {
      if (seen.cli.exitCode === null && seen.cli.signalCode === null) seen.cli.kill('SIGKILL');
      // A failed run leaves nothing either: what the watchdog should have stopped, by pid and group.
      for (const pid of children.filter(processAlive)) signalGroup(pid, 'SIGKILL');
      if (dbDir) rmSync(dbDir, { recursive: true, force: true });
    }
  }, 180_000);
});
