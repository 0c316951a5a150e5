// Shards split a seed's runs so that n of them together play each run exactly once, and workers
// inside a shard are shards again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { owns, ownedCount, parseShard, ShardError, subShard } from './shard.ts';

describe('parseShard', () => {
  it('reads i/n counted from 0', () => {
    expect(parseShard('0/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard('1/2')).toEqual({ index: 1, count: 2 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
  });

  it.each([
    ['3/2', /i counts from 0, so it must be below n \(the shards of 2 are 0\/2 … 1\/2\)/],
    ['2/2', /must be below n/],
    ['0/0', /n must be at least 1/],
    ['1/0', /n must be at least 1/],
    ['-1/2', /must be i\/n/],
    ['1', /must be i\/n/],
    ['a/b', /must be i\/n/],
    ['1/2/3', /must be i\/n/],
    ['0/200000', /at most 100000/],
  ])('refuses %s with a clear message', (raw, message) => {
    expect(() => parseShard(raw)).toThrow(ShardError);
    expect(() => parseShard(raw)).toThrow(message);
  });
});

describe('owns', () => {
  it('gives every run to exactly one of n shards, and to exactly one worker of its shard', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.nat(10_000), (n, workers, k) => {
        const shards = Array.from({ length: n }, (_, i) => ({ index: i, count: n }));
        const owners = shards.filter((s) => owns(s, k));
        expect(owners).toHaveLength(1);
        const owner = owners[0]!;
        const subs = Array.from({ length: workers }, (_, j) => subShard(owner, j, workers));
        expect(subs.filter((s) => owns(s, k))).toHaveLength(1);
        // and a sub-shard never takes a run its shard does not own
        for (const other of shards.filter((s) => s !== owner)) for (let j = 0; j < workers; j++) expect(owns(subShard(other, j, workers), k)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('counts the runs a shard owns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.nat(200), (n, total) => {
        for (let i = 0; i < n; i++) {
          let count = 0;
          for (let k = 0; k < total; k++) if (owns({ index: i, count: n }, k)) count++;
          expect(ownedCount({ index: i, count: n }, total)).toBe(count);
        }
      }),
      { numRuns: 200 },
    );
  });
});
