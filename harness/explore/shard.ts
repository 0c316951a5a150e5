// Which runs of a seed's sequence a process plays. Exploration with seed S is one sequence of
// generated runs 0, 1, 2, ... (fast-check's, in order); shard i/n plays run k when k mod n = i, so
// n shards together play exactly the runs one process would, each with the schedule it would
// have generated. Workers inside a shard are shards again: worker j of W inside shard i/n is
// shard (i + n·j)/(n·W), so one merge handles both.

export interface Shard {
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** Upper bound on n: a shard is a process or a machine, not a run. */
export const MAX_SHARDS = 100_000;

export class ShardError extends Error {}

/** `--shard i/n`, 0-based: `0/2` and `1/2` are the two halves. */
export function parseShard(raw: string): Shard {
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(raw.trim());
  if (!m) throw new ShardError(`--shard must be i/n (shard i of n, counted from 0, e.g. 0/4 … 3/4), got "${raw}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new ShardError(`--shard ${raw}: n must be at least 1 (there is no shard of 0 shards)`);
  if (count > MAX_SHARDS) throw new ShardError(`--shard ${raw}: n must be at most ${MAX_SHARDS}`);
  if (index >= count) throw new ShardError(`--shard ${raw}: i counts from 0, so it must be below n (the shards of ${count} are 0/${count} … ${count - 1}/${count})`);
  return { index, count };
}

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}

export function owns(s: Shard, k: number): boolean {
  return k % s.count === s.index;
}

/** Worker `j` of `workers` inside shard `s`. */
export function subShard(s: Shard, j: number, workers: number): Shard {
  return { index: s.index + s.count * j, count: s.count * workers };
}

/** How many of runs 0 … total-1 shard `s` owns. */
export function ownedCount(s: Shard, total: number): number {
  return total > s.index ? Math.floor((total - 1 - s.index) / s.count) + 1 : 0;
}
