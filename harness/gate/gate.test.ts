// The release gate end to end, on a budget a CI step can afford: the contracts, a short
// exploration and two drills against the reference core pass, and the reports are written; the
// same gate against a mutant core fails (exit 1 in the CLI), so the gate is proven able to fail.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATE_EXIT, isPlausiblePan, writeGateReports } from '../../reports/index.ts';
import { findDrill } from '../../scenarios/index.ts';
import { parseCriteriaOverrides } from '../drill/criteria-overrides.ts';
import { runGate } from './gate.ts';

const out = mkdtempSync(join(tmpdir(), 'gauntlet-gate-'));
/**
 * These tests assert coverage and verdicts, not speed: a budget no loaded machine spends on a few
 * drills, so nothing is ever not run here (the budget's planning is gate-plan.test.ts, on a fake
 * clock), and exploration bounded by runs, not by what the budget leaves it.
 */
const GENEROUS_MS = 300_000;
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('gauntlet gate', () => {
  it('passes the reference core and writes JUnit, HTML and JSON reports', async () => {
    const report = await runGate({ seed: 3, budgetMs: GENEROUS_MS, explorationRuns: 20, startedAt: '2026-11-25T00:00:00.000Z', drills: ['webhook-storm', 'capture-timeout-after-commit'] });
    expect(report.errors).toEqual([]);
    expect(report.contracts.map((c) => [c.provider, c.ok])).toEqual([
      ['stripe', true],
      ['stripe-webhooks', true],
      ['adyen', true],
      ['adyen-webhooks', true],
      ['gauntlet-core', true],
    ]);
    expect(report.exploration?.violations).toEqual([]);
    expect(report.drills.map((d) => [d.drill, d.world, d.verdict])).toEqual([
      ['capture-timeout-after-commit', 'sim', 'pass'],
      ['webhook-storm', 'sim', 'pass'],
    ]);
    // Both drills earned it: both providers' targeted operations reached the PSP, every fault fired.
    for (const d of report.drills) {
      expect(d.shortfalls).toEqual([]);
      expect(new Set(d.coverage.filter((c) => c.operation === 'capture' && c.atPsp! > 0).map((c) => c.provider))).toEqual(new Set(['stripe', 'adyen']));
      expect(d.faults.length).toBeGreaterThan(0);
      expect(d.faults.every((f) => f.hits > 0)).toBe(true);
    }
    expect(report.notRun).toEqual([]);
    expect(report.exploration?.runs).toBe(20);
    expect(report.drills.every((d) => typeof d.wallMs === 'number' && d.wallMs > 0)).toBe(true);
    expect(Object.keys(report.phases ?? {})).toEqual(['contracts', 'drills', 'exploration']);
    expect(report.verdict).toBe('pass');
    const paths = await writeGateReports(report, out);
    const junit = readFileSync(paths.junit, 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).not.toContain('<failure');
    expect(readFileSync(paths.html, 'utf8')).toContain('<svg');
    expect(paths.histories.every((p) => existsSync(p))).toBe(true);
    // No card number at rest in anything the gate wrote: every digit run of card length is checked.
    const written = [paths.junit, paths.html, ...paths.histories, ...readdirSync(out).map((f) => join(out, f)).filter((f) => f.endsWith('.json'))];
    const pans = written.flatMap((f) => (readFileSync(f, 'utf8').match(/(?<!\d)\d{13,19}(?!\d)/g) ?? []).filter(isPlausiblePan).map((d) => `${f}: ${d.slice(0, 6)}…`));
    expect(pans).toEqual([]);
  }, 180_000);

  it('fails when the core carries a bug the drills exist for', async () => {
    const report = await runGate({ seed: 3, budgetMs: GENEROUS_MS, explorationRuns: 20, startedAt: '2026-11-25T00:00:00.000Z', drills: ['webhook-storm'], mutant: 'webhook-no-dedupe' });
    expect(report.errors).toEqual([]);
    expect(report.verdict).toBe('fail');
    expect(report.drills[0]?.passed).toBe(false);
  }, 180_000);

  it('exits 2 naming the drill and what did not happen when a drill is vacuous', async () => {
    // The capture-timeout drill with its faults pointed at voids, which its traffic never sends.
    const drill = findDrill('capture-timeout-after-commit');
    const aimless = { ...drill, name: 'aimless-capture-timeout', faults: drill.faults.map((f) => (f.kind === 'psp' ? { ...f, rule: { ...f.rule, match: { operation: f.provider === 'stripe' ? 'stripe.payment_intents.cancel' : 'adyen.cancels' } } } : f)) };
    const file = join(out, 'aimless-capture-timeout.json');
    writeFileSync(file, JSON.stringify(aimless));
    const report = await runGate({ seed: 3, budgetMs: GENEROUS_MS, explorationRuns: 20, startedAt: '2026-11-25T00:00:00.000Z', drills: [file] });
    expect(report.drills.map((d) => d.verdict)).toEqual(['vacuous']);
    expect(report.verdict).toBe('error');
    expect(GATE_EXIT[report.verdict]).toBe(2);
    expect(report.errors).toEqual([]);
    expect(report.drills[0]!.shortfalls).toEqual([expect.stringMatching(/^fault never fired: stripe: timeout_after_commit on stripe.payment_intents.cancel touched no requests/), expect.stringMatching(/^fault never fired: adyen/)]);
  }, 180_000);

  it('a team may override resilience-policy thresholds, never money criteria', () => {
    const names = ['flaky-5xx'];
    expect(parseCriteriaOverrides({ drills: { 'flaky-5xx': { maxPlatformFailureRate: 0.5 } } }, 'c.json', names)).toEqual({ 'flaky-5xx': { maxPlatformFailureRate: 0.5 } });
    expect(() => parseCriteriaOverrides({ drills: { 'flaky-5xx': { maxDuplicateRate: 0.5 } } }, 'c.json', names)).toThrow(/maxDuplicateRate: not overridable/);
    expect(() => parseCriteriaOverrides({ drills: { 'no-such': {} } }, 'c.json', names)).toThrow(/no-such: no such drill/);
    expect(() => parseCriteriaOverrides({ drills: { 'flaky-5xx': { maxPlatformFailureRate: 2 } } }, 'c.json', names)).toThrow(/a fraction/);
  });
});
