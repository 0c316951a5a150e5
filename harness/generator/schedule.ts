// The generator: fast-check arbitraries for a schedule, a workload (payments over both providers,
// amounts, split captures and refunds, concurrent operations on one payment, merchant retries
// with the same key) interleaved with faults (PSP fault-plan rules, network faults, webhook faults).
// fast-check shrinks a failing schedule to a minimal one.
import fc from 'fast-check';
import { FORGERY_LIES, FORGERY_SIGNATURES, type FaultRule } from '../../simulators/index.ts';
import type { NetworkFault } from '../nemesis/network.ts';

export type Provider = 'stripe' | 'adyen';

/** Two-decimal currencies and a zero-decimal one (JPY: amounts in yen), so a wrong minor unit shows. */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];

export type OpStep =
  /** `amount` in the currency's minor unit (yen for JPY); `currency` EUR when absent. */
  | { kind: 'authorize'; pay: number; provider: Provider | 'auto'; card: 'approved' | 'declined'; capture: 'manual' | 'automatic'; amount: number; currency?: Currency }
  | { kind: 'capture'; pay: number; part: number | null }
  | { kind: 'refund'; pay: number; part: number | null }
  | { kind: 'void'; pay: number }
  /** The merchant retries the payment's last operation with the same Idempotency-Key. */
  | { kind: 'retry'; pay: number }
  | { kind: 'get'; pay: number };

export type FaultStep =
  | { kind: 'psp_fault'; provider: Provider; rule: FaultRule }
  | { kind: 'net_fault'; target: Provider | 'core' | 'merchant'; fault: NetworkFault }
  /** Every fault healed, or only the network fault on `target` (the merchant's receiver back). */
  | { kind: 'heal'; target?: 'merchant' }
  /** The PSP refunds `part` percent of what is left of a captured payment on its own (a dashboard refund). */
  | { kind: 'psp_refund'; pay: number; part: number | null }
  /** The cardholder disputes a captured payment: the PSP opens a chargeback, announced only by webhook. */
  | { kind: 'psp_dispute'; pay: number; part: number | null };

export type Step = OpStep | { kind: 'concurrent'; a: OpStep; b: OpStep } | FaultStep | { kind: 'wait'; ms: number };

export interface Schedule {
  /** Seeds the simulators' and the SUT's random sources for this run. */
  worldSeed: number;
  steps: Step[];
  /**
   * fast-check's scheduler: the order in which concurrent requests, responses and webhook
   * deliveries cross the in-process network. Absent: the event loop's own order.
   */
  interleaving?: fc.Scheduler;
}

export const MAX_PAYMENTS = 4;

const pay = fc.integer({ min: 0, max: MAX_PAYMENTS - 1 });
const provider = fc.constantFrom<Provider>('stripe', 'adyen');
/** A capture or refund of a fraction of the payment (in percent), or of everything left (null). */
const part = fc.option(fc.integer({ min: 10, max: 100 }), { nil: null, freq: 2 });

export const opStep: fc.Arbitrary<OpStep> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('authorize' as const), pay, provider: fc.constantFrom<Provider | 'auto'>('stripe', 'adyen', 'auto'), card: fc.constantFrom('approved' as const, 'approved' as const, 'declined' as const), capture: fc.constantFrom('manual' as const, 'manual' as const, 'automatic' as const), amount: fc.integer({ min: 100, max: 20_000 }), currency: fc.constantFrom(...CURRENCIES) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('capture' as const), pay, part }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('refund' as const), pay, part }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pay }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), pay }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('get' as const), pay }) },
);

const operationOf: Record<Provider, string[]> = {
  stripe: ['stripe.payment_intents.create', 'stripe.payment_intents.capture', 'stripe.payment_intents.cancel', 'stripe.refunds.create'],
  adyen: ['adyen.payments', 'adyen.captures', 'adyen.cancels', 'adyen.refunds'],
};

const requestRule = (p: Provider): fc.Arbitrary<FaultRule> =>
  fc.record({
    match: fc.constantFrom(...operationOf[p]).map((operation) => ({ operation })),
    times: fc.integer({ min: 1, max: 3 }),
    effect: fc.oneof(
      fc.constant({ type: 'timeout_after_commit' as const, hangMs: 0 }),
      fc.constant({ type: 'fail_before_commit' as const }),
      fc.record({ type: fc.constant('error' as const), status: fc.constantFrom(500, 503) }),
      // The PSP executed, then answered 500: only a core that takes a 500 as "may have happened" agrees.
      fc.record({ type: fc.constant('error_after_commit' as const), status: fc.constant(500) }),
      fc.record({ type: fc.constant('rate_limit' as const), retryAfterSeconds: fc.constant(1) }),
      fc.record({ type: fc.constant('latency' as const), ms: fc.constantFrom(500, 5_000), afterCommit: fc.boolean() }),
      fc.constant({ type: 'decline' as const, code: 'insufficient_funds' as const }),
    ),
  });

const webhookRule: fc.Arbitrary<FaultRule> = fc.record({
  times: fc.integer({ min: 1, max: 4 }),
  effect: fc.oneof(
    { weight: 1, arbitrary: fc.record({ type: fc.constant('duplicate' as const), copies: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.constant({ type: 'reorder' as const, maxHoldMs: 10_000 }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('delay' as const), ms: fc.constantFrom(1_000, 30_000) }) },
    { weight: 1, arbitrary: fc.constant({ type: 'drop' as const, attempts: 1 }) },
    { weight: 2, arbitrary: fc.constant({ type: 'bad_signature' as const }) },
    // Forgeries that lie (a capture or refund that never happened, a wrong amount, an unknown
    // payment), signed wrong or not at all: a SUT that skips verification is fooled visibly.
    { weight: 3, arbitrary: fc.record({ type: fc.constant('forge' as const), lie: fc.constantFrom(...FORGERY_LIES), signature: fc.constantFrom(...FORGERY_SIGNATURES) }) },
    { weight: 2, arbitrary: fc.constant({ type: 'stale' as const, ageMs: 600_000 }) },
  ),
});

/**
 * Adyen's captures or refunds received, then refused by the scheme in the notification (no money
 * moved), until healed: a scheme outage, so a run with Adyen modifications in it meets one.
 */
const asyncFailure: fc.Arbitrary<FaultRule> = fc.record({
  match: fc.constantFrom('adyen.captures', 'adyen.refunds').map((operation) => ({ operation })),
  effect: fc.constant({ type: 'async_failure' as const }),
});

/** The next calls to one PSP, whatever they are, execute and then answer 500. */
const errorAfterCommitBurst = (p: Provider): fc.Arbitrary<FaultRule> =>
  fc.record({ match: fc.constant({ operation: `${p}.*` }), times: fc.integer({ min: 1, max: 2 }), effect: fc.constant({ type: 'error_after_commit' as const, status: 500 }) });

/** A short 429 storm on every operation of one PSP: what a SUT's Retry-After handling meets. */
const rateLimitStorm = (p: Provider): fc.Arbitrary<FaultRule> =>
  fc.record({ match: fc.constant({ operation: `${p}.*` }), times: fc.integer({ min: 1, max: 3 }), effect: fc.constant({ type: 'rate_limit' as const, retryAfterSeconds: 1 }) });

export const faultStep: fc.Arbitrary<FaultStep> = fc.oneof(
  { weight: 3, arbitrary: provider.chain((p) => fc.record({ kind: fc.constant('psp_fault' as const), provider: fc.constant(p), rule: requestRule(p) })) },
  { weight: 1, arbitrary: provider.chain((p) => fc.record({ kind: fc.constant('psp_fault' as const), provider: fc.constant(p), rule: rateLimitStorm(p) })) },
  { weight: 1, arbitrary: provider.chain((p) => fc.record({ kind: fc.constant('psp_fault' as const), provider: fc.constant(p), rule: errorAfterCommitBurst(p) })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('psp_fault' as const), provider: fc.constant<Provider>('adyen'), rule: asyncFailure }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('psp_fault' as const), provider, rule: webhookRule }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('net_fault' as const),
      target: fc.constantFrom<Provider | 'core'>('stripe', 'adyen', 'core'),
      fault: fc.oneof(
        fc.record({ type: fc.constant('latency' as const), ms: fc.constantFrom(200, 5_000) }),
        fc.constant({ type: 'drop_request' as const }),
        fc.constant({ type: 'drop_response' as const }),
        fc.constant({ type: 'reset' as const }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'heal' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('psp_refund' as const), pay, part }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('psp_dispute' as const), pay, part }) },
);

/** Two money operations on the SAME payment at once: the check-then-act race. */
const sameTarget: fc.Arbitrary<Step> = fc
  .tuple(pay, fc.constantFrom<'capture' | 'refund'>('capture', 'refund'), part, part)
  .map(([p, kind, a, b]) => ({ kind: 'concurrent' as const, a: { kind, pay: p, part: a }, b: { kind, pay: p, part: b } }));

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: opStep },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('concurrent' as const), a: opStep, b: opStep }) },
  { weight: 2, arbitrary: sameTarget },
  { weight: 3, arbitrary: faultStep },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(1_000, 60_000) }) },
);

/**
 * The merchant's receiver of the SUT's merchant events unreachable from step `from` on, for
 * `steps` steps, then healed (or healed with everything else when the run ends first): events
 * the SUT announced meanwhile must reach the merchant once it is back.
 */
export interface MerchantOutage {
  from: number;
  steps: number;
  fault: NetworkFault;
}

const merchantOutage: fc.Arbitrary<MerchantOutage | undefined> = fc.option(
  fc.record({
    from: fc.nat({ max: 23 }),
    steps: fc.integer({ min: 1, max: 12 }),
    fault: fc.constantFrom<NetworkFault>({ type: 'drop_request' }, { type: 'drop_response' }, { type: 'reset' }),
  }),
  { nil: undefined, freq: 2 },
);

/** The steps with the outage's fault and its heal in place. */
export function withMerchantOutage(steps: readonly Step[], outage: MerchantOutage | undefined): Step[] {
  if (!outage) return [...steps];
  const from = Math.min(outage.from, steps.length);
  const to = from + outage.steps;
  const out: Step[] = [...steps.slice(0, from), { kind: 'net_fault', target: 'merchant', fault: outage.fault }, ...steps.slice(from, to)];
  if (to < steps.length) out.push({ kind: 'heal', target: 'merchant' }, ...steps.slice(to));
  return out;
}

/**
 * fast-check's scheduler, made from a seed and made again from that seed whenever fast-check
 * clones it for a run. fc.scheduler()'s own clones share one random stream (each clone is built
 * from the same task selector, whose generator the previous clone's run consumed), so running
 * the same schedule twice, or replaying it from (seed, path), could order its hops differently:
 * a violation found by the check did not reproduce. A seed never shrinks: the scheduler never did.
 */
export function seededScheduler(seed: number): fc.Scheduler {
  const s = fc.sample(fc.scheduler(), { seed, numRuns: 1 })[0]!;
  return Object.assign(s, { [fc.cloneMethod]: () => seededScheduler(seed) });
}

// The outage is drawn after everything else and woven in by `map`.
export const schedule: fc.Arbitrary<Schedule> = fc
  .record({
    worldSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    // A schedule that never authorizes creates no payment: no money can move, nothing can be
    // violated, and it cost a whole world (about half of the unfiltered schedules were such).
    steps: fc.array(step, { minLength: 1, maxLength: 24 }).filter(authorizesAPayment),
    interleaving: fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 })).map(seededScheduler),
    merchantOutage,
  })
  .map(({ merchantOutage: outage, ...s }) => ({ ...s, steps: withMerchantOutage(s.steps, outage) }));

/** Whether a step (or either half of a concurrent one) authorizes a payment. */
function authorizes(st: Step): boolean {
  return st.kind === 'authorize' || (st.kind === 'concurrent' && (st.a.kind === 'authorize' || st.b.kind === 'authorize'));
}

export function authorizesAPayment(steps: readonly Step[]): boolean {
  return steps.some(authorizes);
}

/** How many operations a schedule asks of the SUT (the counterexample length). */
export function operationCount(s: Schedule): number {
  return s.steps.reduce((n, st) => n + (st.kind === 'concurrent' ? 2 : 'pay' in st ? 1 : 0), 0);
}
