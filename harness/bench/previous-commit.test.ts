// The bench against the previous commit: the last commit's tree exported and explored beside this
// one, the same runs on both sides, its temp dir gone afterwards; a ref that is not there is said,
// not thrown. Shapes and digests only: no speed asserted.
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../supervisor/index.ts';
import { benchPreviousCommit, type PreviousCommitResult } from './previous-commit.ts';

const leftovers = async () => (await readdir(tmpdir())).filter((d) => d.startsWith('gauntlet-bench-previous-'));

describe('benchPreviousCommit', () => {
  it('explores the same runs in HEAD and in this tree, and cleans up after itself', async () => {
    const before = await leftovers();
    const sup = new Supervisor();
    const r = (await benchPreviousCommit({ ref: 'HEAD', runsPerRound: 12, rounds: 1, seed: 3, supervisor: sup })) as PreviousCommitResult;
    expect(r).not.toHaveProperty('unavailable');
    expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(r.ref).toBe('HEAD');
    expect(r.uncommitted).toBe(false);
    for (const side of [r.current, r.previous]) {
      expect(side.runs).toBe(12);
      expect(side.lifecycles).toBeGreaterThan(0);
      expect(side.seconds).toBeGreaterThan(0);
      expect(side.historyDigest).toMatch(/^[0-9a-f]{64}$/);
    }
    // The same seed and runs on both sides: the digests agree exactly when the histories do.
    expect(r.sameHistories).toBe(r.current.historyDigest === r.previous.historyDigest);
    expect(r.ratio).toBe(Math.round((r.current.lifecyclesPerSecond / r.previous.lifecyclesPerSecond) * 100) / 100);
    expect(sup.tempDirs()).toEqual([]);
    expect(sup.running()).toEqual([]);
    expect(await leftovers()).toEqual(before);
  }, 120_000);

  it('says so when the ref is not a commit here', async () => {
    const r = await benchPreviousCommit({ ref: 'no-such-ref-gauntlet', runsPerRound: 1, rounds: 1, supervisor: new Supervisor() });
    expect(r).toEqual({ unavailable: 'no-such-ref-gauntlet is not a commit in this clone' });
  });
});
