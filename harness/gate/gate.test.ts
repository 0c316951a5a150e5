// The release gate end to end, on a budget a CI step can afford: the contracts, a short
// exploration and two drills against the reference core pass, and the reports are written; the
// same gate against a mutant core fails (exit 1 in the CLI), so the gate is proven able to fail.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGateReports } from '../../reports/index.ts';
import { runGate } from './gate.ts';

const out = mkdtempSync(join(tmpdir(), 'gauntlet-gate-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('gauntlet gate', () => {
  it('passes the reference core and writes JUnit, HTML and JSON reports', async () => {
    const report = await runGate({ seed: 3, budgetMs: 40_000, startedAt: '2026-11-25T00:00:00.000Z', drills: ['webhook-storm', 'capture-timeout-after-commit'] });
    expect(report.errors).toEqual([]);
    expect(report.contracts.map((c) => [c.provider, c.ok])).toEqual([
      ['stripe', true],
      ['stripe-webhooks', true],
      ['adyen', true],
      ['adyen-webhooks', true],
      ['gauntlet-core', true],
    ]);
    expect(report.exploration?.violations).toEqual([]);
    expect(report.drills.map((d) => [d.drill, d.world, d.passed])).toEqual([
      ['capture-timeout-after-commit', 'sim', true],
      ['webhook-storm', 'sim', true],
    ]);
    expect(report.verdict).toBe('pass');
    const paths = await writeGateReports(report, out);
    const junit = readFileSync(paths.junit, 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).not.toContain('<failure');
    expect(readFileSync(paths.html, 'utf8')).toContain('<svg');
    expect(paths.histories.every((p) => existsSync(p))).toBe(true);
  }, 180_000);

  it('fails when the core carries a bug the drills exist for', async () => {
    const report = await runGate({ seed: 3, budgetMs: 40_000, startedAt: '2026-11-25T00:00:00.000Z', drills: ['webhook-storm'], mutant: 'webhook-no-dedupe' });
    expect(report.errors).toEqual([]);
    expect(report.verdict).toBe('fail');
    expect(report.drills[0]?.passed).toBe(false);
  }, 180_000);
});
