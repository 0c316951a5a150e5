// One supervised child process: spawned as the leader of its own process group, its exit always
// observed, its output's tail kept for error messages, stopped by signalling the whole group
// (SIGTERM, then SIGKILL after a grace period) and always awaited. The streams are closed once
// it is gone, so a child that exited never keeps the harness's event loop alive.
import { type ChildProcess, spawn } from 'node:child_process';
import { groupAlive, signalGroup } from './process-group.ts';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** What it is, for messages and for the leak report (e.g. "core", "toxiproxy-server"). */
  name: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdin: ignored (default), or a pipe the caller writes (vegeta's targets). */
  stdin?: 'ignore' | 'pipe';
  /** stdout: piped and its tail kept (default), or ignored. */
  stdout?: 'pipe' | 'ignore';
  /** How much of stdout and stderr to keep (default 64 KiB each). */
  tailBytes?: number;
  /** Default grace between SIGTERM and SIGKILL for stop() (default 10 s). */
  graceMs?: number;
}

export interface SupervisedChild {
  readonly name: string;
  /** -1 when the spawn itself failed (the error is on stderr() and the exit is already there). */
  readonly pid: number;
  /** The underlying process, for its stdin/stdout streams. */
  readonly process: ChildProcess;
  /** Settles when the leader has exited, however it ended (a spawn error counts as an exit). */
  readonly exited: Promise<ChildExit>;
  exit(): ChildExit | undefined;
  /** Whether the end was asked for through stop() or kill(). */
  readonly stopRequested: boolean;
  stdout(): string;
  stderr(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader is gone and the group swept. */
  stop(graceMs?: number): Promise<ChildExit>;
  /** SIGKILL to the group, as a crash; resolves once the leader is gone. */
  kill(): Promise<ChildExit>;
  /** Synchronous last resort (process exit): SIGKILL to the group, no waiting. */
  killNow(): void;
}

/** How long to wait for a SIGKILLed leader to be reaped before calling it stuck. */
const KILL_DEADLINE_MS = 10_000;

export function spawnChild(command: string, args: readonly string[], o: SpawnOptions): SupervisedChild {
  const child = spawn(command, args, {
    stdio: [o.stdin ?? 'ignore', o.stdout ?? 'pipe', 'pipe'],
    ...(o.env ? { env: o.env } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
    // Own process group: the group can be signalled as one, and a terminal's Ctrl-C reaches only us.
    detached: true,
  });
  const tail = o.tailBytes ?? 64 * 1024;
  let out = '';
  let err = '';
  let exitInfo: ChildExit | undefined;
  let stopRequested = false;
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString('utf8')).slice(-tail)));
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-tail)));
  // A broken stdin pipe (the child exited while we wrote) is the exit's story, not a crash.
  child.stdin?.on('error', () => undefined);
  const pid = child.pid ?? -1;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once('error', (e) => {
      // spawn failed (ENOENT, EACCES): no 'exit' follows
      err += `\n${e.message}`;
      exitInfo ??= { code: null, signal: null };
      resolve(exitInfo);
    });
  });
  void exited.then(() => {
    // Whatever the leader left in its group (it was asked to go, or it died) goes with it.
    if (pid > 0 && groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.stdin?.destroy();
  });

  const waitExit = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (exitInfo) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      void exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  const signal = (s: NodeJS.Signals) => {
    if (!exitInfo && pid > 0) signalGroup(pid, s);
  };
  const killAndWait = async () => {
    signal('SIGKILL');
    if (!(await waitExit(KILL_DEADLINE_MS))) throw new Error(`${o.name} (pid ${pid}) did not exit after SIGKILL`);
    return exitInfo!;
  };

  return {
    name: o.name,
    pid,
    process: child,
    exited,
    exit: () => exitInfo,
    get stopRequested() {
      return stopRequested;
    },
    stdout: () => out,
    stderr: () => err,
    async stop(graceMs = o.graceMs ?? 10_000) {
      stopRequested = true;
      signal('SIGTERM');
      if (await waitExit(graceMs)) return exitInfo!;
      return killAndWait();
    },
    async kill() {
      stopRequested = true;
      return killAndWait();
    },
    killNow() {
      if (pid > 0 && (!exitInfo || groupAlive(pid))) signalGroup(pid, 'SIGKILL');
    },
  };
}

export function describeChildExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
}
