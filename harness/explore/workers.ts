// `gauntlet explore --workers N`: N worker threads, worker j playing sub-shard j of the shard this
// process was given (shard.ts), each on its own database, their parts merged (part.ts) into what
// one process playing the same runs would have reported: same runs, same digests, same failure.
//
// Supervised: a worker that crashes (an exception, an exit, out of memory) fails the exploration
// with its name and the reason, and the others are stopped, never waited on; the pool is adopted
// by the supervisor, so a SIGINT/SIGTERM handled by the CLI terminates every worker.
import { Worker } from 'node:worker_threads';
import { supervisor as defaultSupervisor, type Supervisor } from '../supervisor/index.ts';
import { mergeParts, type ExplorePart, type MergedExploration } from './part.ts';
import { formatShard, subShard, WHOLE, type Shard } from './shard.ts';
import type { ToParent, ToWorker, WorkerInput } from './worker-protocol.ts';

export interface WorkersOptions extends Omit<WorkerInput, 'shard'> {
  workers: number;
  shard?: Shard;
  supervisor?: Supervisor;
  /** The module each thread runs (tests plant a crashing one); the explorer by default. */
  module?: URL;
}

export class WorkerCrash extends Error {}

/** Longest wait for a starting thread before terminating it anyway (below the supervisor's 10 s per resource). */
const STARTING_GRACE_MS = 8_000;

function graceUntil(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
// The built package runs JavaScript (dist/), the repository its TypeScript sources.
const EXPLORER = new URL(import.meta.url.endsWith('.ts') ? './explore-worker.ts' : './explore-worker.js', import.meta.url);

export async function exploreInWorkers(o: WorkersOptions): Promise<MergedExploration> {
  const started = performance.now();
  const shard = o.shard ?? WHOLE;
  const sup = o.supervisor ?? defaultSupervisor;
  const { workers: count, supervisor: _s, module = EXPLORER, shard: _sh, ...options } = o;
  const threads: Worker[] = [];
  let startupMs = 0;
  const names: string[] = [];
  let ended = false;
  let stoppedFromOutside = false;
  // Resolved when a thread has loaded its modules (said ready) or is gone. Node 20 aborts the whole
  // process (an assertion in AppendExceptionLine) when terminate() lands while a thread is still
  // linking modules that fail to link, as a broken tree makes every thread do at once: a thread
  // still starting is terminated once it has started or ended, or after STARTING_GRACE_MS.
  const threadStarted: Promise<void>[] = [];
  const stopAll = async () => {
    ended = true;
    await Promise.all(threads.map(async (w, j) => {
      await graceUntil(threadStarted[j]!, STARTING_GRACE_MS);
      await w.terminate();
    }));
  };
  // A signal (the CLI's handler) or a shutdown stops the pool through the supervisor.
  const release = sup.adopt(`${count} explore worker threads`, () => {
    stoppedFromOutside = true;
    return stopAll();
  });
  try {
    const parts = await new Promise<ExplorePart[]>((resolve, reject) => {
      const parts: (ExplorePart | undefined)[] = new Array(count).fill(undefined);
      let done = 0;
      let ready = 0;
      const fail = (j: number, why: string) => {
        // The first failure is the story; the exits that stopping the others causes are not.
        if (stoppedFromOutside) reject(new WorkerCrash(`explore workers stopped before they finished (interrupted); no result was merged`));
        else if (!ended) reject(new WorkerCrash(`${names[j]} crashed: ${why}; the other workers were stopped, no result was merged`));
        void stopAll();
      };
      for (let j = 0; j < count; j++) {
        const input: WorkerInput = { ...options, shard: subShard(shard, j, count) };
        names.push(`explore worker ${j + 1} of ${count} (runs of shard ${formatShard(input.shard)})`);
        const w = new Worker(ENTRY, { workerData: { module: module.href, input } });
        threads.push(w);
        threadStarted.push(new Promise<void>((resolve) => {
          w.on('message', (m: ToParent) => m.type === 'ready' && resolve());
          w.once('exit', () => resolve());
        }));
        w.on('message', (m: ToParent) => {
          if (m.type === 'ready') {
            if (++ready === count) {
              startupMs = Math.round(performance.now() - started);
              for (const t of threads) t.postMessage({ type: 'go' } satisfies ToWorker);
            }
          } else if (m.type === 'failed') {
            // One process would stop at the earliest failure: the others need not play past it.
            for (const other of threads) if (other !== w) other.postMessage({ type: 'stop-past', k: m.k } satisfies ToWorker);
          } else if (m.type === 'done' && parts[j] === undefined) {
            parts[j] = m.part;
            if (++done === count) resolve(parts as ExplorePart[]);
          }
        });
        w.on('error', (err) => fail(j, err instanceof Error ? (err.stack ?? err.message) : String(err)));
        w.on('exit', (code) => {
          if (parts[j] === undefined) fail(j, `the thread exited (code ${code}) without handing back its runs`);
        });
      }
    });
    const merged = mergeParts(parts, shard, names);
    // The pool's wall time, start-up included: what --workers buys is measured as the user waits.
    const durationMs = Math.round(performance.now() - started);
    return { ...merged, part: { ...merged.part, durationMs }, durationMs, startupMs, lifecyclesPerSecond: durationMs > 0 ? Math.round((merged.lifecycles / durationMs) * 1000 * 10) / 10 : 0 };
  } finally {
    await stopAll();
    release();
  }
}
