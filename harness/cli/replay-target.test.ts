import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from './args.ts';
import { fileTarget, flagTarget, savedTarget } from './replay-target.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay input', () => {
  it('takes --seed and a colon-separated --path; anything else is a usage error', () => {
    expect(flagTarget('7', '16:0:0', undefined)).toEqual({ seed: 7, path: '16:0:0', mutant: undefined });
    expect(() => flagTarget('7', 'zz', undefined)).toThrow(UsageError);
    expect(() => flagTarget('7', '1::2', undefined)).toThrow(/--path must be run indexes separated by colons/);
    expect(() => flagTarget('7', undefined, undefined)).toThrow(/replay FILE, or --seed S --path P/);
  });

  it('reads the first violation of a saved exploration, its mutant unless --mutant is given', () => {
    const text = JSON.stringify({ mutant: 'webhook-no-dedupe', violations: [{ seed: 3, path: '2:1' }] });
    expect(savedTarget(text, 'x.json', undefined)).toEqual({ seed: 3, path: '2:1', mutant: 'webhook-no-dedupe' });
    expect(savedTarget(text, 'x.json', 'capture-race').mutant).toBe('capture-race');
  });

  it.each([
    ['{bad', /x.json is not JSON/],
    ['[]', /not an exploration's result/],
    ['{"violations":[]}', /holds no violation/],
    ['{"violations":[{"seed":"x","path":"1"}]}', /violations\[0\].seed must be/],
    ['{"violations":[{"seed":1,"path":"zz"}]}', /violations\[0\].path must be run indexes/],
    ['{"mutant":"nope","violations":[{"seed":1,"path":"1"}]}', /unknown mutant "nope"/],
  ])('refuses %s in one line', (text, message) => {
    expect(() => savedTarget(text, 'x.json', undefined)).toThrow(UsageError);
    expect(() => savedTarget(text, 'x.json', undefined)).toThrow(message);
  });

  it('a missing file or a directory is a usage error, not an fs stack trace', async () => {
    await expect(fileTarget('/nonexistent.json', undefined)).rejects.toThrow(new UsageError('cannot read /nonexistent.json: no such file'));
    await expect(fileTarget(dir, undefined)).rejects.toThrow(/a directory, not a file/);
  });

  it.each([
    [['--seed', '7', '--path', 'zz'], '--path must be run indexes'],
    [['/nonexistent.json'], 'cannot read /nonexistent.json: no such file'],
    [['BAD'], 'is not JSON'],
  ])('gauntlet replay %j exits 2 with one line and no stack trace', (args, message) => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{bad');
    const r = spawnSync(process.execPath, [BIN, 'replay', ...args.map((a) => (a === 'BAD' ? bad : a))], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`gauntlet replay: `);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at |node:internal/);
  });
});
