// A worker module for workers.test.ts: misbehaves as `input.mutant` says, as a real worker might,
// in a child process or a thread alike. Worker 1 (sub-shard index 0) waits forever, so the test
// sees that a sibling's crash or a stop ends the pool instead of waiting on it.
import { parentChannel } from './worker-channel.ts';

const parent = parentChannel();
const input = parent.input;
if (input.shard.index === 0 || input.mutant === 'hang') {
  // Started (so it is terminated at once, not after the grace a thread still loading gets), then stuck.
  parent.send({ type: 'ready' });
  setInterval(() => undefined, 60_000);
} else if (input.mutant === 'throw') {
  throw new Error('planted crash in an explore worker');
} else if (input.mutant === 'exit') {
  process.exit(3);
}
