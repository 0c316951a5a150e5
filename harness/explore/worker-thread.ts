// A pool member on a worker thread (the explorer loaded through worker-entry.mjs). Threads share
// this process's V8 flags and its GC helper threads; worker-process.ts is the default.
import { Worker } from 'node:worker_threads';
import type { MemberStart, PoolMember } from './worker-member.ts';
import type { ToParent, ToWorker } from './worker-protocol.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** Longest wait for a starting thread before terminating it anyway (below the supervisor's 10 s per resource). */
const STARTING_GRACE_MS = 8_000;

function graceUntil(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

export function startWorkerThread<I>(o: MemberStart<I>): PoolMember {
  const w = new Worker(ENTRY, { workerData: { module: o.module.href, input: o.input } });
  // Resolved when the thread has loaded its modules (said ready) or is gone. Node 20 aborts the whole
  // process (an assertion in AppendExceptionLine) when terminate() lands while a thread is still
  // linking modules that fail to link, as a broken tree makes every thread do at once: a thread
  // still starting is terminated once it has started or ended, or after STARTING_GRACE_MS.
  const started = new Promise<void>((resolve) => {
    w.on('message', (m: ToParent) => m.type === 'ready' && resolve());
    w.once('exit', () => resolve());
  });
  w.on('message', (m: ToParent) => o.events.message(m));
  w.on('error', (err) => o.events.error(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  w.on('exit', (code) => o.events.exit(`the thread exited (code ${code})`));
  return {
    send: (m: ToWorker) => w.postMessage(m),
    release: () => undefined,
    async stop() {
      await graceUntil(started, STARTING_GRACE_MS);
      await w.terminate();
    },
  };
}
