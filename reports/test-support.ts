// For the reports' tests: gate reports built from real drills and by hand (with the failures and
// hostile strings a report must survive), and parsers so the tests read the HTML (parse5, the
// browsers' algorithm) and XML (a strict little reader) they check instead of grepping it.
import type { VerificationReport } from '../contracts/index.ts';

import type { Completion, DrillResult, ExploreReport, HistoryEvent } from '../harness/index.ts';
import { measureCoverage, runDrill, simDrillWorld } from '../harness/index.ts';
import { findDrill } from '../scenarios/index.ts';
import { formatMoney } from '../spec/index.ts';
import type { GateReport } from './gate-report.ts';
import type { MarkupNode } from './testing/html-parse.ts';
import { openSimStore } from '../harness/index.ts';

export { elements, parseHtml, textOf, type MarkupNode } from './testing/html-parse.ts';

/** Markup that must come out escaped, never as markup. */
export const HOSTILE = `<script>alert("x")</script> & 'quoted' ]]>`;
export const PANS = ['4242424242424242', '4000 0566 5566 5556', '5555-5555-5555-4444'];
export const SECRETS = ['sk_test_51HxyzSECRET', 'whsec_yourtestsecret'];

export function gateReport(parts: Partial<GateReport> = {}): GateReport {
  return { startedAt: '2026-06-01T09:00:00.000Z', durationMs: 12_345, verdict: 'pass', sut: 'reference core', contracts: [], exploration: null, drills: [], errors: [], notes: [], ...parts };
}

/** The correct core and the no-provider-idempotency mutant through capture-timeout-after-commit, seed 7. */
export async function realDrills(): Promise<{ passing: DrillResult; failing: DrillResult }> {
  const store = await openSimStore();
  try {
    const drill = findDrill('capture-timeout-after-commit');
    const passing = await runDrill(drill, await simDrillWorld({ seed: 7, store }), { seed: 7 });
    const failing = await runDrill(drill, await simDrillWorld({ seed: 7, store, mutant: 'no-provider-idempotency' }), { seed: 7 });
    return { passing, failing };
  } finally {
    await store.close();
  }
}

/**
 * Real drills for the verdicts other than pass and fail, each from the real runner in the
 * simulation world (seed 7, 3 s of traffic each, to stay quick):
 * - vacuous: capture-timeout-after-commit with its only fault aimed at refunds, which its traffic
 *   never makes: the fault never fires;
 * - not applicable: sut-crash-mid-capture, whose SIGKILL the simulation world cannot deliver;
 * - below threshold: the same drill with half its cards declined, money safe, and the team's own
 *   (overridden) minimum authorization success rate of 95% missed.
 */
export async function realVerdictDrills(): Promise<{ vacuous: DrillResult; notApplicable: DrillResult; belowThreshold: DrillResult }> {
  const store = await openSimStore();
  try {
    const base = findDrill('capture-timeout-after-commit');
    const short = { ...base.traffic, duration: '3s' };
    const stripeFault = base.faults[0]!;
    if (stripeFault.kind !== 'psp') throw new Error('capture-timeout-after-commit changed: its first fault is no longer a PSP fault');
    const neverFires = { ...stripeFault, rule: { ...stripeFault.rule, match: { operation: 'stripe.refunds.create' } } };
    const vacuous = await runDrill({ ...base, name: 'refund-fault-never-fires', traffic: short, faults: [neverFires] }, await simDrillWorld({ seed: 7, store }), { seed: 7 });
    const notApplicable = await runDrill(findDrill('sut-crash-mid-capture'), await simDrillWorld({ seed: 7, store }), { seed: 7 });
    const belowThreshold = await runDrill({ ...base, name: 'declines-below-team-threshold', traffic: { ...short, declineRate: 0.5 } }, await simDrillWorld({ seed: 7, store }), { seed: 7, criteria: { minAuthorizationSuccessRate: 0.95 } });
    return { vacuous, notApplicable, belowThreshold };
  } finally {
    await store.close();
  }
}

export function contracts(): VerificationReport[] {
  return [
    {
      pactFile: 'contracts/pacts/core-stripe.json',
      consumer: 'gauntlet-core',
      provider: 'stripe',
      baseUrl: 'http://127.0.0.1:12111',
      ok: true,
      interactions: [
        { description: 'creates a PaymentIntent', states: [], ok: true, mismatches: [] },
        { description: 'captures it', states: ['a PaymentIntent requires capture'], ok: true, mismatches: [] },
      ],
    },
    {
      pactFile: 'contracts/pacts/checkout-core.json',
      consumer: 'checkout',
      provider: 'gauntlet-core',
      baseUrl: 'http://127.0.0.1:8080',
      ok: false,
      interactions: [
        { description: 'authorizes a payment', states: ['the merchant exists'], ok: true, mismatches: [] },
        { description: `refund above captured ${HOSTILE}`, states: ['a captured payment'], ok: false, mismatches: [`BodyMismatch $.error.code: expected "amount_too_large" but got ${HOSTILE}`, `card ${PANS[0]} key ${SECRETS[0]}`] },
      ],
    },
  ];
}

export function exploration(violations = true): NonNullable<GateReport['exploration']> {
  const report: ExploreReport = { seed: 42, runs: 17, shrinkRuns: 9, lifecycles: 340, durationMs: 2_000, lifecyclesPerSecond: 170, historyDigest: 'ab12'.repeat(16), violations: [] };
  if (violations) {
    report.violations = [
      {
        invariant: 'no-double-money',
        paymentId: 'pay-3',
        explanation: `captured twice at the PSP ${HOSTILE}`,
        timeline: ['t+      0ms  p0 invoke capture pay-3 {}', `t+     10ms  p0 info capture pay-3 → timeout ${PANS[1]}`],
        seed: 42,
        path: '16:0:0',
        replay: 'npx gauntlet replay --seed 42 --path 16:0:0 --mutant no-provider-idempotency',
      },
    ];
    report.counterexampleOps = 3;
  }
  return { ...report, mutant: violations ? 'no-provider-idempotency' : null };
}

/**
 * A small failing drill, by hand: a fault that is healed, one never healed, one the world skipped,
 * a capture that ended indeterminate, a violation naming it, and an invariant left undecided.
 */
export function handMadeDrill(): DrillResult {
  const T = 1_000_000;
  const ref = `hand-0 ${HOSTILE}`;
  const history: HistoryEvent[] = [
    { index: 0, t: T, type: 'phase', phase: 'safety' },
    { index: 1, t: T, type: 'fault', action: 'start', target: 'psp:stripe', description: 'stripe: timeout_after_commit on capture' },
    { index: 2, t: T + 10, type: 'invoke', process: 0, opId: 0, op: 'authorize', reference: ref, args: { paymentMethod: PANS[0], apiKey: SECRETS[0] } },
    { index: 3, t: T + 40, type: 'ok', process: 0, opId: 0, op: 'authorize', reference: ref, completion: { type: 'ok', value: { paymentId: 'pay_1', reference: ref, status: 'authorized', amount: 100, currency: 'EUR', provider: 'stripe', providerPaymentId: 'pi_1', amounts: { authorized: 100, captured: 0, refunded: 0 }, declineCode: null } } },
    { index: 4, t: T + 50, type: 'invoke', process: 0, opId: 1, op: 'capture', reference: ref, args: {} },
    { index: 5, t: T + 80, type: 'fault', action: 'start', target: 'net:adyen', description: 'adyen: latency 500 ms' },
    { index: 6, t: T + 90, type: 'info', process: 0, opId: 1, op: 'capture', reference: ref, completion: { type: 'info', error: { kind: 'network', code: 'timeout', message: 'no answer' } } },
    { index: 7, t: T + 100, type: 'invoke', process: 1, opId: 2, op: 'authorize', reference: 'hand-1', args: {} },
    { index: 8, t: T + 150, type: 'fail', process: 1, opId: 2, op: 'authorize', reference: 'hand-1', completion: { type: 'fail', error: { kind: 'decline', code: 'insufficient_funds', message: 'declined' } } },
    { index: 9, t: T + 200, type: 'phase', phase: 'heal' },
    { index: 10, t: T + 200, type: 'fault', action: 'stop', target: 'psp:stripe', description: 'healed: stripe: timeout_after_commit on capture' },
    { index: 11, t: T + 220, type: 'webhook', provider: 'stripe', eventId: 'evt_1', eventType: 'charge.captured', kind: 'duplicate', status: 200 },
    { index: 12, t: T + 230, type: 'webhook', provider: 'stripe', eventId: 'evt_2', eventType: 'charge.captured', kind: 'forged' },
    { index: 13, t: T + 300, type: 'phase', phase: 'final' },
  ];
  const violation = { invariant: 'no-double-money' as const, paymentId: ref, explanation: `captured 200 of 100 authorized ${HOSTILE}`, timeline: [history[2]!, history[4]!, history[6]!] };
  return {
    drill: 'hand-made',
    world: 'live',
    seed: 99,
    verdict: 'fail',
    passed: false,
    notes: [],
    coverage: [
      { provider: 'stripe', operation: 'authorize', attempted: 1, ok: 1, fail: 0, info: 0, refused: 0, atPsp: 1 },
      { provider: 'stripe', operation: 'capture', attempted: 2, ok: 1, fail: 0, info: 1, refused: 0, atPsp: 2 },
    ],
    required: [{ provider: 'stripe', operation: 'capture', min: 1 }],
    faults: [{ description: 'stripe: timeout_after_commit on capture', target: 'psp:stripe', hits: 1, unit: 'requests' }],
    shortfalls: [],
    durationMs: 300,
    payments: 2,
    faultsApplied: ['stripe: timeout_after_commit on capture', 'adyen: latency 500 ms'],
    faultsSkipped: [`bandwidth on stripe: no in-process equivalent ${HOSTILE}`],
    invariants: [
      { invariant: 'no-double-money', valid: false, violations: [violation] },
      { invariant: 'agreement', valid: true, violations: [] },
      { invariant: 'durability', valid: 'unknown', note: 'no crash in this run', violations: [] },
    ],
    violations: [violation],
    kpis: { operations: 3, platformFailureRate: 0.3333, authorizationSuccessRate: 0.5, declineRate: 0.5, duplicateRate: 0.3333, latencyMs: { p50: 30, p95: 50, p99: 50, max: 50 }, webhookLagP95Ms: null, reconciliationMismatchRate: 0, unknownAfterHeal: 1, settlementDiscrepancies: null, earlyRetries: null },
    criteria: [
      { criterion: 'maxDuplicateRate', limit: 0, measured: 0.3333, ok: false },
      { criterion: 'maxUnknownAfterHeal', limit: 0, measured: 1, ok: false },
      { criterion: 'minAuthorizationSuccessRate', limit: 0.4, measured: 0.5, ok: true },
    ],
    historyDigest: 'cd34'.repeat(16),
    record: { seed: 99, history, ledger: [], final: [], livenessBoundMs: 60_000 },
  };
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

/**
 * Parses XML (the JUnit file; parse5 reads only HTML) strictly enough to catch what a sloppy
 * writer produces: unclosed or crossed tags, a raw `<` or `&` in text or in an attribute,
 * unquoted or duplicated attributes, anything after the root. Throws on the first problem.
 */
export function parseMarkup(text: string): MarkupNode {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 30))}`);
  };
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const readText = (stop: string): string => {
    let out = '';
    while (i < text.length && !stop.includes(text[i]!)) {
      if (text[i] === '&') {
        ENTITY.lastIndex = i;
        const m = ENTITY.exec(text);
        if (!m) fail('a bare &');
        out += decode(m![0]);
        i += m![0].length;
      } else out += text[i++];
    }
    return out;
  };
  if (text.startsWith('<?xml')) i = text.indexOf('?>') + 2;
  skipSpace();
  const root: MarkupNode = { name: '#document', attrs: {}, children: [], content: [] };
  const stack: MarkupNode[] = [root];
  while (i < text.length) {
    const top = stack.at(-1)!;
    if (text[i] !== '<') {
      const t = readText('<');
      if (stack.length === 1 && t.trim()) fail('text outside the root');
      top.content.push(t);
      continue;
    }
    if (text.startsWith('</', i)) {
      const m = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(text.slice(i));
      if (!m) fail('a malformed end tag');
      if (m![1] !== top.name) fail(`</${m![1]}> closes <${top.name}>`);
      stack.pop();
      i += m![0].length;
      continue;
    }
    const m = /^<([A-Za-z][\w:.-]*)/.exec(text.slice(i));
    if (!m) fail('a bare <');
    i += m![0].length;
    const node: MarkupNode = { name: m![1]!, attrs: {}, children: [], content: [] };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i) || text[i] === '>') break;
      if (i === before) fail('attributes must be separated by space');
      const a = /^([A-Za-z_:][\w:.-]*)="/.exec(text.slice(i));
      if (!a) fail('an attribute without a double-quoted value');
      i += a![0].length;
      const value = readText('"<');
      if (text[i] !== '"') fail('a < inside an attribute value');
      i++;
      if (a![1]! in node.attrs) fail(`attribute ${a![1]} twice`);
      node.attrs[a![1]!] = value;
    }
    if (stack.length === 1 && root.children.length) fail('a second root element');
    top.children.push(node);
    top.content.push(node);
    if (text.startsWith('/>', i)) i += 2;
    else {
      i += 1;
      stack.push(node);
    }
  }
  if (stack.length > 1) fail(`<${stack.at(-1)!.name}> never closed`);
  if (root.children.length !== 1) fail('no root element');
  return root.children[0]!;
}

function decode(entity: string): string {
  const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
  if (named[entity]) return named[entity];
  const hex = entity.startsWith('&#x');
  return String.fromCodePoint(parseInt(entity.slice(hex ? 3 : 2, -1), hex ? 16 : 10));
}

/**
 * A failing sim drill whose violations name money in EUR and JPY, worded as the agreement checker
 * words them (amounts through spec's formatMoney): what the browser test reads on the page.
 */
export function moneyDrill(): DrillResult {
  const d = handMadeDrill();
  const eur = { invariant: 'agreement' as const, paymentId: 'pay-eur', explanation: `payment pay-eur disagrees with stripe pi_eur: the SUT says ${formatMoney(8907, 'EUR')} refunded, the PSP ${formatMoney(4500, 'EUR')}.`, timeline: [] };
  const jpy = { invariant: 'agreement' as const, paymentId: 'pay-jpy', explanation: `payment pay-jpy disagrees with adyen PSPjpy: the SUT says ${formatMoney(1000, 'JPY')} captured, the PSP ${formatMoney(0, 'JPY')}.`, timeline: [] };
  return {
    ...d,
    drill: 'refund-money-mismatch',
    world: 'sim',
    seed: 7,
    invariants: [...d.invariants.filter((i) => i.invariant !== 'agreement'), { invariant: 'agreement', valid: false, violations: [eur, jpy] }],
    violations: [eur, jpy],
    criteria: [...d.criteria, { criterion: 'minSettlementDiscrepancies', limit: 3, measured: 1, ok: false }],
  };
}

/**
 * A passing sim drill shaped like the library's (5 s of traffic under a fault, a 30 s wait for
 * breakers and webhooks, then liveness and the final read) in which the SUT ends operations every
 * way there is: ok; an issuer decline it reports as a 2xx with status declined; a refund above the
 * captured amount it refuses (422, kind invalid); a 502 (a platform failure); a timeout
 * (indeterminate). What the timeline's scale and the refusal colours are judged on.
 */
export function refusalDrill(): DrillResult {
  const T = 1_780_000_000_000;
  const history: HistoryEvent[] = [];
  const at = (t: number, e: Record<string, unknown>) => history.push({ index: history.length, t: T + t, ...e } as unknown as HistoryEvent);
  const observation = (reference: string, status: string, amounts = { authorized: 1000, captured: 0, refunded: 0 }) => ({ paymentId: `pay-${reference}`, reference, status, amount: 1000, currency: 'EUR', provider: 'stripe', providerPaymentId: `pi_${reference}`, amounts, declineCode: status === 'declined' ? 'card_declined' : null });
  at(0, { type: 'phase', phase: 'safety' });
  at(0, { type: 'fault', action: 'start', target: 'psp:stripe', description: 'stripe: 502 on captures' });
  let opId = 0;
  const op = (t: number, ms: number, name: string, reference: string, completion: Completion) => {
    const base = { process: opId % 4, opId, op: name, reference };
    at(t, { type: 'invoke', ...base, args: {} });
    at(t + ms, { type: completion.type, ...base, completion });
    opId += 1;
  };
  for (let i = 0; i < 10; i++) {
    const ref = `pay-${i}`;
    const t = i * 450;
    if (i === 3) {
      op(t, 30, 'authorize', ref, { type: 'ok', value: observation(ref, 'declined') });
      continue;
    }
    op(t, 30, 'authorize', ref, { type: 'ok', value: observation(ref, 'authorized') });
    if (i === 5) op(t + 60, 25, 'capture', ref, { type: 'fail', error: { kind: 'platform', code: 'provider_error', message: 'stripe answered 502' } });
    else if (i === 7) op(t + 60, 300, 'capture', ref, { type: 'info', error: { kind: 'network', code: 'timeout', message: 'no answer' } });
    else {
      op(t + 60, 25, 'capture', ref, { type: 'ok', value: observation(ref, 'captured', { authorized: 1000, captured: 1000, refunded: 0 }) });
      if (i === 2) op(t + 120, 20, 'refund', ref, { type: 'fail', error: { kind: 'invalid', code: 'amount_too_large', message: 'refund above the captured amount' } });
    }
  }
  at(5000, { type: 'phase', phase: 'heal' });
  at(5000, { type: 'fault', action: 'stop', target: 'psp:stripe', description: 'healed: stripe: 502 on captures' });
  at(35_000, { type: 'phase', phase: 'liveness' });
  at(35_300, { type: 'phase', phase: 'final' });
  const d = handMadeDrill();
  return {
    ...d,
    drill: 'refusals-and-failures',
    world: 'sim',
    seed: 11,
    verdict: 'pass',
    passed: true,
    violations: [],
    invariants: d.invariants.map((i) => ({ ...i, valid: i.valid === 'unknown' ? 'unknown' : true, violations: [] })),
    coverage: measureCoverage({ history, ledger: [], final: [] }),
    required: [],
    faults: [{ description: 'stripe: 502 on captures', target: 'psp:stripe', hits: 1, unit: 'requests' }],
    faultsApplied: ['stripe: 502 on captures'],
    faultsSkipped: [],
    durationMs: 35_300,
    payments: 10,
    criteria: [],
    record: { seed: 11, history, ledger: [], final: [], livenessBoundMs: 60_000 },
  };
}
