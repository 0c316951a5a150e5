// JUnit XML from real drills and hand-made failures, read back with a strict parser: well-formed,
// the testcases and failures counted right, data escaped and redacted.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DrillResult } from '../harness/index.ts';
import { junitXml } from './junit.ts';
import { coverageLine, coverageRows } from './drill-facts.ts';
import { percent } from './format.ts';
import { contracts, elements, exploration, gateReport, handMadeDrill, HOSTILE, PANS, parseMarkup, realDrills, realVerdictDrills, refusalDrill, SECRETS, textOf, type MarkupNode } from './test-support.ts';

let real: { passing: DrillResult; failing: DrillResult };
let verdicts: Awaited<ReturnType<typeof realVerdictDrills>>;
beforeAll(async () => {
  real = await realDrills();
  verdicts = await realVerdictDrills();
}, 180_000);

const attr = (n: MarkupNode, name: string) => n.attrs[name];
const suite = (root: MarkupNode, name: string) => elements(root, 'testsuite').find((s) => attr(s, 'name') === name)!;

describe('the test-support parser (so that "well-formed" means something)', () => {
  it('rejects crossed tags, bare & and <, unquoted attributes, two roots, unclosed elements', () => {
    for (const bad of ['<a><b></a></b>', '<a>x & y</a>', '<a>1 < 2</a>', '<a b=c/>', '<a b="<"/>', '<a/><b/>', '<a><b></b>', '<a b="1" b="2"/>', '<a>&nbsp;</a>']) {
      expect(() => parseMarkup(bad), bad).toThrow();
    }
    expect(textOf(parseMarkup('<a x="&quot;"><b>1 &lt; 2 &amp;&#39;</b></a>'))).toBe("1 < 2 &'");
  });
});

describe('junitXml', () => {
  it('a passing gate: one suite per pact, the exploration and each drill; a testcase per interaction, drill and invariant', () => {
    const ok = contracts().slice(0, 1);
    const root = parseMarkup(junitXml(gateReport({ contracts: ok, exploration: exploration(false), drills: [real.passing] })));
    expect(root.name).toBe('testsuites');
    expect(elements(root, 'testsuite').map((s) => attr(s, 'name'))).toEqual(['contracts: gauntlet-core → stripe', 'exploration', 'drill: capture-timeout-after-commit (sim)']);
    const drill = suite(root, 'drill: capture-timeout-after-commit (sim)');
    expect(elements(drill, 'testcase').map((c) => attr(c, 'name'))).toEqual(['drill capture-timeout-after-commit', ...real.passing.invariants.map((i) => `invariant ${i.invariant}`)]);
    expect(real.passing.invariants).toHaveLength(7);
    expect(attr(root, 'tests')).toBe(String(2 + 1 + 1 + 7));
    expect(attr(root, 'failures')).toBe('0');
    expect(elements(root, 'failure')).toHaveLength(0);
    // Seconds, not milliseconds.
    expect(attr(drill, 'time')).toBe((real.passing.durationMs / 1000).toFixed(3));
    expect(attr(root, 'time')).toBe('12.345');
    expect(attr(root, 'timestamp')).toBe('2026-06-01T09:00:00');
    expect(textOf(elements(drill, 'system-out')[0]!)).toContain(`fault applied: ${real.passing.faultsApplied[0]}`);
  });

  it('a real failing drill: the drill and each violated invariant fail, with the explanation and the timeline', () => {
    const d = real.failing;
    const root = parseMarkup(junitXml(gateReport({ verdict: 'fail', drills: [d] })));
    const cases = elements(root, 'testcase');
    const failed = cases.filter((c) => elements(c, 'failure').length).map((c) => attr(c, 'name'));
    const violated = d.invariants.filter((i) => i.valid === false).map((i) => `invariant ${i.invariant}`);
    expect(violated.length).toBeGreaterThan(0);
    expect(failed).toEqual(['drill capture-timeout-after-commit', ...violated]);
    expect(attr(root, 'failures')).toBe(String(failed.length));
    const first = d.invariants.find((i) => i.valid === false)!;
    const failure = elements(cases.find((c) => attr(c, 'name') === `invariant ${first.invariant}`)!, 'failure')[0]!;
    expect(attr(failure, 'message')).toContain(first.violations[0]!.explanation);
    expect(textOf(failure)).toContain(`[${first.invariant}] ${first.violations[0]!.paymentId}`);
    expect(textOf(failure)).toMatch(/t\+\s+\d+ms {2}p0 invoke (authorize|capture)/);
    expect(textOf(failure)).toContain('seed 7');
    const drillFailure = elements(cases[0]!, 'failure')[0]!;
    for (const c of d.criteria.filter((x) => !x.ok)) expect(attr(drillFailure, 'message')).toContain(c.criterion);
  });

  it('hand-made failures: a failed interaction, an exploration violation, harness errors; skipped faults are notes, undecided invariants skipped', () => {
    const xml = junitXml(gateReport({ verdict: 'error', contracts: contracts(), exploration: exploration(true), drills: [handMadeDrill()], errors: [`drill x did not complete ${HOSTILE}`], notes: ['exploration skipped: external SUT'] }));
    const root = parseMarkup(xml);
    expect(elements(root, 'testsuite')).toHaveLength(2 + 1 + 1 + 1);
    // 4 interactions + exploration + (drill + 3 invariants) + 1 harness error
    expect(attr(root, 'tests')).toBe('10');
    expect(attr(root, 'failures')).toBe('4'); // the interaction, the exploration, the drill, no-double-money
    expect(attr(root, 'errors')).toBe('1');
    expect(attr(root, 'skipped')).toBe('1');
    expect(elements(root, 'failure')).toHaveLength(4);

    const contract = suite(root, 'contracts: checkout → gauntlet-core');
    expect(attr(contract, 'failures')).toBe('1');
    const failure = elements(contract, 'failure')[0]!;
    expect(attr(failure, 'message')).toBe(`BodyMismatch $.error.code: expected "amount_too_large" but got ${HOSTILE}`);
    expect(textOf(failure).split('\n')).toHaveLength(2);

    const explore = elements(suite(root, 'exploration'), 'failure')[0]!;
    expect(textOf(explore)).toContain('replay: npx gauntlet replay --seed 42 --path 16:0:0 --mutant no-provider-idempotency');

    const drill = suite(root, 'drill: hand-made (live)');
    const skipped = elements(drill, 'skipped');
    expect(skipped.map((s) => attr(s, 'message'))).toEqual(['undecided: no crash in this run']);
    expect(textOf(elements(drill, 'system-out')[0]!)).toContain(`fault skipped (this world cannot apply it; not a failure): bandwidth on stripe: no in-process equivalent ${HOSTILE}`);
    expect(attr(elements(drill, 'testcase')[0]!, 'time')).toBe('0.300');

    const gate = suite(root, 'gate');
    expect(attr(elements(gate, 'error')[0]!, 'message')).toBe(`drill x did not complete ${HOSTILE}`);
    expect(textOf(elements(gate, 'system-out')[0]!)).toBe('note: exploration skipped: external SUT');
  });

  it('writes at most 50 violation timelines per invariant, and counts the rest', () => {
    const d = handMadeDrill();
    const many = Array.from({ length: 60 }, (_, i) => ({ ...d.violations[0]!, paymentId: `p-${i}` }));
    const drill = { ...d, violations: many, invariants: [{ invariant: 'no-double-money' as const, valid: false as const, violations: many }] };
    const failure = elements(parseMarkup(junitXml(gateReport({ drills: [drill] }))), 'failure')[1]!;
    expect(textOf(failure)).toContain('[no-double-money] p-49:');
    expect(textOf(failure)).not.toContain('[no-double-money] p-50:');
    expect(textOf(failure)).toMatch(/10 more violations in gate\.json$/);
  });

  it('escapes < & " \' in text and attributes, and never writes a card number or a secret', () => {
    const xml = junitXml(gateReport({ contracts: contracts(), exploration: exploration(true), drills: [handMadeDrill()], errors: ['bell\u0007'] }));
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; ]]&gt;');
    for (const secret of [...PANS, ...SECRETS]) expect(xml).not.toContain(secret);
    expect(xml).toContain('[redacted PAN]');
    expect(() => parseMarkup(xml)).not.toThrow();
  });
});

describe('junitXml: every drill verdict', () => {
  const drillCase = (root: MarkupNode, d: DrillResult) => elements(suite(root, `drill: ${d.drill} (${d.world})`), 'testcase').find((c) => attr(c, 'name') === `drill ${d.drill}`)!;

  it('the real fixtures have the verdicts these tests are about', () => {
    expect([real.passing.verdict, real.failing.verdict, verdicts.vacuous.verdict, verdicts.notApplicable.verdict, verdicts.belowThreshold.verdict]).toEqual(['pass', 'fail', 'vacuous', 'not_applicable', 'below_threshold']);
  });

  it('a vacuous drill is an <error> of type VacuousDrill naming what did not happen, never a pass or a failure', () => {
    const d = verdicts.vacuous;
    expect(d.shortfalls).toEqual(['fault never fired: stripe: timeout_after_commit on stripe.refunds.create touched no requests']);
    const root = parseMarkup(junitXml(gateReport({ verdict: 'error', drills: [d] })));
    const c = drillCase(root, d);
    const error = elements(c, 'error');
    expect(error).toHaveLength(1);
    expect(attr(error[0]!, 'type')).toBe('VacuousDrill');
    expect(attr(error[0]!, 'message')).toBe(`proved nothing: ${d.shortfalls[0]}`);
    expect(textOf(error[0]!)).toContain(`- ${d.shortfalls[0]}`);
    expect(elements(c, 'failure')).toHaveLength(0);
    expect(elements(c, 'skipped')).toHaveLength(0);
    expect(attr(suite(root, `drill: ${d.drill} (${d.world})`), 'errors')).toBe('1');
    expect(textOf(elements(c, 'system-out')[0]!)).toContain('fault applied: stripe: timeout_after_commit on stripe.refunds.create: 0 requests touched (NEVER FIRED)');
  });

  it('a not-applicable drill is <skipped> with the reason, and nothing of it fails', () => {
    const d = verdicts.notApplicable;
    const root = parseMarkup(junitXml(gateReport({ drills: [d], notes: [`drill ${d.drill}: not applicable`] })));
    const s = suite(root, `drill: ${d.drill} (${d.world})`);
    expect(elements(s, 'testcase')).toHaveLength(1);
    expect(elements(s, 'skipped').map((x) => attr(x, 'message'))).toEqual([`not applicable: ${d.notApplicable}`]);
    expect(d.notApplicable).toMatch(/SIGKILL/);
    expect([attr(s, 'failures'), attr(s, 'errors'), attr(s, 'skipped')]).toEqual(['0', '0', '1']);
    expect([attr(root, 'failures'), attr(root, 'errors')]).toEqual(['0', '0']);
  });

  it('below threshold is a <failure> of type ThresholdMissed naming the policy criteria missed; a bug stays DrillFailed', () => {
    const d = verdicts.belowThreshold;
    const missed = d.criteria.filter((c) => !c.ok);
    expect(missed.map((c) => [c.criterion, c.policy, c.overridden])).toEqual([['minAuthorizationSuccessRate', true, true]]);
    const root = parseMarkup(junitXml(gateReport({ verdict: 'below_threshold', drills: [d, real.failing] })));
    const failure = elements(drillCase(root, d), 'failure');
    expect(failure.map((f) => attr(f, 'type'))).toEqual(['ThresholdMissed']);
    const measured = percent(missed[0]!.measured);
    expect(attr(failure[0]!, 'message')).toBe(`resilience-policy threshold(s) missed (money safe): minAuthorizationSuccessRate ≥ 95% (overridden): measured ${measured}`);
    expect(textOf(failure[0]!)).toBe(
      `criterion minAuthorizationSuccessRate ≥ 95% (policy threshold, overridden by the team): measured ${measured} NOT MET\nreplay: npx gauntlet drill declines-below-team-threshold --world sim --seed 7`,
    );
    // Money was safe: every invariant testcase passes.
    const s = suite(root, `drill: ${d.drill} (${d.world})`);
    expect(attr(s, 'failures')).toBe('1');
    expect(elements(drillCase(root, real.failing), 'failure').map((f) => attr(f, 'type'))).toEqual(['DrillFailed']);
  });

  it("the drill's coverage lines tell the SUT's refusals and the issuer's declines from platform failures", () => {
    const d = refusalDrill();
    const out = textOf(elements(drillCase(parseMarkup(junitXml(gateReport({ drills: [d] }))), d), 'system-out')[0]!).split('\n');
    const line = (op: string) => out.find((l) => l.startsWith(`coverage stripe ${op}: `))!;
    expect(line('authorize')).toMatch(/; ok 9; the SUT said no on purpose: declined by the issuer 1, refused by the SUT 0; the platform failed: platform failure 0, indeterminate 0$/);
    expect(line('capture')).toMatch(/; ok 7; the SUT said no on purpose: declined by the issuer 0, refused by the SUT 0; the platform failed: platform failure 1, indeterminate 1$/);
    expect(line('refund')).toMatch(/refused by the SUT 1 \(mostly amount_too_large\).*; ok 0; the SUT said no on purpose: declined by the issuer 0, refused by the SUT 1; the platform failed: platform failure 0, indeterminate 0$/);
  });

  it("the drill's system-out carries one line per coverage cell, each fault with its hit count, the notes and the shortfalls", () => {
    const d = real.passing;
    expect(d.coverage.length).toBeGreaterThan(3);
    expect(d.faults.length).toBeGreaterThan(0);
    const out = textOf(elements(drillCase(parseMarkup(junitXml(gateReport({ drills: [d] }))), d), 'system-out')[0]!).split('\n');
    const coverage = out.filter((l) => l.startsWith('coverage '));
    expect(coverage).toEqual(coverageRows(d).map(coverageLine));
    expect(coverage).toHaveLength(d.coverage.length);
    const stripeAuth = d.coverage.find((c) => c.provider === 'stripe' && c.operation === 'authorize')!;
    const line = coverage.find((l) => l.startsWith('coverage stripe authorize: '));
    expect(line).toMatch(new RegExp(`^coverage stripe authorize: attempted ${stripeAuth.attempted}, ok ${stripeAuth.ok} / fail ${stripeAuth.fail} / info ${stripeAuth.info}, refused by the SUT 0, money moved at the PSP ${stripeAuth.atPsp}; required ≥ 1 met; ok \\d+; the SUT said no on purpose: declined by the issuer \\d+, refused by the SUT 0; the platform failed: platform failure \\d+, indeterminate \\d+$`));
    for (const f of d.faults) {
      expect(f.hits).toBeGreaterThan(0);
      expect(out).toContain(`fault applied: ${f.description}: ${f.hits} ${f.unit} touched`);
    }
    expect(out[0]).toContain('verdict PASS');

    const hand = { ...handMadeDrill(), notes: ['traffic to adyen left out: the SUT does not use it'], shortfalls: ['adyen capture: 0 reached the PSP, at least 1 needed (0 attempted)'] };
    const handOut = textOf(elements(drillCase(parseMarkup(junitXml(gateReport({ drills: [hand] }))), hand), 'system-out')[0]!);
    expect(handOut).toContain('note: traffic to adyen left out: the SUT does not use it');
    expect(handOut).toContain('shortfall: adyen capture: 0 reached the PSP');
  });
});
