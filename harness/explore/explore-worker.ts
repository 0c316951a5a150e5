// Inside one worker thread: play this worker's shard of the exploration on a store of its own,
// tell the parent at once when a run fails (its siblings then stop past that run), and hand back
// the part. Loaded through worker-entry.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { openSimStore } from '../worlds/sim-store.ts';
import { explorePart } from './explore.ts';
import type { ToParent, ToWorker, WorkerInput } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('explore-worker.ts runs only as a worker thread (workers.ts starts it)');
const input = (workerData as { input: WorkerInput }).input;
let stopPast: number | undefined;
let go: () => void = () => undefined;
const started = new Promise<void>((resolve) => (go = resolve));
port.on('message', (m: ToWorker) => {
  if (m.type === 'stop-past') stopPast = Math.min(stopPast ?? Infinity, m.k);
  else if (m.type === 'go') go();
});
const send = (m: ToParent) => port.postMessage(m);
const store = await openSimStore(input.storage);
send({ type: 'ready' });
await started;
const { part } = await explorePart({
  ...input,
  store,
  stopPast: () => stopPast,
  onFailure: (k) => send({ type: 'failed', k }),
});
await store.close();
send({ type: 'done', part });
// The parent's 'message' listener keeps our port referenced; we are done, so let the thread end.
port.close();
