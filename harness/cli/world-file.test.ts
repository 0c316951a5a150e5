import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from './args.ts';
import { readWorldFile } from './world-file.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-world-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--world-file', () => {
  it('missing, a directory, not JSON, not a world: each a one-line usage error', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{bad');
    const notAWorld = join(dir, 'other.json');
    writeFileSync(notAWorld, '{"x":1}');
    await expect(readWorldFile(join(dir, 'nope.json'))).rejects.toThrow(new UsageError(`--world-file ${join(dir, 'nope.json')}: no such file`));
    await expect(readWorldFile(dir)).rejects.toThrow(/a directory, not a file/);
    await expect(readWorldFile(bad)).rejects.toThrow(UsageError);
    await expect(readWorldFile(bad)).rejects.toThrow(/not JSON/);
    await expect(readWorldFile(notAWorld)).rejects.toThrow(UsageError);
  });

  it.each([['drill', 'webhook-storm'], ['gate']])('gauntlet %s with a missing world file exits 2, no stack trace', (...verb) => {
    const r = spawnSync(process.execPath, [BIN, ...verb, '--world-file', join(dir, 'nope.json')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`gauntlet ${verb[0]}: --world-file ${join(dir, 'nope.json')}: no such file`);
    expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
  });

  it.each([
    ['load', ['load', '--drill', 'flaky-5xx', '--rate', '1', '--duration', '1s', '--world-file']],
    ['run', ['run', '--generated', '--world']],
  ])('gauntlet %s with a file that is not a world exits 2, naming what is missing, no stack trace', (verb, args) => {
    const notAWorld = join(dir, `not-a-world-${verb}.json`);
    writeFileSync(notAWorld, '{"nope":1}');
    const r = spawnSync(process.execPath, [BIN, ...args, notAWorld], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`gauntlet ${verb}: ${args.at(-1)} ${notAWorld}: core: missing or not a URL`);
    expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
  });
});
