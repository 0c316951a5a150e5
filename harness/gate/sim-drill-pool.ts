// The gate's simulation-world drills on worker threads. A sim drill is pure CPU (virtual clock, in-
// process network), so on the gate's main thread it would starve what must stay responsive while it
// runs: the simulators the pact verifier and the live drill talk to over real sockets. On threads
// the drills run beside them, on as many cores as the machine gives this process. Each drill's
// result is the same on any thread (its world empties the thread's store first), so the pool
// changes when a drill runs, never what it finds (sim-drill-pool.test.ts compares the digests).
// Supervised: a signal stops the threads; a thread that dies fails its drill, with the reason.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { supervisor as defaultSupervisor, type Supervisor } from '../supervisor/index.ts';
import type { DrillResult } from '../drill/run-drill.ts';
import type { SimStorage } from '../worlds/sim-store.ts';
import type { DrillJob, FromDrillThread } from './sim-drill-protocol.ts';

export type SimDrillJob = Omit<DrillJob, 'type' | 'id'>;

export interface SimDrillPool {
  readonly threads: number;
  /** Runs the drill on the next free thread. */
  run(job: SimDrillJob): Promise<DrillResult>;
  /** Every thread ended (those still loading are given a moment first). */
  close(): Promise<void>;
}

/** Threads for the drills: one per core this process may use, at most two (the machine's other work, the live drill, needs room too). */
export function defaultDrillThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

// The generic entry the explorer's threads use: makes TypeScript loadable (Node's type stripping, else tsx), then loads the module.
const ENTRY = new URL('../explore/worker-entry.mjs', import.meta.url);
const MODULE = new URL(import.meta.url.endsWith('.ts') ? './sim-drill-worker.ts' : './sim-drill-worker.js', import.meta.url);
/** Node 20 aborts when terminate() lands while a thread still links its modules: wait this long for it to finish loading. */
const STARTING_GRACE_MS = 8_000;

interface Thread {
  worker: Worker;
  started: Promise<void>;
  busy?: { id: number; resolve: (r: DrillResult) => void; reject: (e: Error) => void };
  /** Handed to a caller that has not posted its job yet. */
  taken?: boolean;
  dead?: string;
}

/**
 * The threads' nice value (Linux): below the live drill's processes and the simulators, which wait
 * on real time (at 5 each of them weighs three times a drill thread). Not lower: on a machine others
 * load too, every runnable process at nice 0 outweighs the drill threads as much (at nice 10 the
 * simulation drills took 60 s instead of 20 s on this machine at load 15).
 */
export const DRILL_THREAD_NICE = 5;

export function openSimDrillPool(o: { threads?: number; nice?: number; storage?: SimStorage; supervisor?: Supervisor } = {}): SimDrillPool {
  const count = Math.max(1, o.threads ?? defaultDrillThreads());
  const sup = o.supervisor ?? defaultSupervisor;
  const threads: Thread[] = [];
  const waiting: ((t: Thread) => void)[] = [];
  let ids = 0;
  let closing = false;
  let closed: Promise<void> | undefined;

  const free = (t: Thread) => {
    t.busy = undefined;
    t.taken = false;
    const next = waiting.shift();
    if (next) {
      t.taken = true;
      next(t);
    }
  };
  const die = (t: Thread, why: string) => {
    if (t.dead) return;
    t.dead = why;
    t.busy?.reject(new Error(`the drill thread died: ${why}`));
    t.busy = undefined;
    // Nothing left to run the drills still waiting for a thread.
    if (threads.every((x) => x.dead)) for (const w of waiting.splice(0)) w(t);
  };

  for (let j = 0; j < count; j++) {
    const worker = new Worker(ENTRY, { workerData: { module: MODULE.href, nice: o.nice ?? DRILL_THREAD_NICE, storage: o.storage ?? 'memory' } });
    let markStarted: () => void = () => undefined;
    const t: Thread = { worker, started: new Promise<void>((r) => (markStarted = r)) };
    worker.on('message', (m: FromDrillThread) => {
      if (m.type === 'ready') return markStarted();
      const job = t.busy;
      if (!job || job.id !== m.id) return;
      if (m.type === 'done') job.resolve(m.result);
      else job.reject(new Error(m.message));
      free(t);
    });
    worker.on('error', (err) => die(t, err instanceof Error ? (err.stack ?? err.message) : String(err)));
    worker.on('exit', (code) => {
      markStarted();
      die(t, `exited (code ${code})`);
    });
    threads.push(t);
  }

  const stopAll = async () => {
    closing = true;
    await Promise.all(
      threads.map(async (t) => {
        if (t.dead) return;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([t.started, new Promise<void>((r) => (timer = setTimeout(r, STARTING_GRACE_MS)))]).finally(() => clearTimeout(timer));
        await t.worker.terminate();
      }),
    );
  };
  const release = sup.adopt(`${count} gate drill thread(s)`, stopAll);

  // A thread is taken the moment it is handed out (not when its job is posted), so two drills
  // started together never share one.
  const acquire = (): Promise<Thread> => {
    const idle = threads.find((t) => !t.dead && !t.busy && !t.taken);
    if (idle) {
      idle.taken = true;
      return Promise.resolve(idle);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };

  return {
    threads: count,
    async run(job) {
      if (closing) throw new Error('the drill threads are stopped');
      const t = await acquire();
      if (t.dead) throw new Error(`no drill thread left: ${t.dead}`);
      const id = ++ids;
      return new Promise<DrillResult>((resolve, reject) => {
        t.busy = { id, resolve, reject };
        t.taken = false;
        t.worker.postMessage({ type: 'run', id, ...job } satisfies DrillJob);
      });
    },
    close() {
      closed ??= stopAll().finally(release);
      return closed;
    },
  };
}
