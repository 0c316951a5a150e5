// A worker thread's entry, plain JavaScript: the thread has no TypeScript loader of its own, so
// it registers tsx exactly as bin/gauntlet.js does and then loads the TypeScript module it was
// given (workerData.module). The same way under the CLI and under vitest.
// Built (dist/), the module is JavaScript and needs no loader (tsx is not installed with the package).
import { workerData } from 'node:worker_threads';

if (String(workerData.module).endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.module);
