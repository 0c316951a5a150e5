// A worker module for workers.test.ts: misbehaves as `input.mutant` says, as a real worker might.
// Worker 1 (sub-shard index 0) waits forever, so the test sees that a sibling's crash or a stop
// ends the pool instead of waiting on it.
import { workerData } from 'node:worker_threads';
import type { WorkerInput } from './worker-protocol.ts';

const input = (workerData as { input: WorkerInput }).input;
if (input.shard.index === 0 || input.mutant === 'hang') {
  setInterval(() => undefined, 60_000);
} else if (input.mutant === 'throw') {
  throw new Error('planted crash in an explore worker');
} else if (input.mutant === 'exit') {
  process.exit(3);
}
