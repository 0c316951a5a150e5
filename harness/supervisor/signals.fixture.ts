// A process for supervisor.test.ts: installs handleSignals(), starts a shell with a grandchild and
// a temp dir, registers a report hook, prints what it started, and waits to be signalled.
import { handleSignals, onInterrupt, supervisor } from './index.ts';

handleSignals();
const c = supervisor.spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], { name: 'sh+sleep' });
const grandchild = await new Promise<number>((resolve) => c.process.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
const dir = await supervisor.tempDir('gauntlet-signals-fixture-');
onInterrupt((signal) => void process.stdout.write(`report written after ${signal}\n`));
process.stdout.write(`${JSON.stringify({ grandchild, leader: c.pid, dir })}\n`);
setInterval(() => undefined, 1_000);
