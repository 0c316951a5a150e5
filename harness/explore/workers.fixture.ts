// A worker module for workers.test.ts: misbehaves as `input.mutant` says, as a real worker might,
// in a child process or a thread alike. Worker 1 (sub-shard index 0) waits forever, so the test
// sees that a sibling's crash or a stop ends the pool instead of waiting on it.
import { readFileSync } from 'node:fs';
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
} else if (input.mutant === 'affinity') {
  // Says which CPUs it may run on, the one way the protocol carries text: as its crash.
  const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  throw new Error(`runs on CPUs ${line}`);
}
