// An explore worker's side of the pool's messages, the same whether it runs as a worker thread
// (parentPort) or as a child process (the channel child-entry.mjs framed on stdin/stdout).
import { parentPort, workerData } from 'node:worker_threads';
import type { ToParent, ToWorker, WorkerInput } from './worker-protocol.ts';

export interface ParentChannel {
  readonly input: WorkerInput;
  send(m: ToParent): void;
  onMessage(fn: (m: ToWorker) => void): void;
  /** Done: let this worker end (a thread's port closes; a child exits once the parent has read its part). */
  close(): void;
}

/** Where child-entry.mjs puts the channel (a Symbol.for key: it is plain JavaScript, loaded first). */
const CHILD_CHANNEL = Symbol.for('gauntlet.explore.parent');

export function parentChannel(): ParentChannel {
  const port = parentPort;
  if (port) {
    return {
      input: (workerData as { input: WorkerInput }).input,
      send: (m) => port.postMessage(m),
      onMessage: (fn) => void port.on('message', fn),
      // The parent's 'message' listener keeps our port referenced; closing it lets the thread end.
      close: () => port.close(),
    };
  }
  const child = (globalThis as Record<symbol, unknown>)[CHILD_CHANNEL] as ParentChannel | undefined;
  if (child) return child;
  throw new Error('this module runs only as an explore worker: a thread or a child process started by workers.ts');
}
