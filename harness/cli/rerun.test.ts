// The rerun command a failing drill prints must reproduce the failure when pasted: it once dropped
// `--mutant` (the rerun tested the correct core and passed) and named a file-loaded drill by a
// name no catalogue knows (`no drill "x"`). Each test runs the printed command and compares.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRILLS_DIR } from '../../scenarios/index.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
// A seed on which webhook-storm catches the mutant that applies a webhook twice.
const FAILING = ['--mutant', 'webhook-no-dedupe', '--seed', '1702804675'];

function gauntlet(args: string[], cwd?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, ...(cwd ? { cwd } : {}) });
}

/** The words of a printed `npx gauntlet …` command, as `gauntlet` would receive them (no quoting needed here). */
function argsOf(command: string): string[] {
  expect(command).toMatch(/^npx gauntlet /);
  return command.replace(/^npx gauntlet /, '').replace(/ \(.*\)$/, '').split(' ');
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('drill rerun', () => {
  it('names the mutant, and running it fails the same way', () => {
    const first = gauntlet(['drill', 'webhook-storm', ...FAILING]);
    expect(first.status, first.stderr).toBe(1);
    const rerun = /rerun: (.*)/.exec(first.stdout)?.[1] ?? '';
    expect(rerun).toContain('--mutant webhook-no-dedupe');
    const again = gauntlet(argsOf(rerun));
    expect(again.status, again.stderr).toBe(1);
    const digest = (out: string) => /history digest\s+(\w+)/.exec(out)?.[1];
    expect(digest(again.stdout)).toBeDefined();
    expect(digest(again.stdout)).toBe(digest(first.stdout));
  });

  it('of a drill file names the file as given; --json says which mutant the core was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-rerun-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'mine'));
    copyFileSync(join(DRILLS_DIR, 'webhook-storm.json'), join(dir, 'mine', 'webhook-storm.json'));
    const first = gauntlet(['drill', 'mine/webhook-storm.json', ...FAILING, '--json'], dir);
    expect(first.status, first.stderr).toBe(1);
    const result = JSON.parse(first.stdout) as { mutant: string | null; source?: string; rerun: string; historyDigest: string; verdict: string };
    expect(result).toMatchObject({ verdict: 'fail', mutant: 'webhook-no-dedupe', source: 'mine/webhook-storm.json' });
    expect(result.rerun).toBe('npx gauntlet drill mine/webhook-storm.json --world sim --seed 1702804675 --mutant webhook-no-dedupe');
    const again = gauntlet([...argsOf(result.rerun), '--json'], dir);
    expect(again.status, again.stderr).toBe(1);
    expect((JSON.parse(again.stdout) as { historyDigest: string }).historyDigest).toBe(result.historyDigest);
  });

  it('--json of the correct core says mutant null', () => {
    const r = gauntlet(['drill', 'webhook-storm', '--seed', '1702804675', '--json']);
    expect((JSON.parse(r.stdout) as { mutant: unknown }).mutant).toBeNull();
  });
});
