// The HTML page from real drills and hand-made failures: one well-formed, self-contained file
// (no script, nothing fetched, no URL of its own), every section present, failures rendered with
// their evidence, data escaped and redacted.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DrillResult } from '../harness/index.ts';
import { describeDrillEvent } from './describe.ts';
import { htmlReport } from './html.ts';
import { coverageRows, operationWords } from './drill-facts.ts';
import { CSS } from './html-style.ts';
import { contracts, elements, exploration, gateReport, handMadeDrill, HOSTILE, PANS, parseHtml, realDrills, realVerdictDrills, refusalDrill, SECRETS, textOf, type MarkupNode } from './test-support.ts';
import { COLOURS } from './timeline-svg.ts';

let real: { passing: DrillResult; failing: DrillResult };
let verdicts: Awaited<ReturnType<typeof realVerdictDrills>>;
beforeAll(async () => {
  real = await realDrills();
  verdicts = await realVerdictDrills();
}, 180_000);

const section = (root: MarkupNode, id: string) => elements(root, 'section').find((s) => s.attrs.id === id)!;
const table = (root: MarkupNode, cls: string) => elements(root, 'table').find((t) => t.attrs.class === cls)!;
const fullReport = () => gateReport({ verdict: 'error', contracts: contracts(), exploration: exploration(true), drills: [real.passing, real.failing, handMadeDrill()], errors: [`setup failed ${HOSTILE}`], notes: ['a note'] });

describe('htmlReport', () => {
  it('is one well-formed page with no script, no fetch and no URL of its own', () => {
    const report = fullReport();
    const html = htmlReport(report);
    const root = parseHtml(html);
    expect(root.name).toBe('html');
    for (const banned of ['script', 'link', 'img', 'iframe', 'object', 'embed']) expect(elements(root, banned), banned).toEqual([]);
    for (const n of collect(root)) {
      expect(n.attrs.src, n.name).toBeUndefined();
      if (n.attrs.href !== undefined) expect(n.attrs.href).toMatch(/^#[\w-]+$/);
      for (const [k] of Object.entries(n.attrs)) expect(k.startsWith('on'), `${n.name} ${k}`).toBe(false);
    }
    expect(html).not.toMatch(/url\(|@import/);
    // The only URLs are data (where contracts were verified), shown as text.
    let rest = html;
    for (const c of report.contracts) rest = rest.split(c.baseUrl).join('');
    expect(rest).not.toMatch(/https?:|\/\/[a-z0-9]/i);
    expect(elements(root, 'meta').find((m) => m.attrs['http-equiv'] === 'Content-Security-Policy')?.attrs.content).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });

  it('leads with the verdict and the totals', () => {
    const root = parseHtml(htmlReport(fullReport()));
    const header = elements(root, 'header')[0]!;
    expect(textOf(elements(header, 'h1')[0]!)).toContain('ERROR');
    const totals = elements(header, 'b').map(textOf);
    expect(totals).toEqual(['reference core', '3 / 4 pass', '1 violation(s)', '1 / 3 pass', '1']);
    expect(textOf(section(root, 'errors'))).toContain(`setup failed ${HOSTILE}`);
  });

  it('tables the contracts, a failed interaction with its mismatches', () => {
    const root = parseHtml(htmlReport(fullReport()));
    const contracts = section(root, 'contracts');
    const dataRows = (t: MarkupNode) => elements(t, 'tr').filter((r) => elements(r, 'td').length > 0);
    // The failing interaction first, in its own table, outside the fold; the three passing ones folded in <details>.
    const [failing, passing] = elements(contracts, 'table');
    expect(dataRows(failing!)).toHaveLength(1);
    const failed = dataRows(failing!)[0]!;
    expect(textOf(failed)).toContain(`refund above captured ${HOSTILE}`);
    expect(elements(failed, 'li').map(textOf)).toEqual([`BodyMismatch $.error.code: expected "amount_too_large" but got ${HOSTILE}`, 'card [redacted PAN] key sk_[redacted]']);
    const fold = elements(contracts, 'details');
    expect(fold).toHaveLength(1);
    expect(fold[0]!.attrs.open).toBeUndefined();
    expect(textOf(elements(fold[0]!, 'summary')[0]!)).toBe('3 passing interaction(s)');
    expect(dataRows(passing!)).toHaveLength(3);
    expect(textOf(dataRows(passing!)[0]!)).toContain('OK');
  });

  it('summarizes the exploration: runs, lifecycles/s, digest, each violation with its timeline and replay command', () => {
    const text = textOf(section(parseHtml(htmlReport(fullReport())), 'exploration'));
    for (const s of ['17 generated, 9 more while shrinking', '340 (170 per second)', 'ab12'.repeat(16), 'no-provider-idempotency', `captured twice at the PSP ${HOSTILE}`, 't+      0ms  p0 invoke capture pay-3 {}', 'npx gauntlet replay --seed 42 --path 16:0:0 --mutant no-provider-idempotency']) {
      expect(text).toContain(s);
    }
  });

  it('gives each drill its verdict, KPIs beside the pass criteria, faults, invariants, a timeline and its latency', () => {
    const root = parseHtml(htmlReport(fullReport()));
    const passing = section(root, 'drill-0');
    expect(textOf(elements(passing, 'h3')[0]!)).toContain('PASS');
    const kpis = table(passing, 'kpis');
    const rows = elements(kpis, 'tr').slice(1).map((r) => elements(r, 'td').map(textOf));
    expect(rows.map((r) => r[0])).toEqual([
      'platform-caused failure rate',
      'authorization success rate',
      'duplicate financial operation rate',
      'p95 end-to-end latency',
      'webhook processing lag p95',
      'reconciliation mismatch rate',
      'unknown-state count after healing',
      'settlement discrepancies the SUT reported',
      'issuer decline rate (context)',
    ]);
    expect(rows[2]).toEqual(['duplicate financial operation rate', '0%', '≤ 0%', 'OK']);
    expect(rows[3]).toEqual(['p95 end-to-end latency', `${real.passing.kpis.latencyMs.p95} ms`, 'no criterion', '']);
    expect(rows[6]).toEqual(['unknown-state count after healing', '0', '≤ 0', 'OK']);
    const latency = elements(table(passing, 'latency'), 'td').map(textOf);
    expect(latency).toEqual([real.passing.kpis.latencyMs.p50, real.passing.kpis.latencyMs.p95, real.passing.kpis.latencyMs.p99, real.passing.kpis.latencyMs.max].map((v) => `${v} ms`));
    for (const f of real.passing.faultsApplied) expect(textOf(passing)).toContain(f);
    // One lane per payment in the timeline.
    const svg = elements(passing, 'svg')[0]!;
    expect(elements(svg, 'text').filter((t) => t.attrs.class === 'lbl' && textOf(t).startsWith('capture-timeout-after-commit-'))).toHaveLength(real.passing.payments);
    expect(textOf(passing)).toContain('No violations.');
  });

  it('renders a failing drill: unmet criteria, violated invariants, each violation\'s explained timeline and seed', () => {
    const root = parseHtml(htmlReport(fullReport()));
    const failing = section(root, 'drill-1');
    expect(textOf(elements(failing, 'h3')[0]!)).toContain('FAIL');
    const details = elements(failing, 'details');
    expect(details).toHaveLength(real.failing.violations.length);
    const v = real.failing.violations[0]!;
    const first = textOf(details[0]!);
    expect(first).toContain(`[${v.invariant}] ${v.paymentId}: ${v.explanation}`);
    const t0 = real.failing.record.history[0]!.t;
    expect(textOf(elements(details[0]!, 'pre')[0]!)).toBe(v.timeline.map((e) => describeDrillEvent(e, t0)).join('\n'));
    expect(first).toContain('seed 7');
    for (const inv of real.failing.invariants.filter((i) => i.valid === false)) {
      expect(textOf(elements(failing, 'li').find((li) => textOf(li).startsWith(inv.invariant))!)).toContain(`FAIL ${inv.violations.length} violation(s)`);
    }

    const hand = section(root, 'drill-2');
    const rows = elements(table(hand, 'kpis'), 'tr').slice(1).map((r) => elements(r, 'td').map(textOf));
    expect(rows[1]).toEqual(['authorization success rate', '50%', '≥ 40%', 'OK']);
    expect(rows[2]).toEqual(['duplicate financial operation rate', '33.33%', '≤ 0%', 'FAIL']);
    expect(rows[4]).toEqual(['webhook processing lag p95', '—', 'no criterion', '']);
    expect(textOf(hand)).toContain(`Skipped: this world cannot apply them`);
    expect(textOf(hand)).toContain(`bandwidth on stripe: no in-process equivalent ${HOSTILE}`);
    expect(textOf(hand)).toContain('undecided: no crash in this run');
    expect(textOf(elements(hand, 'pre')[0]!)).toContain('t+     50ms  p0 invoke capture');
  });

  it('says how many payments the timeline left out', () => {
    const d = handMadeDrill();
    const history = [...d.record.history];
    for (let i = 0; i < 205; i++) history.push({ index: history.length, t: 1_000_300, type: 'invoke', process: 0, opId: 100 + i, op: 'get', reference: `extra-${i}`, args: {} });
    const text = textOf(section(parseHtml(htmlReport(gateReport({ drills: [{ ...d, record: { ...d.record, history } }] }))), 'drill-0'));
    expect(text).toContain('7 of 207 payments not drawn (lane cap;');
  });

  it('shows at most 50 violations per drill, and counts the rest', () => {
    const d = handMadeDrill();
    const many = Array.from({ length: 53 }, (_, i) => ({ ...d.violations[0]!, paymentId: `p-${i}` }));
    const hand = section(parseHtml(htmlReport(gateReport({ drills: [{ ...d, violations: many }] }))), 'drill-0');
    expect(elements(hand, 'details')).toHaveLength(50);
    expect(textOf(hand)).toContain('3 more violations in gate.json.');
  });

  it('escapes everything from data and redacts card numbers and secrets', () => {
    const html = htmlReport(fullReport());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    for (const secret of [...PANS, ...SECRETS]) expect(html).not.toContain(secret);
    // The hand-made drill's authorize carried a PAN and a key in its args: its timeline shows them blanked.
    expect(html).toContain('&quot;paymentMethod&quot;:&quot;[redacted PAN]&quot;,&quot;apiKey&quot;:&quot;sk_[redacted]&quot;');
  });
});

describe('htmlReport: what each drill exercised, and every verdict', () => {
  const cells = (row: MarkupNode) => elements(row, 'td').map(textOf);
  const bodyRows = (t: MarkupNode) => elements(elements(t, 'tbody')[0]!, 'tr');
  /** Every verdict once, in an order the summary must change: pass, not applicable, below threshold, vacuous, fail. */
  const allVerdicts = () => gateReport({ verdict: 'error', drills: [real.passing, verdicts.notApplicable, verdicts.belowThreshold, verdicts.vacuous, real.failing], errors: [`drill ${verdicts.vacuous.drill} was vacuous`] });

  it('shows a real drill\'s coverage table, one row per provider × operation, and each fault with its hit count', () => {
    const d = real.passing;
    const drill = section(parseHtml(htmlReport(gateReport({ drills: [d] }))), 'drill-0');
    const rows = bodyRows(table(drill, 'coverage')).map(cells);
    expect(d.coverage.length).toBeGreaterThan(3);
    // Columns: provider, operation, attempted, then how the SUT answered (ok, declined, refused,
    // platform failure, indeterminate: together the attempts), money moved, required.
    expect(rows.map((r) => [r[0], r[1], r[2], r[8], r[9]])).toEqual(
      coverageRows(d).map((r) => [r.provider, operationWords(r.operation), String(r.attempted), r.atPsp === null ? 'n/a' : String(r.atPsp), r.min === undefined ? 'not targeted' : `≥ ${r.min}`]),
    );
    for (const [i, r] of coverageRows(d).entries()) {
      const split = rows[i]!.slice(3, 8).map((c) => Number.parseInt(c, 10));
      expect(split.reduce((a, b) => a + b, 0), rows[i]!.join(' ')).toBe(r.attempted);
      expect(split[2]).toBe(r.refused);
    }
    // The real numbers, not a copy of the helper: stripe authorizations attempted, and stripe webhooks (not targeted here).
    const stripeAuth = d.coverage.find((c) => c.provider === 'stripe' && c.operation === 'authorize')!;
    expect(rows.find((r) => r[0] === 'stripe' && r[1] === 'authorize')![2]).toEqual(String(stripeAuth.attempted));
    expect(stripeAuth.attempted).toBeGreaterThan(0);
    expect(rows.find((r) => r[0] === 'stripe' && r[1] === 'webhooks applied')?.[9]).toBe('not targeted');
    expect(elements(table(drill, 'coverage'), 'tr').filter((r) => r.attrs.class === 'short')).toHaveLength(0);

    const faults = bodyRows(table(drill, 'faults')).map(cells);
    expect(faults).toEqual(d.faults.map((f) => [f.description, f.target, String(f.hits), f.unit]));
    expect(d.faults.every((f) => f.hits > 0)).toBe(true);
  });

  it('highlights short coverage rows (a required operation never attempted included) and a fault with 0 hits', () => {
    const d = verdicts.vacuous;
    const drill = section(parseHtml(htmlReport(gateReport({ drills: [d] }))), 'drill-0');
    const faultRows = bodyRows(table(drill, 'faults'));
    expect(faultRows.map((r) => [r.attrs.class, cells(r)[2]])).toEqual([['short', '0 never fired']]);
    expect(textOf(elements(drill, 'div').find((x) => x.attrs.class === 'shortfalls')!)).toContain(d.shortfalls[0]!);

    // Ask more of the real passing drill than it did, and for adyen voids it never made.
    const demanding = { ...real.passing, required: [...real.passing.required.map((r) => (r.provider === 'stripe' && r.operation === 'authorize' ? { ...r, min: 10_000 } : r)), { provider: 'adyen', operation: 'void' as const, min: 1 }] };
    const rows = bodyRows(table(section(parseHtml(htmlReport(gateReport({ drills: [demanding] }))), 'drill-0'), 'coverage'));
    const short = rows.filter((r) => r.attrs.class === 'short').map(cells);
    expect(short.map((r) => [r[0], r[1], r[9]])).toEqual([
      ['adyen', 'void', '≥ 1 short'],
      ['stripe', 'authorize', '≥ 10000 short'],
    ]);
    expect(short[0]!.slice(2, 9)).toEqual(['0', '0', '0', '0', '0', '0', '0']);
  });

  it('gives each verdict its own badge: its own class, words and colour, none looking like pass or fail', () => {
    const root = parseHtml(htmlReport(allVerdicts()));
    const badges = elements(elements(section(root, 'drills'), 'table')[0]!, 'span').filter((b) => (b.attrs.class ?? '').startsWith('badge v-'));
    expect(badges.map((b) => [b.attrs.class, textOf(b)])).toEqual([
      ['badge v-fail', 'FAIL'],
      ['badge v-vacuous', 'VACUOUS'],
      ['badge v-below_threshold', 'BELOW THRESHOLD'],
      ['badge v-pass', 'PASS'],
      ['badge v-not_applicable', 'NOT APPLICABLE'],
    ]);
    const rules = new Map([...CSS.matchAll(/\.badge\.v-(\w+) \{ ([^}]*) \}/g)].map((m) => [m[1]!, m[2]!.trim()]));
    expect([...rules.keys()].sort()).toEqual(['below_threshold', 'fail', 'not_applicable', 'not_run', 'pass', 'vacuous']);
    expect(new Set(rules.values()).size).toBe(6);
    for (const v of ['vacuous', 'not_applicable', 'below_threshold', 'not_run']) for (const like of ['pass', 'fail']) expect(rules.get(v)).not.toContain(`var(--${like === 'pass' ? 'ok' : 'fail'})`);
  });

  it('puts failures and vacuous drills first in the summary, each linked to its section, with why', () => {
    const report = allVerdicts();
    const root = parseHtml(htmlReport(report));
    const rows = bodyRows(elements(section(root, 'drills'), 'table')[0]!);
    const order = [4, 3, 2, 0, 1];
    expect(rows.map((r) => elements(r, 'a')[0]!.attrs.href)).toEqual(order.map((i) => `#drill-${i}`));
    expect(rows.map((r) => cells(r)[0])).toEqual(order.map((i) => report.drills[i]!.drill));
    const why = rows.map((r) => cells(r)[4]);
    expect(why[0]).toContain('violation(s)');
    expect(why[1]).toBe(verdicts.vacuous.shortfalls[0]);
    expect(why[2]).toMatch(/^policy: minAuthorizationSuccessRate ≥ 95% \(overridden\): measured [\d.]+%/);
    expect(why[4]).toBe(verdicts.notApplicable.notApplicable);
    expect(cells(rows[1]!)[7]).toBe('1 applied, 1 never fired');
    // The header counts what the other drills were.
    const header = elements(root, 'header')[0]!;
    expect(textOf(header)).toContain('1 / 5 pass');
    expect(textOf(header)).toContain('1 vacuous, 1 below threshold, 1 not applicable');
  });

  it('a not-applicable drill shows its reason instead of KPIs', () => {
    const root = parseHtml(htmlReport(allVerdicts()));
    const na = section(root, 'drill-1');
    expect(textOf(elements(na, 'h3')[0]!)).toContain('NOT APPLICABLE');
    expect(textOf(na)).toContain(`Not applicable: ${verdicts.notApplicable.notApplicable}.`);
    expect(elements(na, 'table')).toEqual([]);
    expect(elements(na, 'svg')).toEqual([]);
    expect(textOf(na)).not.toContain('platform-caused failure rate');
  });

  it('marks policy criteria as such, and as overridden when the team overrode them; money criteria are unmarked', () => {
    const root = parseHtml(htmlReport(allVerdicts()));
    const below = section(root, 'drill-2');
    expect(textOf(elements(below, 'h3')[0]!)).toContain('BELOW THRESHOLD');
    const rows = elements(table(below, 'kpis'), 'tr').slice(1).map(cells);
    const auth = rows.find((r) => r[0] === 'authorization success rate')!;
    expect(auth.slice(2)).toEqual(['≥ 95% policy threshold, overridden by the team', 'FAIL']);
    expect(rows.find((r) => r[0] === 'duplicate financial operation rate')!.slice(2)).toEqual(['≤ 0%', 'OK']);
    const policy = { ...real.passing, criteria: [{ criterion: 'maxPlatformFailureRate' as const, limit: 0.05, measured: 0, ok: true, policy: true }] };
    const plat = elements(table(section(parseHtml(htmlReport(gateReport({ drills: [policy] }))), 'drill-0'), 'kpis'), 'tr').slice(1).map(cells)[0]!;
    expect(plat).toEqual(['platform-caused failure rate', '0%', '≤ 5% policy threshold', 'OK']);
  });

  it('tells the SUT refusing on purpose from the platform failing, in the coverage table and the timeline legend', () => {
    const d = refusalDrill();
    const drill = section(parseHtml(htmlReport(gateReport({ drills: [d] }))), 'drill-0');
    const t = table(drill, 'coverage');
    const heads = elements(t, 'th');
    expect(heads.map(textOf)).toEqual(['provider', 'operation', 'attempted', 'ok', 'declined by the issuer', 'refused by the SUT', 'platform failure', 'indeterminate', 'money moved at the PSP', 'required']);
    const rows = elements(elements(t, 'tbody')[0]!, 'tr').map((r) => elements(r, 'td').map(textOf));
    // The reference core answers a decline with 201 status declined (ok to the driver): it is a decline, not an ok.
    expect(rows.find((r) => r[1] === 'authorize')!.slice(2, 8)).toEqual(['10', '9', '1', '0', '0', '0']);
    expect(rows.find((r) => r[1] === 'capture')!.slice(2, 8)).toEqual(['9', '7', '0', '0', '1', '1']);
    expect(rows.find((r) => r[1] === 'refund')!.slice(2, 8)).toEqual(['1', '0', '0', '1 (mostly amount_too_large)', '0', '0']);
    // The columns carry their class, so the stylesheet draws the SUT's answers apart from platform failures.
    expect(heads.slice(4, 8).map((h) => h.attrs.class)).toEqual(['o-declined', 'o-refused', 'o-failed', 'o-indeterminate']);
    // The legend groups them the same way, each swatch in its timeline colour.
    const legend = elements(drill, 'p').find((p) => p.attrs.class === 'legend')!;
    const groups = elements(legend, 'span').filter((x) => x.attrs.class === 'group').map(textOf);
    expect(groups).toEqual(['the SUT said no on purpose (it is working): declined by the issuerrefused by the SUT', 'the platform failed: platform failureindeterminate']);
    const swatch = (o: string) => elements(elements(legend, 'span').find((x) => x.attrs.class === `o-${o}`)!, 'i')[0]!.attrs.style;
    expect(swatch('refused')).toContain(COLOURS.refused);
    expect(swatch('failed')).toContain(COLOURS.failed);
    expect(COLOURS.refused).not.toBe(COLOURS.failed);
  });

  it('says which clock a drill ran on: simulated time in the simulation world, wall time live', () => {
    const sim = refusalDrill();
    const text = (d: DrillResult) => textOf(section(parseHtml(htmlReport(gateReport({ drills: [d] }))), 'drill-0'));
    expect(text(sim)).toContain('35.3 s simulated');
    expect(text(sim)).toContain('time axis: simulated (virtual clock)');
    expect(text({ ...sim, world: 'live' })).toContain('35.3 s wall');
    expect(text({ ...sim, world: 'live' })).not.toContain('simulated');
  });

  it('lists how a drill was narrowed to the SUT', () => {
    const d = { ...real.passing, notes: ['traffic to adyen left out: the SUT does not use it'] };
    const text = textOf(section(parseHtml(htmlReport(gateReport({ drills: [d] }))), 'drill-0'));
    expect(text).toContain('Narrowed to what the SUT declares:traffic to adyen left out: the SUT does not use it');
  });
});

function collect(n: MarkupNode): MarkupNode[] {
  return [n, ...n.children.flatMap(collect)];
}

/** Strings a SUT, an adapter or a drill author could send that would be markup if not escaped. */
const ATTACKS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '&amp;'];

/** The hand-made drill with `attack` in its name, its violation's message and the SUT's error answer. */
function hostileDrill(attack: string): DrillResult {
  const d = handMadeDrill();
  const sutError = { kind: 'network' as const, code: attack, message: attack };
  const history = d.record.history.map((e) => (e.type === 'info' ? { ...e, completion: { type: 'info' as const, error: sutError } } : e));
  const violation = { ...d.violations[0]!, explanation: `explained ${attack}`, timeline: d.violations[0]!.timeline.map((e) => history[e.index]!) };
  return { ...d, drill: `drill ${attack}`, violations: [violation], record: { ...d.record, history } };
}

describe('htmlReport: hostile strings are text, never markup', () => {
  for (const attack of ATTACKS) {
    it(`shows ${JSON.stringify(attack)} in a drill name, a violation message and a SUT error as text, creating no element`, () => {
      const d = hostileDrill(attack);
      const root = parseHtml(htmlReport(gateReport({ verdict: 'fail', drills: [d], errors: [`the SUT answered ${attack}`] })));
      const all = collect(root);
      // No element the data could have opened, and no attribute it could have added.
      expect(all.filter((n) => ['script', 'img'].includes(n.name)).map((n) => n.name)).toEqual([]);
      expect(all.flatMap((n) => Object.keys(n.attrs)).filter((k) => k.startsWith('on') || k === 'src')).toEqual([]);
      // The drill name: the summary's link and the section's heading, exactly as sent.
      const summaryRow = elements(elements(section(root, 'drills'), 'tbody')[0]!, 'tr')[0]!;
      expect(textOf(elements(summaryRow, 'a')[0]!)).toBe(d.drill);
      const drill = section(root, 'drill-0');
      expect(textOf(elements(drill, 'h3')[0]!)).toContain(`drill ${d.drill} (live world, seed 99)`);
      // The violation message, in its summary.
      expect(textOf(elements(elements(drill, 'details')[0]!, 'summary')[0]!)).toContain(`: explained ${attack}`);
      // The SUT's error code: in the violation's timeline, and in the timeline bar's tooltip.
      expect(textOf(elements(drill, 'pre')[0]!)).toContain(`→ ${attack}`);
      const tips = elements(elements(drill, 'svg')[0]!, 'title').map(textOf);
      expect(tips.filter((t) => t.includes(`indeterminate (info, network/${attack})`))).toHaveLength(1);
      // The harness error, whole.
      expect(textOf(elements(section(root, 'errors'), 'pre')[0]!)).toBe(`the SUT answered ${attack}`);
    });
  }
});
