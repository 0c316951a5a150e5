// The wording every view shares: coverage rows held against what the drill requires (the same
// rule as the runner's shortfalls), fault lines with hits, criteria marked policy or money.
import { describe, expect, it } from 'vitest';
import { shortfalls } from '../harness/index.ts';
import type { CoverageCell } from '../harness/index.ts';
import { coverageLine, coverageRows, criterionLine, criterionShort, faultLines, replayCommand, unmetCriteria } from './drill-facts.ts';
import { handMadeDrill } from './test-support.ts';

const cell = (c: Partial<CoverageCell> & Pick<CoverageCell, 'provider' | 'operation'>): CoverageCell => ({ attempted: 0, ok: 0, fail: 0, info: 0, refused: 0, atPsp: 0, ...c });

describe('coverageRows', () => {
  it('flags exactly the rows the runner counts as shortfalls, and adds a zero row for a required cell never touched', () => {
    const coverage = [
      cell({ provider: 'adyen', operation: 'webhook_applied', attempted: 3, ok: 0, fail: 3, atPsp: null }),
      cell({ provider: 'stripe', operation: 'authorize', attempted: 5, ok: 5, atPsp: 5 }),
      cell({ provider: 'stripe', operation: 'capture', attempted: 4, ok: 0, fail: 0, refused: 4, topRefusal: 'invalid_state', atPsp: 0 }),
      cell({ provider: 'stripe', operation: 'refund', attempted: 2, ok: 2, atPsp: 0 }),
    ];
    const required = [
      { provider: 'stripe', operation: 'authorize' as const, min: 5 },
      { provider: 'stripe', operation: 'capture' as const, min: 1 },
      { provider: 'stripe', operation: 'refund' as const, min: 1 },
      { provider: 'stripe', operation: 'void' as const, min: 1 },
      { provider: 'adyen', operation: 'webhook_applied' as const, min: 1 },
    ];
    const rows = coverageRows({ coverage, required });
    expect(rows.map((r) => [r.provider, r.operation, r.reached, r.min, r.short])).toEqual([
      ['adyen', 'webhook_applied', 0, 1, true],
      ['stripe', 'authorize', 5, 5, false],
      ['stripe', 'capture', 0, 1, true],
      ['stripe', 'refund', 2, 1, true], // reached, but no refund in the PSP's ledger
      ['stripe', 'void', 0, 1, true],
    ]);
    // The same judgement as the runner's: one shortfall per short row.
    expect(shortfalls(required, coverage, [], [], [])).toHaveLength(rows.filter((r) => r.short).length);
    expect(coverageLine(rows[2]!)).toBe('coverage stripe capture: attempted 4, ok 0 / fail 0 / info 0, refused by the SUT 4 (mostly invalid_state), money moved at the PSP 0; required ≥ 1 SHORT');
    expect(coverageLine(rows[0]!)).toBe('coverage adyen webhooks applied: attempted 3, ok 0 / fail 3 / info 0, refused by the SUT 0; required ≥ 1 SHORT');
    expect(coverageLine(rows[1]!)).toBe('coverage stripe authorize: attempted 5, ok 5 / fail 0 / info 0, refused by the SUT 0, money moved at the PSP 5; required ≥ 5 met');
  });

  it('a cell the drill does not target is shown, never short', () => {
    const rows = coverageRows({ coverage: [cell({ provider: 'stripe', operation: 'void', attempted: 1, atPsp: 0 })], required: [] });
    expect(rows[0]!.short).toBe(false);
    expect(rows[0]!.min).toBeUndefined();
    expect(coverageLine(rows[0]!)).not.toContain('required');
  });
});

describe('faultLines and criteria', () => {
  it('gives each counted fault its hits, calls out one that never fired, and keeps an applied fault that was not counted', () => {
    const d = handMadeDrill();
    const lines = faultLines({ ...d, faults: [...d.faults, { description: 'webhooks: drop', target: 'psp:stripe', hits: 0, unit: 'deliveries' }] });
    expect(lines).toEqual([
      'fault applied: stripe: timeout_after_commit on capture: 1 requests touched',
      'fault applied: webhooks: drop: 0 deliveries touched (NEVER FIRED)',
      'fault applied: adyen: latency 500 ms (hits not counted)',
    ]);
  });

  it('tells money criteria from policy thresholds, and says when the team overrode one', () => {
    const d = {
      criteria: [
        { criterion: 'maxDuplicateRate' as const, limit: 0, measured: 0.1, ok: false },
        { criterion: 'maxPlatformFailureRate' as const, limit: 0.05, measured: 0.2, ok: false, policy: true },
        { criterion: 'minAuthorizationSuccessRate' as const, limit: 0.9, measured: 0.95, ok: true, policy: true, overridden: true },
      ],
    };
    const { money, policy } = unmetCriteria(d);
    expect([money.map((c) => c.criterion), policy.map((c) => c.criterion)]).toEqual([['maxDuplicateRate'], ['maxPlatformFailureRate']]);
    expect(d.criteria.map(criterionLine)).toEqual([
      'criterion maxDuplicateRate ≤ 0%: measured 10% NOT MET',
      'criterion maxPlatformFailureRate ≤ 5% (policy threshold): measured 20% NOT MET',
      'criterion minAuthorizationSuccessRate ≥ 90% (policy threshold, overridden by the team): measured 95% ok',
    ]);
  });
});

describe('criteria in their own unit', () => {
  it('shows a count criterion as a count and a rate as a percentage, never "3 ≥ 300%"', () => {
    const count = { criterion: 'minSettlementDiscrepancies' as const, limit: 3, measured: 1, ok: false };
    expect(criterionShort(count)).toBe('minSettlementDiscrepancies ≥ 3: measured 1');
    expect(criterionLine(count)).not.toContain('%');
    const unknown = { criterion: 'maxUnknownAfterHeal' as const, limit: 0, measured: 2, ok: false };
    expect(criterionLine(unknown)).toBe('criterion maxUnknownAfterHeal ≤ 0: measured 2 NOT MET');
    const rate = { criterion: 'maxDuplicateRate' as const, limit: 0, measured: 1 / 3, ok: false };
    expect(criterionShort(rate)).toBe('maxDuplicateRate ≤ 0%: measured 33.33%');
    expect(criterionShort({ ...rate, measured: null })).toBe('maxDuplicateRate ≤ 0%: measured n/a');
  });
});

describe('replayCommand', () => {
  it('names the drill, world and seed, and the mutant when there is one', () => {
    expect(replayCommand({ drill: 'capture-timeout-after-commit', world: 'sim', seed: 7 })).toBe('npx gauntlet drill capture-timeout-after-commit --world sim --seed 7');
    expect(replayCommand({ drill: 'x', world: 'sim', seed: 7 }, 'no-provider-idempotency')).toBe('npx gauntlet drill x --world sim --seed 7 --mutant no-provider-idempotency');
    expect(replayCommand({ drill: 'x', world: 'live', seed: 1 })).toContain('--driver PATH');
  });
});
