// The messages between the exploration's parent and its worker threads (structured-cloned, so
// data only: no scheduler, no database, no functions).
import type { ExplorePart } from './part.ts';
import type { Shard } from './shard.ts';

/** What a worker is asked to explore: the CLI's options plus its own shard. */
export interface WorkerInput {
  seed: number;
  runs: number;
  timeLimitMs?: number;
  mutant?: string;
  noShrink?: boolean;
  etiquette?: boolean;
  shard: Shard;
}

export type ToWorker = { type: 'stop-past'; k: number };

export type ToParent = { type: 'failed'; k: number } | { type: 'done'; part: ExplorePart };
