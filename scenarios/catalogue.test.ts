// The drill library as data: every file loads and validates, the named drills are all there, and
// each drill is internally consistent (its faults fire inside its safety phase, its fault-plan
// rules are rules the simulators accept and that can match something, its `requires` covers what
// it exercises). Running the drills is harness/drill/drills.test.ts; this file needs no database.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globMatches, validatePlan, type FaultRule } from '../simulators/index.ts';
import { DRILLS_DIR, durationMs, findDrill, loadDrillFile, loadDrills, validateDrill, type Capability, type Drill } from './index.ts';

/** The drills the library promises by name (the brief of the drill library). */
const NAMED = [
  'provider-outage',
  'slow-provider',
  'capture-timeout-after-commit',
  'refund-timeout-after-commit',
  'rate-limit-storm',
  'flaky-5xx',
  'webhook-storm',
  'webhook-out-of-order',
  'webhook-before-response',
  'webhook-forgery',
  'webhook-stale-replay',
  'partition-to-psp',
  'sut-crash-mid-capture',
  'settlement-gap',
  'decline-mix',
  'provider-outage-failover',
] as const;

// What a fault-plan rule can match in the two dialects. Kept here by hand on purpose: a rule whose
// pattern matches none of these (a typo, a renamed operation, a brace glob the plan does not
// support) would be accepted by every validator and silently never fire.
const OPERATIONS: Record<'stripe' | 'adyen', string[]> = {
  stripe: ['stripe.payment_intents.create', 'stripe.payment_intents.capture', 'stripe.payment_intents.cancel', 'stripe.payment_intents.retrieve', 'stripe.refunds.create'],
  adyen: ['adyen.payments', 'adyen.captures', 'adyen.refunds', 'adyen.cancels', 'adyen.reversals'],
};
const EVENTS: Record<'stripe' | 'adyen', string[]> = {
  stripe: [
    'payment_intent.created',
    'payment_intent.amount_capturable_updated',
    'payment_intent.succeeded',
    'payment_intent.payment_failed',
    'payment_intent.canceled',
    'charge.succeeded',
    'charge.failed',
    'charge.captured',
    'charge.refunded',
    'refund.created',
  ],
  adyen: ['AUTHORISATION', 'CAPTURE', 'REFUND', 'CANCELLATION', 'CANCEL_OR_REFUND'],
};
const WEBHOOK_EFFECTS = new Set(['duplicate', 'reorder', 'delay', 'drop', 'bad_signature', 'stale']);

const drills = loadDrills();
const pspRules = (d: Drill): Array<{ provider: 'stripe' | 'adyen'; rule: FaultRule }> => d.faults.flatMap((f) => (f.kind === 'psp' ? [{ provider: f.provider, rule: f.rule }] : []));

describe('the drill catalogue', () => {
  it('holds at least the 15 named drills, each once', () => {
    const names = drills.map((d) => d.name);
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names).toEqual(expect.arrayContaining([...NAMED]));
    expect(new Set(names).size).toBe(names.length);
    expect(findDrill('webhook-storm').name).toBe('webhook-storm');
  });

  it('every file in the directory is a valid drill named as its file', () => {
    const files = readdirSync(DRILLS_DIR).filter((f) => f.endsWith('.json'));
    // loadDrills already throws on the first bad file; this says which files, all at once.
    const problems = files.flatMap((f) => {
      const value: unknown = JSON.parse(readFileSync(join(DRILLS_DIR, f), 'utf8'));
      const r = validateDrill(value, f);
      if (!r.ok) return r.errors;
      return r.drill.name === f.replace(/\.json$/, '') ? [] : [`${f}: name ${r.drill.name}`];
    });
    expect(problems).toEqual([]);
    expect(files).toHaveLength(drills.length);
    // No stray files: a drill saved as .JSON or .json5 would never be loaded.
    expect(readdirSync(DRILLS_DIR).filter((f) => !f.endsWith('.json'))).toEqual([]);
  });

  it('every drill states the safety bar: nothing unknown after healing, no double money, books equal to the ledgers', () => {
    for (const d of drills) {
      expect.soft(d.pass.maxUnknownAfterHeal, d.name).toBe(0);
      expect.soft(d.pass.maxDuplicateRate, d.name).toBe(0);
      expect.soft(d.pass.maxReconciliationMismatchRate, d.name).toBe(0);
      expect.soft(d.invariants, d.name).toBe('all');
    }
  });

  it('every fault starts and ends inside the safety phase (one that starts after it never starts, and the run is vacuous)', () => {
    for (const d of drills) {
      const safety = durationMs(d.traffic.duration);
      for (const f of d.faults) {
        const end = durationMs(f.at) + (f.for ? durationMs(f.for) : 0);
        expect.soft(durationMs(f.at), `${d.name}: fault at ${f.at}`).toBeLessThan(safety);
        expect.soft(end, `${d.name}: fault at ${f.at} for ${f.for}`).toBeLessThanOrEqual(safety);
      }
    }
  });

  it('every psp rule is a fault-plan rule the simulators accept, and its pattern matches a real operation or event', () => {
    for (const d of drills) {
      for (const { provider, rule } of pspRules(d)) {
        const label = `${d.name}: ${rule.id ?? JSON.stringify(rule)}`;
        const plan = validatePlan({ rules: [rule] });
        expect.soft(plan.ok ? [] : plan.errors, label).toEqual([]);
        const webhook = WEBHOOK_EFFECTS.has(rule.effect.type);
        const pattern = webhook ? rule.match?.event : rule.match?.operation;
        if (pattern === undefined) continue; // no pattern: every request (or every webhook)
        // Only the rule's own provider counts: a stripe rule on adyen.* or on AUTHORISATION never fires.
        const candidates = (webhook ? EVENTS : OPERATIONS)[provider];
        expect.soft(candidates.some((c) => globMatches(pattern, c)), `${label}: ${pattern} matches nothing ${provider} does`).toBe(true);
      }
    }
  });

  it("every drill requires what it exercises", () => {
    for (const d of drills) {
      const needs = new Set<Capability>(['authorize']);
      for (const f of d.traffic.followUps) needs.add(f);
      if (d.traffic.providers.includes('auto')) needs.add('auto_routing');
      if (pspRules(d).some(({ rule }) => WEBHOOK_EFFECTS.has(rule.effect.type))) needs.add('webhooks');
      if (d.faults.some((f) => f.kind === 'process')) needs.add('restart');
      expect.soft(d.requires, d.name).toEqual(expect.arrayContaining([...needs]));
    }
  });

  it('only drills that need a real process are live-only; the rest run in both worlds, simulation first', () => {
    for (const d of drills) {
      const needsLive = d.faults.some((f) => f.kind === 'process');
      expect.soft(d.worlds, d.name).toEqual(needsLive ? ['live'] : ['sim', 'live']);
    }
    expect(findDrill('sut-crash-mid-capture').worlds).toEqual(['live']);
  });

  it('keeps each drill small enough for the whole catalogue to run in the simulation world in seconds', () => {
    for (const d of drills) {
      const payments = Math.min(d.traffic.maxPayments ?? Infinity, (durationMs(d.traffic.duration) / 1000) * d.traffic.rate);
      expect.soft(payments, d.name).toBeLessThanOrEqual(90);
    }
  });

  it('the drills that promise a shape have it', () => {
    // Names are promises: each of these is what the drill's name says it is.
    const d = (name: string) => findDrill(name);
    expect(d('decline-mix').traffic.declineRate).toBe(0.3);
    expect(d('decline-mix').pass).toMatchObject({ maxPlatformFailureRate: 0 });
    expect(d('decline-mix').pass.minAuthorizationSuccessRate).toBeGreaterThanOrEqual(0.4);
    expect(d('provider-outage-failover').traffic.providers).toEqual(['auto']);
    expect(pspRules(d('webhook-storm')).map(({ rule }) => rule.effect)).toEqual([
      { type: 'duplicate', copies: 4 },
      { type: 'duplicate', copies: 4 },
    ]);
    expect(pspRules(d('webhook-out-of-order')).some(({ rule }) => rule.effect.type === 'reorder')).toBe(true);
    expect(pspRules(d('webhook-before-response')).every(({ rule }) => rule.effect.type === 'latency' && rule.effect.afterCommit === true)).toBe(true);
    expect(new Set(pspRules(d('webhook-forgery')).map(({ rule }) => rule.effect.type))).toEqual(new Set(['bad_signature', 'forge']));
    expect(new Set(pspRules(d('webhook-stale-replay')).map(({ rule }) => rule.effect.type))).toEqual(new Set(['stale']));
    expect(pspRules(d('flaky-5xx')).every(({ rule }) => (rule.effect.type === 'error' || rule.effect.type === 'error_after_commit') && rule.times !== undefined)).toBe(true);
    expect(pspRules(d('rate-limit-storm')).every(({ rule }) => rule.effect.type === 'rate_limit' && (rule.effect.retryAfterSeconds ?? 0) > 0)).toBe(true);
    expect(d('partition-to-psp').faults.every((f) => f.kind === 'network' && ['reset_peer', 'timeout'].includes(f.toxic) && f.for !== undefined)).toBe(true);
    expect(d('sut-crash-mid-capture').faults.filter((f) => f.kind === 'process')).not.toHaveLength(0);
    // The outage recovers: its fault has an end, and traffic goes on after it.
    const outage = d('provider-outage').faults[0]!;
    expect(outage.for).toBeDefined();
    expect(durationMs(outage.at) + durationMs(outage.for!)).toBeLessThan(durationMs(d('provider-outage').traffic.duration));
  });
});

describe('validateDrill', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(findDrill('capture-timeout-after-commit'))) as Record<string, unknown>;
  const errorsOf = (value: unknown): string[] => {
    const r = validateDrill(value, 'x.json');
    return r.ok ? [] : r.errors;
  };

  it('accepts a well-formed drill as it is', () => {
    const r = validateDrill(good(), 'x.json');
    expect(r.ok).toBe(true);
  });

  it('refuses what is not a JSON object', () => {
    expect(errorsOf(null)).toEqual(['x.json: not a JSON object']);
    expect(errorsOf('provider-outage')).toEqual(['x.json: not a JSON object']);
  });

  it('names each problem with the file and the field, all at once', () => {
    const d = good();
    d.name = 'Capture Timeout';
    d.worlds = ['staging'];
    (d.traffic as Record<string, unknown>).duration = '10 seconds';
    (d.traffic as Record<string, unknown>).declineRate = 1.5;
    d.pass = { maxDuplicateRate: 2, maxUnknownAfterHeal: 0.5, minRevenue: 1 };
    expect(errorsOf(d)).toEqual([
      'x.json: name: kebab-case, as the file name',
      'x.json: worlds[0]: sim or live',
      'x.json: traffic.duration: a duration up to 10m',
      'x.json: traffic.declineRate: 0..1',
      'x.json: pass.maxDuplicateRate: a fraction 0..1',
      'x.json: pass.maxUnknownAfterHeal: a count',
      'x.json: pass.minRevenue: unknown field',
    ]);
  });

  it('refuses faults it cannot schedule or apply', () => {
    const d = good();
    d.faults = [
      { at: 'soon', kind: 'psp', provider: 'stripe', rule: { effect: { type: 'error', status: 503 } } },
      { at: '1s', kind: 'psp', provider: 'paypal', rule: { match: { operation: 'x' } } },
      { at: '1s', kind: 'network', target: 'core', toxic: 'latency' },
      { at: '1s', kind: 'process', action: 'sigterm' },
      { at: '1s', for: 'a while', kind: 'dns' },
    ];
    expect(errorsOf(d)).toEqual([
      'x.json: faults[0].at: a duration from the start of the safety phase',
      'x.json: faults[1].provider: stripe or adyen',
      'x.json: faults[1].rule.effect: required: an object with a "type"',
      'x.json: faults[2].target: one of stripe, adyen, core_webhooks, sut, merchant_events',
      'x.json: faults[3].action: sigkill or crash_after_provider_call',
      // An unknown kind is the one problem of its fault: its other fields depend on the kind.
      'x.json: faults[4].kind: psp, network, process or settlement',
    ]);
  });

  it('refuses unknown capabilities, invariants and follow-ups', () => {
    const d = good();
    d.requires = ['authorize', 'teleport'];
    d.invariants = ['no-double-money', 'eventual-happiness'];
    (d.traffic as Record<string, unknown>).followUps = ['capture', 'chargeback'];
    const errors = errorsOf(d);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^x\.json: requires\[1\]: one of authorize, capture/);
    expect(errors[1]).toBe('x.json: traffic.followUps[1]: one of capture, partial_capture, refund, partial_refund, void');
    expect(errors[2]).toMatch(/^x\.json: invariants: "all" or a list of no-double-money/);
  });
});

describe('loading drill files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-drills-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file whose name is not the drill name', () => {
    const path = join(dir, 'wrong-name.json');
    writeFileSync(path, JSON.stringify(findDrill('flaky-5xx')));
    expect(() => loadDrillFile(path)).toThrow(/name "flaky-5xx" must match the file name/);
  });

  it('refuses a file that is not JSON, saying which file', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "name": "broken", ');
    expect(() => loadDrillFile(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it('lists every problem of an invalid file', () => {
    const path = join(dir, 'half.json');
    writeFileSync(path, JSON.stringify({ name: 'half', description: 'too short?', requires: [], worlds: ['sim'], faults: [], invariants: 'all', pass: {} }));
    expect(() => loadDrillFile(path)).toThrow(/invalid drill\n {2}.*half\.json: traffic: required/);
  });

  it('finds a drill by name, by path, and says what exists when the name is wrong', () => {
    expect(findDrill(join(DRILLS_DIR, 'decline-mix.json')).name).toBe('decline-mix');
    expect(() => findDrill('provider-outtage')).toThrow(/no drill "provider-outtage" \(one of .*provider-outage/);
  });
});
