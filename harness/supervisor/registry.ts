// The registry of everything the harness started that would outlive it: child processes (each the
// leader of its own group), temp directories, and in-process resources with an async stop (a
// world's teardown). stopAll() stops the lot, newest first, and refuses new starts while it runs,
// so a restart racing the shutdown cannot leave a fresh process behind. On any exit of this
// process (normal end, process.exit, an uncaught exception, a signal nobody handles) a
// synchronous last resort SIGKILLs every group still alive and removes the temp directories:
// signal-exit runs it however the process ends, short of its own SIGKILL. For that one (and the
// OOM killer, a crash past every handler) each group and temp dir is also recorded with the
// process's watchdog (watchdog.ts), which stops and removes them once this process is gone.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from 'signal-exit';
import { type SpawnOptions, type SupervisedChild, spawnChild } from './child.ts';
import { type Watchdog, watchdog as processWatchdog } from './watchdog.ts';

export interface StopReport {
  /** Children that were still running and were stopped. */
  stopped: { name: string; pid: number }[];
  /** Temp directories removed. */
  removed: string[];
  /** Resources (world teardowns) run. */
  released: string[];
  errors: string[];
}

interface Resource {
  name: string;
  stop: () => Promise<void>;
}

/** Thrown by spawn()/tempDir() once the supervisor is stopping: nothing new may start. */
export class SupervisorClosedError extends Error {
  constructor(what: string) {
    super(`not starting ${what}: the harness is shutting down`);
  }
}

export interface SupervisorOptions {
  /** Who learns of each group and temp dir, to stop them if this process dies unannounced. */
  watchdog?: Watchdog;
}

export class Supervisor {
  readonly #watchdog: Watchdog;
  readonly #children = new Set<SupervisedChild>();
  readonly #dirs = new Set<string>();
  readonly #resources = new Set<Resource>();
  #closing: string | undefined;
  #hooked = false;

  constructor(o: SupervisorOptions = {}) {
    this.#watchdog = o.watchdog ?? processWatchdog;
  }

  /** Spawns `command` as the leader of its own process group and tracks it until it exits. */
  spawn(command: string, args: readonly string[], o: SpawnOptions): SupervisedChild {
    if (this.#closing) throw new SupervisorClosedError(o.name);
    this.#hook();
    this.#watchdog.prepare();
    const child = spawnChild(command, args, o);
    this.#children.add(child);
    this.#watchdog.group(child.pid, o.name);
    void child.exited.then(() => {
      // After child.ts swept the group (its then() runs first): nothing of it is left to stop.
      this.#children.delete(child);
      this.#watchdog.ungroup(child.pid);
    });
    return child;
  }

  /** A fresh directory under the system temp dir, removed by removeTempDir(), stopAll() or at exit. */
  async tempDir(prefix: string): Promise<string> {
    if (this.#closing) throw new SupervisorClosedError(`a temp directory ${prefix}`);
    this.#hook();
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.#dirs.add(dir);
    this.#watchdog.dir(dir);
    return dir;
  }

  async removeTempDir(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
    this.#dirs.delete(dir);
    this.#watchdog.undir(dir);
  }

  /**
   * Something in this process to stop on shutdown (a live world's teardown: its proxies, servers,
   * database). Returns the way to unregister it once it stopped by itself.
   */
  adopt(name: string, stop: () => Promise<void>): () => void {
    const r: Resource = { name, stop };
    this.#resources.add(r);
    return () => void this.#resources.delete(r);
  }

  /** Children still running (spawn order). */
  running(): SupervisedChild[] {
    return [...this.#children].filter((c) => !c.exit());
  }

  tempDirs(): string[] {
    return [...this.#dirs];
  }

  /** Whether stopAll() began: nothing new may start. */
  get closing(): string | undefined {
    return this.#closing;
  }

  /**
   * Stops everything: the adopted resources (newest first, each within `graceMs`), then every
   * child still running (SIGTERM to its group, SIGKILL after `graceMs`), then the temp dirs.
   * New starts are refused from here on (`reason` says why); reopen() allows them again.
   */
  async stopAll(reason = 'stopping', graceMs = 5_000): Promise<StopReport> {
    this.#closing = reason;
    const report: StopReport = { stopped: [], removed: [], released: [], errors: [] };
    for (const r of [...this.#resources].reverse()) {
      this.#resources.delete(r);
      try {
        await withDeadline(r.stop(), graceMs * 2, `${r.name} did not stop within ${graceMs * 2} ms`);
        report.released.push(r.name);
      } catch (err) {
        report.errors.push(`${r.name}: ${(err as Error).message}`);
      }
    }
    await Promise.all(
      [...this.#children].reverse().map(async (c) => {
        if (c.exit()) return;
        report.stopped.push({ name: c.name, pid: c.pid });
        try {
          await c.stop(graceMs);
        } catch (err) {
          report.errors.push((err as Error).message);
        }
      }),
    );
    for (const dir of [...this.#dirs]) {
      try {
        await this.removeTempDir(dir);
        report.removed.push(dir);
      } catch (err) {
        report.errors.push(`${dir}: ${(err as Error).message}`);
      }
    }
    // Nothing registered any more: the watchdog was told "bye"; it is gone before we return.
    await this.#watchdog.settled();
    return report;
  }

  /** After stopAll(): accept starts again (tests that share one process). */
  reopen(): void {
    this.#closing = undefined;
  }

  /** The last resort: SIGKILL every group still alive, remove the temp dirs; no waiting. */
  killAllSync(): void {
    for (const c of this.#children) {
      c.killNow();
      // SIGKILLed: nothing the watchdog could still do for it (and its pid may be reused).
      this.#watchdog.ungroup(c.pid);
    }
    for (const dir of this.#dirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // nothing more can be done at exit
      }
      this.#watchdog.undir(dir);
    }
    this.#dirs.clear();
  }

  #hook(): void {
    if (this.#hooked) return;
    this.#hooked = true;
    onExit(() => this.killAllSync());
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** The process-wide supervisor: every child the harness starts goes through it. */
export const supervisor = new Supervisor();
