// A worker thread's entry, plain JavaScript: the thread has no TypeScript loader of its own, so
// it registers tsx exactly as bin/gauntlet.js does and then loads the TypeScript module it was
// given (workerData.module). The same way under the CLI and under vitest.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
