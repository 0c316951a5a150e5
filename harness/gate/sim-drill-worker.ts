// Inside one of the gate's drill threads: simulation-world drills, one at a time, each on this
// thread's own store (in memory unless the gate was given --storage) (a world empties it first, so a drill's result does not depend on
// which thread ran it or what ran before). Loaded through ../explore/worker-entry.mjs.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';
import { runDrill } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import type { DrillJob, FromDrillThread } from './sim-drill-protocol.ts';

const port = parentPort;
if (!port) throw new Error('sim-drill-worker.ts runs only as a worker thread (sim-drill-pool.ts starts it)');
const send = (m: FromDrillThread) => port.postMessage(m);
lowerPriority((workerData as { nice?: number }).nice ?? 0);
const store = await openSimStore((workerData as { storage?: SimStorage }).storage ?? 'memory');
// One drill at a time: the pool hands a thread its next drill only once it answered the last.
// The pool ends the thread with terminate(): the store is in memory, nothing to flush.
port.on('message', async (job: DrillJob) => {
  try {
    const world = await simDrillWorld({ seed: job.seed, store, ...(job.mutant ? { mutant: job.mutant } : {}) });
    const result = await runDrill(job.drill, world, { seed: job.seed, ...(job.criteria ? { criteria: job.criteria } : {}) });
    send({ type: 'done', id: job.id, result });
  } catch (err) {
    send({ type: 'error', id: job.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
send({ type: 'ready' });

/**
 * A sim drill is batch work: virtual time, so how fast it runs changes nothing it finds. What runs
 * beside it is not: the live drill's SUT restarting after a SIGKILL, the simulators answering over
 * real sockets. On Linux a thread has its own nice value (setpriority on its thread id), so this
 * thread yields the CPU to them and takes what they leave. Elsewhere it keeps the gate's priority.
 */
function lowerPriority(nice: number): void {
  if (nice <= 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // no /proc/thread-self (not Linux): the drills run at the gate's own priority
  }
}
