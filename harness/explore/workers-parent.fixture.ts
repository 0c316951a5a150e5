// A parent for workers-orphans.test.ts: starts `explore --workers 2` (child processes) and prints
// their pids, then waits for the test to SIGKILL it. argv[2]: `explore` (the real explorer, busy
// exploring when the kill lands) or `hang` (workers.fixture.ts: idle children).
import { Supervisor } from '../supervisor/index.ts';
import { exploreInWorkers } from './workers.ts';

const kind = process.argv[2];
const sup = new Supervisor();
const run = exploreInWorkers({
  seed: 1,
  runs: 1_000_000,
  timeLimitMs: 120_000,
  workers: 2,
  supervisor: sup,
  ...(kind === 'hang' ? { mutant: 'hang', module: new URL('./workers.fixture.ts', import.meta.url) } : {}),
});
run.catch((err: Error) => console.error(err.message));
while (sup.running().length < 2) await new Promise((r) => setTimeout(r, 20));
console.log(JSON.stringify({ children: sup.running().map((c) => c.pid) }));
