// A worker module for workers.test.ts: misbehaves as `input.mutant` says, as a real worker might.
// Worker 1 (sub-shard index 0) waits forever, so the test sees that a sibling's crash or a stop
// ends the pool instead of waiting on it.
import { parentPort, workerData } from 'node:worker_threads';
import type { ToParent, WorkerInput } from './worker-protocol.ts';

const input = (workerData as { input: WorkerInput }).input;
if (input.shard.index === 0 || input.mutant === 'hang') {
  // Started (so it is terminated at once, not after the grace a thread still loading gets), then stuck.
  parentPort?.postMessage({ type: 'ready' } satisfies ToParent);
  setInterval(() => undefined, 60_000);
} else if (input.mutant === 'throw') {
  throw new Error('planted crash in an explore worker');
} else if (input.mutant === 'exit') {
  process.exit(3);
}
