// `gate --drills` with a typo must be refused before anything starts (it once ran the contracts
// and exploration for a quarter of a minute, then said `no drill …` without a suggestion).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-gate-drills-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gate --drills', () => {
  it.each([
    ['webhook-strom', 'no drill "webhook-strom": did you mean webhook-storm?'],
    ['webhook-storm,webhook-forgry', 'no drill "webhook-forgry": did you mean webhook-forgery?'],
    ['webhook-storm,,decline-mix', '--drills: a comma-separated list'],
    [join(dir, 'nope.json'), 'nope.json: ENOENT'],
  ])('%s: a usage error (exit 2) before the gate starts anything', (drills, message) => {
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [BIN, 'gate', '--drills', drills, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^gauntlet gate: /);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing ran: no progress, no report.
    expect(r.stderr).not.toContain('contracts:');
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});
