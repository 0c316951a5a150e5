// A supervising process for watchdog.test.ts: starts a long-running child in its own group (a
// shell with a `sleep 300` grandchild) and a temp dir through a Supervisor, prints what it started
// and its watchdog's pid, then, by argv[2]:
// - `wait`: waits to be SIGKILLed (no handler runs; the watchdog must clean up);
// - `stop`: stopAll(), prints the watchdog's pid after it (none expected) and whether the one it
//   had has exited by then (stopAll() waits for that), then waits;
// - `exit`: process.exit(0) with the child still running (the exit-time last resort kills it and
//   tells the watchdog "bye").
import { Supervisor, Watchdog, processAlive } from './index.ts';

const mode = process.argv[2];
const watchdog = new Watchdog({ graceMs: 2_000 });
const sup = new Supervisor({ watchdog });
const c = sup.spawn('sh', ['-c', 'sleep 300 & echo $!; wait'], { name: 'sh+sleep' });
const grandchild = await new Promise<number>((resolve) => c.process.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
const dir = await sup.tempDir('gauntlet-watchdog-fixture-');
process.stdout.write(`${JSON.stringify({ leader: c.pid, grandchild, dir, watchdog: watchdog.pid })}\n`);
if (mode === 'stop') {
  const before = watchdog.pid!;
  await sup.stopAll('test', 2_000);
  process.stdout.write(`${JSON.stringify({ after: watchdog.pid ?? null, exited: !processAlive(before) })}\n`);
} else if (mode === 'exit') {
  process.exit(0);
}
setInterval(() => undefined, 1_000);
