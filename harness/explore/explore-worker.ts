// Inside one explore worker (a child process or a worker thread): play this worker's shard of the
// exploration on a store of its own, tell the parent at once when a run fails (its siblings then
// stop past that run), and hand back the part. Loaded through child-entry.mjs or worker-entry.mjs.
import { isMainThread } from 'node:worker_threads';
import { openSimStore } from '../worlds/sim-store.ts';
import { explorePart } from './explore.ts';
import { parentChannel } from './worker-channel.ts';

const parent = parentChannel();
const input = parent.input;
let stopPast: number | undefined;
let go: () => void = () => undefined;
const started = new Promise<void>((resolve) => (go = resolve));
parent.onMessage((m) => {
  if (m.type === 'stop-past') stopPast = Math.min(stopPast ?? Infinity, m.k);
  else if (m.type === 'go') go();
});
const store = await openSimStore(input.storage);
parent.send({ type: 'ready' });
await started;
const cpu = process.cpuUsage();
const { part } = await explorePart({
  ...input,
  store,
  stopPast: () => stopPast,
  onFailure: (k) => parent.send({ type: 'failed', k }),
});
const used = process.cpuUsage(cpu);
await store.close();
// In a thread, process.cpuUsage() counts every thread of the process: not this worker's.
parent.send({ type: 'done', part, ...(isMainThread ? { cpuMs: Math.round((used.user + used.system) / 1000) } : {}) });
parent.close();
