// The messages between the exploration's parent and its workers (worker threads: structured-cloned;
// child processes: one JSON line each, see child-entry.mjs), so data only: no scheduler, no
// database, no functions.
import type { ExplorePart } from './part.ts';
import type { Shard } from './shard.ts';
import type { SimStorage } from '../worlds/sim-store.ts';

/** What a worker is asked to explore: the CLI's options plus its own shard. */
export interface WorkerInput {
  seed: number;
  runs: number;
  timeLimitMs?: number;
  mutant?: string;
  noShrink?: boolean;
  etiquette?: boolean;
  /** The core's storage in each worker (default memory). */
  storage?: SimStorage;
  shard: Shard;
}

/** `go` once every worker is ready (modules loaded, database open), so start-up and exploring are measured apart. */
export type ToWorker = { type: 'go' } | { type: 'stop-past'; k: number };

/** `cpuMs`: a child process's CPU time while exploring (the bench's cores-used figure; a thread cannot tell its own).
 * `error`: a child process could not load or threw (a thread reports that through its 'error' event). */
export type ToParent = { type: 'ready' } | { type: 'failed'; k: number } | { type: 'done'; part: ExplorePart; cpuMs?: number } | { type: 'error'; message: string };
