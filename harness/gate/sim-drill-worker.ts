// Inside one of the gate's drill threads: simulation-world drills, one at a time, each on this
// thread's own in-memory store (a world empties it first, so a drill's result does not depend on
// which thread ran it or what ran before). Loaded through ../explore/worker-entry.mjs.
import { parentPort } from 'node:worker_threads';
import { openSimStore } from '../worlds/sim-store.ts';
import { runDrill } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import type { DrillJob, FromDrillThread } from './sim-drill-protocol.ts';

const port = parentPort;
if (!port) throw new Error('sim-drill-worker.ts runs only as a worker thread (sim-drill-pool.ts starts it)');
const send = (m: FromDrillThread) => port.postMessage(m);
const store = await openSimStore('memory');
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
