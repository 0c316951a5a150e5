// A drill: one named resilience exercise, declared in one JSON file in scenarios/drills/.
// Traffic shape, a fault schedule over time (PSP fault-plan rules, network toxics, webhook faults,
// process faults), the invariants checked and the pass criteria. The same file runs in the
// simulation world (virtual time, in process) and in the live world (real processes, Toxiproxy),
// as far as each world and the SUT allow; what a world cannot do is reported, never faked.
import { validatePlan, type FaultRule, type SettlementGap } from '../simulators/index.ts';
import { INVARIANT_NAMES } from '../spec/index.ts';

/** What the SUT must support for the drill to mean anything. */
export const CAPABILITIES = ['authorize', 'capture', 'partial_capture', 'refund', 'partial_refund', 'void', 'webhooks', 'reconcile', 'auto_routing', 'restart'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const INVARIANTS = INVARIANT_NAMES;
export type DrillInvariant = (typeof INVARIANTS)[number];

export type World = 'sim' | 'live';

/** What each payment of the traffic does after its authorization, in order. */
export type FollowUp = 'capture' | 'partial_capture' | 'refund' | 'partial_refund' | 'void';

export interface Traffic {
  /** Payments started per second (virtual seconds in the simulation world). */
  rate: number;
  /** Length of the safety phase, e.g. "10s". */
  duration: string;
  /** Upper bound on payments, whatever rate × duration says. */
  maxPayments?: number;
  /** Providers to spread payments over; `auto` lets the SUT route (and fail over). */
  providers: Array<'stripe' | 'adyen' | 'auto'>;
  capture: 'manual' | 'automatic';
  followUps: FollowUp[];
  /** Fraction of payments made with an issuer-decline test card (0..1). */
  declineRate?: number;
  /** Fraction of operations the merchant sends twice with the same Idempotency-Key (0..1). */
  retryRate?: number;
  /**
   * Fraction of payments whose authorization is first sent with the previous payment's
   * Idempotency-Key (a merchant bug or a key collision): the SUT must refuse it, never answer
   * with the other payment (0..1).
   */
  keyReuseRate?: number;
  /**
   * Currencies the payments are spread over (default EUR). Amounts are in each currency's minor
   * unit, so a zero-decimal currency (JPY) catches an integration that scales every amount by 100.
   */
  currencies?: string[];
}

/** When a fault starts (from the start of the safety phase) and how long it lasts (default: to the end of it). */
interface Timed {
  at: string;
  for?: string;
}

export type ToxicName = 'latency' | 'timeout' | 'reset_peer' | 'down' | 'bandwidth' | 'slicer' | 'limit_data';

export const NETWORK_TARGETS = ['stripe', 'adyen', 'core_webhooks', 'sut', 'merchant_events'] as const;
export type NetworkTarget = (typeof NETWORK_TARGETS)[number];

export type DrillFault = Timed &
  (
    | { kind: 'psp'; provider: 'stripe' | 'adyen'; rule: FaultRule }
    /**
     * On the wire to a PSP, on the PSPs' webhooks to the SUT (core_webhooks), on the merchant's
     * calls to the SUT (sut), or on the SUT's events to the merchant (merchant_events).
     */
    | { kind: 'network'; target: NetworkTarget; toxic: ToxicName; attributes?: Record<string, number> }
    | { kind: 'process'; action: 'sigkill' }
    /**
     * The SUT SIGKILLs itself right after its provider call number `calls` (counted from the
     * world's start), before writing the outcome; then it is restarted on the same database. Only
     * a world that started the SUT armed for it (GAUNTLET_CRASH_AFTER_PROVIDER_CALL) applies it.
     */
    | { kind: 'process'; action: 'crash_after_provider_call'; calls: number }
    /** The PSP's settlement report leaves a line out, adds one, or gets an amount wrong; it stays wrong until the drill is judged. */
    | { kind: 'settlement'; provider: 'stripe' | 'adyen'; gap: SettlementGap }
  );

export interface PassCriteria {
  /** Failures the platform caused (issuer declines excluded), as a fraction of operations. */
  maxPlatformFailureRate?: number;
  minAuthorizationSuccessRate?: number;
  maxDuplicateRate?: number;
  maxUnknownAfterHeal?: number;
  maxReconciliationMismatchRate?: number;
  /** Discrepancies the SUT's own reconciliation must report against the settlement file (settlement gaps). */
  minSettlementDiscrepancies?: number;
  /** And at most this many: reconciliation is judged both ways, a discrepancy that is not there is a false alarm. */
  maxSettlementDiscrepancies?: number;
  /** Requests that came back to a PSP before the Retry-After its 429 asked for (PSP etiquette: they get you blocked). */
  maxEarlyRetries?: number;
}

/**
 * Pass criteria that encode one SUT's resilience policy (how hard it retries, whether it fails
 * over) rather than money safety: a team may override them per drill; missing one is a distinct
 * verdict from an invariant violation. The others (duplicates, unknown after heal, mismatches,
 * settlement discrepancies) are about money and stay as the drill says.
 */
export const POLICY_CRITERIA = ['maxPlatformFailureRate', 'minAuthorizationSuccessRate'] as const satisfies readonly (keyof PassCriteria)[];

/** What the drill must have exercised for its verdict to mean anything; see harness/drill/exercise.ts. */
export interface Exercise {
  /** Each targeted operation must reach the PSP at least this often per provider (default 1). */
  minPerProvider?: number;
}

export interface Drill {
  name: string;
  description: string;
  requires: Capability[];
  /** Where the drill can run; the first is where the gate runs it. */
  worlds: World[];
  traffic: Traffic;
  faults: DrillFault[];
  invariants: DrillInvariant[] | 'all';
  pass: PassCriteria;
  exercise?: Exercise;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

/** "250ms", "10s", "2m" → milliseconds. */
export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 250ms, 10s, 2m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000);
}

/** Checks a parsed drill file; returns the list of problems (empty when valid). */
export function validateDrill(value: unknown, source: string): { ok: true; drill: Drill } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const d = value as Partial<Drill>;
  const isFraction = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
  const isDuration = (x: unknown) => typeof x === 'string' && DURATION.test(x);
  if (typeof value !== 'object' || value === null) return { ok: false, errors: [`${source}: not a JSON object`] };
  if (typeof d.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.name)) errors.push('name: kebab-case, as the file name');
  if (typeof d.description !== 'string' || d.description.length < 10) errors.push('description: say what the drill does to the SUT');
  if (!Array.isArray(d.requires) || d.requires.some((c) => !CAPABILITIES.includes(c))) errors.push(`requires: a list of ${CAPABILITIES.join(', ')}`);
  if (!Array.isArray(d.worlds) || d.worlds.length === 0 || d.worlds.some((w) => w !== 'sim' && w !== 'live')) errors.push('worlds: a non-empty list of sim, live');
  const t = d.traffic;
  if (!t || typeof t !== 'object') errors.push('traffic: required');
  else {
    if (!(typeof t.rate === 'number' && t.rate > 0 && t.rate <= 200)) errors.push('traffic.rate: payments per second, 0 < rate ≤ 200');
    if (!isDuration(t.duration) || durationMs(t.duration) > 600_000) errors.push('traffic.duration: a duration up to 10m');
    if (t.maxPayments !== undefined && !(Number.isSafeInteger(t.maxPayments) && t.maxPayments > 0 && t.maxPayments <= 10_000)) errors.push('traffic.maxPayments: 1..10000');
    if (!Array.isArray(t.providers) || t.providers.length === 0 || t.providers.some((p) => !['stripe', 'adyen', 'auto'].includes(p))) errors.push('traffic.providers: stripe, adyen, auto');
    if (t.capture !== 'manual' && t.capture !== 'automatic') errors.push('traffic.capture: manual or automatic');
    if (!Array.isArray(t.followUps) || t.followUps.some((f) => !['capture', 'partial_capture', 'refund', 'partial_refund', 'void'].includes(f))) errors.push('traffic.followUps: capture, partial_capture, refund, partial_refund, void');
    if (t.declineRate !== undefined && !isFraction(t.declineRate)) errors.push('traffic.declineRate: 0..1');
    if (t.retryRate !== undefined && !isFraction(t.retryRate)) errors.push('traffic.retryRate: 0..1');
    if (t.keyReuseRate !== undefined && !isFraction(t.keyReuseRate)) errors.push('traffic.keyReuseRate: 0..1');
    if (t.currencies !== undefined && (!Array.isArray(t.currencies) || t.currencies.length === 0 || t.currencies.length > 10 || t.currencies.some((c) => typeof c !== 'string' || !/^[A-Z]{3}$/.test(c)))) errors.push('traffic.currencies: 1 to 10 ISO 4217 codes, e.g. ["EUR", "JPY"]');
  }
  if (!Array.isArray(d.faults)) errors.push('faults: a list (may be empty)');
  else
    d.faults.forEach((f, i) => {
      const at = `faults[${i}]`;
      if (!isDuration(f.at)) errors.push(`${at}.at: a duration from the start of the safety phase`);
      if (f.for !== undefined && !isDuration(f.for)) errors.push(`${at}.for: a duration`);
      if (f.kind === 'psp') {
        if (f.provider !== 'stripe' && f.provider !== 'adyen') errors.push(`${at}.provider: stripe or adyen`);
        const plan = validatePlan({ rules: [f.rule] });
        if (!plan.ok) errors.push(...plan.errors.map((e) => `${at}.rule: ${e.replace(/^rules\[0\]\.?/, '')} (fault-plan rule: simulators/README.md)`));
      } else if (f.kind === 'network') {
        if (!(NETWORK_TARGETS as readonly string[]).includes(f.target)) errors.push(`${at}.target: one of ${NETWORK_TARGETS.join(', ')}`);
        if (!['latency', 'timeout', 'reset_peer', 'down', 'bandwidth', 'slicer', 'limit_data'].includes(f.toxic)) errors.push(`${at}.toxic: a Toxiproxy toxic or down`);
      } else if (f.kind === 'process') {
        if (f.action === 'crash_after_provider_call') {
          if (!(Number.isSafeInteger(f.calls) && f.calls >= 1 && f.calls <= 1000)) errors.push(`${at}.calls: the provider call (1..1000) right after which the SUT dies`);
        } else if (f.action !== 'sigkill') errors.push(`${at}.action: sigkill or crash_after_provider_call`);
      } else if (f.kind === 'settlement') {
        if (f.provider !== 'stripe' && f.provider !== 'adyen') errors.push(`${at}.provider: stripe or adyen`);
        const plan = validatePlan({ rules: [], settlement: [f.gap] });
        if (!plan.ok) errors.push(...plan.errors.map((e) => `${at}.gap: ${e.replace(/^settlement\[0\]\.?/, '')}`));
      } else errors.push(`${at}.kind: psp, network, process or settlement`);
    });
  if (d.invariants !== 'all' && (!Array.isArray(d.invariants) || d.invariants.length === 0 || d.invariants.some((x) => !INVARIANTS.includes(x)))) errors.push(`invariants: "all" or a list of ${INVARIANTS.join(', ')}`);
  if (!d.pass || typeof d.pass !== 'object') errors.push('pass: the pass criteria (may be {})');
  else
    for (const [k, v] of Object.entries(d.pass)) {
      const counts = ['maxUnknownAfterHeal', 'minSettlementDiscrepancies', 'maxSettlementDiscrepancies', 'maxEarlyRetries'];
      if (!['maxPlatformFailureRate', 'minAuthorizationSuccessRate', 'maxDuplicateRate', 'maxUnknownAfterHeal', 'maxReconciliationMismatchRate', 'minSettlementDiscrepancies', 'maxSettlementDiscrepancies', 'maxEarlyRetries'].includes(k)) errors.push(`pass.${k}: unknown criterion`);
      else if (counts.includes(k) ? !(Number.isSafeInteger(v) && (v as number) >= 0) : !isFraction(v)) errors.push(`pass.${k}: ${counts.includes(k) ? 'a count' : 'a fraction 0..1'}`);
    }
  if (d.exercise !== undefined) {
    const m = d.exercise?.minPerProvider;
    if (typeof d.exercise !== 'object' || d.exercise === null || Object.keys(d.exercise).some((k) => k !== 'minPerProvider')) errors.push('exercise: { "minPerProvider": n }');
    else if (m !== undefined && !(Number.isSafeInteger(m) && m >= 1 && m <= 1000)) errors.push('exercise.minPerProvider: 1..1000');
  }
  if (errors.length) return { ok: false, errors: errors.map((e) => `${source}: ${e}`) };
  return { ok: true, drill: value as Drill };
}
