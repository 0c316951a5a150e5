// The parent's side of watchdog.mjs: one small process per supervising process, started lazily
// with the first child or temp dir, told of each process group and temp dir as it is registered
// and as it goes, over a pipe that is its stdin. If this process dies without cleaning up
// (SIGKILL, the OOM killer, a crash that skips every handler) the kernel closes the pipe and the
// watchdog stops the recorded groups and removes the recorded dirs. Whenever nothing is recorded
// any more (a clean stopAll(), or every child gone), and at every exit that runs handlers, it is
// told "bye" and ends, so it is never left behind by a normal exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));
/** A watchdog that dies under us (someone killed it) is replaced at most this many times. */
const MAX_RESTARTS = 3;

type Message = { op: 'group'; pid: number; name: string } | { op: 'ungroup'; pid: number } | { op: 'dir'; path: string } | { op: 'undir'; path: string } | { op: 'bye' };

export interface WatchdogOptions {
  /** Grace between the SIGTERM and the SIGKILL of an orphaned group (default 3 s). */
  graceMs?: number;
}

export class Watchdog {
  readonly #groups = new Map<number, string>();
  readonly #dirs = new Set<string>();
  readonly #graceMs: number;
  #proc: ChildProcess | undefined;
  /** Watchdogs told "bye" that have not exited yet. */
  readonly #retiring = new Set<Promise<void>>();
  #restarts = 0;
  #warned = false;

  constructor(o: WatchdogOptions = {}) {
    this.#graceMs = o.graceMs ?? 3_000;
  }

  /** The watchdog's pid while one runs (tests look for it). */
  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  /**
   * Starts the watchdog now if none runs, so that the child about to be spawned is recorded
   * within microseconds of its start, not after a node process started (a SIGKILL in between
   * would orphan it).
   */
  prepare(): void {
    if (!this.#proc) this.#start();
  }

  group(pid: number, name: string): void {
    if (!(pid > 0)) return this.#retireIfIdle(); // the spawn failed: prepare() may have started one for nothing
    this.#groups.set(pid, name);
    this.#send({ op: 'group', pid, name });
  }

  ungroup(pid: number): void {
    if (!this.#groups.delete(pid)) return;
    this.#send({ op: 'ungroup', pid });
    this.#retireIfIdle();
  }

  dir(path: string): void {
    this.#dirs.add(path);
    this.#send({ op: 'dir', path });
  }

  undir(path: string): void {
    if (!this.#dirs.delete(path)) return;
    this.#send({ op: 'undir', path });
    this.#retireIfIdle();
  }

  /**
   * "bye" and the end of its stdin: it exits without touching anything. Synchronous enough for an
   * exit handler: a short write to a pipe with room goes to the kernel within write().
   */
  retire(): void {
    const p = this.#proc;
    if (!p) return;
    this.#proc = undefined;
    if (p.exitCode === null && p.signalCode === null) {
      const exited: Promise<void> = new Promise<void>((resolve) => p.once('exit', () => resolve())).finally(() => this.#retiring.delete(exited));
      this.#retiring.add(exited);
    }
    this.#write(p, { op: 'bye' });
    p.stdin?.end();
  }

  /**
   * Resolves once every watchdog told "bye" has exited (or after `deadlineMs`): stopAll() awaits
   * it, so a CLI that ends through stopAll() has no watchdog left at its own exit.
   */
  async settled(deadlineMs = 2_000): Promise<void> {
    if (this.#retiring.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#retiring), new Promise((r) => (timer = setTimeout(r, deadlineMs)))]).finally(() => clearTimeout(timer));
  }

  #retireIfIdle(): void {
    if (this.#groups.size === 0 && this.#dirs.size === 0) this.retire();
  }

  #send(m: Message): void {
    if (this.#proc) this.#write(this.#proc, m);
    else this.#start(); // it is told the whole state at its start, `m` included
  }

  #write(p: ChildProcess, m: Message): void {
    p.stdin?.write(`${JSON.stringify(m)}\n`);
  }

  #start(): void {
    // NODE_OPTIONS off: a loader the parent runs under (tsx) would only slow the watchdog's start.
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const p = spawn(process.execPath, [SCRIPT, String(process.pid), String(this.#graceMs)], {
      // stderr shared: it says what it cleaned up. stdout not held: `$(gauntlet …)` ends with us.
      stdio: ['pipe', 'ignore', 'inherit'],
      env,
      // Its own session: a terminal's Ctrl-C or hangup, meant for us, must not take it first.
      detached: true,
    });
    // Neither it nor its pipe may keep this process alive.
    p.unref();
    (p.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    // Writing to a watchdog that died (EPIPE) is its exit's story, below.
    p.stdin?.on('error', () => undefined);
    const gone = () => {
      if (this.#proc !== p) return; // retired: it was meant to go
      this.#proc = undefined;
      if (this.#groups.size === 0 && this.#dirs.size === 0) return;
      if (this.#restarts < MAX_RESTARTS) {
        this.#restarts += 1;
        this.#start();
      } else if (!this.#warned) {
        this.#warned = true;
        process.stderr.write(`gauntlet: the supervisor's watchdog keeps dying; a SIGKILL of this process (${process.pid}) would now leave its children running\n`);
      }
    };
    p.once('exit', gone);
    p.once('error', gone);
    this.#proc = p;
    for (const [pid, name] of this.#groups) this.#write(p, { op: 'group', pid, name });
    for (const path of this.#dirs) this.#write(p, { op: 'dir', path });
  }
}

/** The process's watchdog, shared by every Supervisor in it. */
export const watchdog = new Watchdog();
