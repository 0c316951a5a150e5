// A worker thread's entry, plain JavaScript: it makes the TypeScript module it was given
// (workerData.module) loadable exactly as bin/gauntlet.js does (bin/typescript.js: Node strips the
// types itself, or tsx's hooks on a Node that cannot) and then loads it. The same way under the CLI
// and under vitest.
// Built (dist/), the module is JavaScript and needs neither (tsx is not installed with the package).
import { workerData } from 'node:worker_threads';

if (String(workerData.module).endsWith('.ts')) await (await import('../../bin/typescript.js')).prepareTypeScript(workerData.module);
await import(workerData.module);
