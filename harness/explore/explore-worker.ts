// Inside one worker thread: play this worker's shard of the exploration on a database of its own,
// tell the parent at once when a run fails (its siblings then stop past that run), and hand back
// the part. Loaded through worker-entry.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { explorePart } from './explore.ts';
import type { ToParent, ToWorker, WorkerInput } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('explore-worker.ts runs only as a worker thread (workers.ts starts it)');
const input = (workerData as { input: WorkerInput }).input;
let stopPast: number | undefined;
port.on('message', (m: ToWorker) => {
  if (m.type === 'stop-past') stopPast = Math.min(stopPast ?? Infinity, m.k);
});
const send = (m: ToParent) => port.postMessage(m);
const { part } = await explorePart({
  ...input,
  stopPast: () => stopPast,
  onFailure: (k) => send({ type: 'failed', k }),
});
send({ type: 'done', part });
// The parent's 'message' listener keeps our port referenced; we are done, so let the thread end.
port.close();
