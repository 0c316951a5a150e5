// `gauntlet merge` reads the shards in both forms explore writes them, and refuses, as a usage
// error (exit 2), what does not make up one exploration. `gauntlet explore` refuses bad shards.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PART_FORMAT, type ExplorePart } from '../explore/part.ts';
import { UsageError } from './args.ts';
import { exploreCommand } from './explore.ts';
import { mergeCommand } from './merge.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-merge-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function part(index: number, count: number, seed = 3): ExplorePart {
  const runLog = [0, 1, 2, 3].filter((k) => k % count === index).map((k) => ({ k, digest: `${k}`.repeat(64), lifecycles: 1 }));
  return { format: PART_FORMAT, seed, requestedRuns: 4, mutant: null, etiquette: false, noShrink: false, shard: { index, count }, timeLimited: false, runLog, shrinkLog: [], violations: [], durationMs: 5 };
}

describe('gauntlet merge', () => {
  it('merges a shard\'s --json output (after other log lines) with another\'s explore.json', async () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'explore.json');
    await writeFile(a, `npm notice something\n${JSON.stringify({ seed: 3, part: part(0, 2) })}\n`);
    await writeFile(b, JSON.stringify({ seed: 3, part: part(1, 2) }, null, 2));
    const out = join(dir, 'merged');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await mergeCommand([a, b, '--out', out, '--json'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const merged = JSON.parse(await readFile(join(out, 'explore.json'), 'utf8')) as { runs: number; part: ExplorePart };
    expect(merged.runs).toBe(4);
    expect(merged.part.runLog.map((r) => r.k)).toEqual([0, 1, 2, 3]);
    expect(merged.part.shard).toEqual({ index: 0, count: 1 });
  });

  it('refuses shards of different seeds, naming the files, as a usage error', async () => {
    const a = join(dir, 's1.json');
    const b = join(dir, 's2.json');
    await writeFile(a, JSON.stringify({ part: part(0, 2, 1) }));
    await writeFile(b, JSON.stringify({ part: part(1, 2, 2) }));
    await expect(mergeCommand([a, b, '--out', join(dir, 'x')])).rejects.toThrow(UsageError);
    await expect(mergeCommand([a, b, '--out', join(dir, 'x')])).rejects.toThrow(`${a} has seed 1, ${b} has seed 2`);
  });

  it('refuses no file, a missing file, and a file that is not an exploration', async () => {
    await expect(mergeCommand([])).rejects.toThrow(/give the JSON of every shard/);
    await expect(mergeCommand([join(dir, 'none.json')])).rejects.toThrow(/none.json: no such file/);
    const other = join(dir, 'other.json');
    await writeFile(other, '{"name":"gauntlet"}');
    await expect(mergeCommand([other])).rejects.toThrow(/holds JSON but no exploration part/);
  });
});

describe('gauntlet explore --shard', () => {
  it.each([
    [['--shard', '3/2', '--seed', '1'], /--shard 3\/2: i counts from 0, so it must be below n/],
    [['--shard', '0/0', '--seed', '1'], /--shard 0\/0: n must be at least 1/],
    [['--shard', 'half', '--seed', '1'], /--shard must be i\/n/],
    [['--shard', '0/2'], /--shard needs --seed/],
    [['--workers', '0'], /--workers must be an integer from 1 to 64/],
  ])('refuses %j before exploring anything', async (argv, message) => {
    await expect(exploreCommand(argv)).rejects.toThrow(UsageError);
    await expect(exploreCommand(argv)).rejects.toThrow(message);
  });
});

describe('explore --shard, then merge, through the CLI', () => {
  it('gives the explore.json of the unsharded run (same runs, digests and verdict)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const read = async (d: string) => JSON.parse(await readFile(join(dir, d, 'explore.json'), 'utf8')) as { runs: number; historyDigest: string; violations: unknown[]; part: ExplorePart };
    try {
      expect(await exploreCommand(['--seed', '11', '--runs', '6', '--out', join(dir, 'whole')])).toBe(0);
      expect(await exploreCommand(['--seed', '11', '--runs', '6', '--shard', '1/2', '--out', join(dir, 'shard-1')])).toBe(0);
      expect(await exploreCommand(['--seed', '11', '--runs', '6', '--shard', '0/2', '--out', join(dir, 'shard-0')])).toBe(0);
      expect(await mergeCommand([join(dir, 'shard-0', 'explore.json'), join(dir, 'shard-1', 'explore.json'), '--out', join(dir, 'merged')])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const whole = await read('whole');
    const merged = await read('merged');
    expect((await read('shard-0')).part.runLog.map((r) => r.k)).toEqual([0, 2, 4]);
    expect(new Set(whole.part.runLog.map((r) => r.digest)).size).toBe(6);
    expect(merged.part.runLog).toEqual(whole.part.runLog);
    expect(merged.historyDigest).toBe(whole.historyDigest);
    expect(merged.runs).toBe(6);
    expect(merged.violations).toEqual([]);
  }, 120_000);
});
