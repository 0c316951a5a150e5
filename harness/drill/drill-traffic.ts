// A drill's own traffic: payments started at the drill's rate for the safety phase, each a flow
// (authorize, then the follow-ups in order, with merchant retries on the same key), as a merchant's
// checkout would send them. The runner (run-drill.ts) takes any traffic source of this shape; load
// (vegeta) is another.
import type { Drill, DrillFault } from '../../scenarios/index.ts';
import type { RandomSource } from '../../simulators/index.ts';
import type { Completion } from '../driver/types.ts';
import type { FaultEvent, OperationName } from '../history/types.ts';
import type { DrillWorld } from './drill-world.ts';

/** Records one operation on the SUT in the history (as the merchant's process `process`, 0 by default), counted in the run's progress. */
export type Recorder = (op: OperationName, reference: string, args: Record<string, unknown>, call: () => Promise<Completion>, process?: number) => Promise<Completion>;

/** What a traffic source gets: the world, the drill as narrowed to the SUT, and the safety phase's bounds. */
export interface TrafficContext {
  drill: Drill;
  world: DrillWorld;
  record: Recorder;
  /** The run's seeded random stream (the default traffic's draws depend on its order). */
  random: RandomSource;
  /** When the safety phase started (world time). */
  started: number;
  /** How long the safety phase lasts: the traffic should be over by `started + safetyMs`. */
  safetyMs: number;
  /** Reports progress (phase safety). */
  progress(): void;
  /**
   * When each fault's start was asked for, keyed by its start event: the event is stamped once
   * the world confirms the fault, and a source that writes its operations into the history after
   * the fact (vegeta's results) orders them against this moment, so a correct SUT is never
   * blamed at the fault's edges.
   */
  faultAsked: ReadonlyMap<FaultEvent, number>;
  /** Faults placed by the traffic itself, through the runner (started, counted, healed, recorded as the drill's own). */
  faults: FaultControl;
}

/** The runner's fault start and heal, for traffic that places faults between its own steps. */
export interface FaultControl {
  /** Starts the fault now; false when this world cannot apply it (recorded as skipped). */
  start(f: DrillFault): Promise<boolean>;
  /** Heals the active faults `which` selects (all without it), each recorded with what it touched. */
  heal(which?: (f: DrillFault) => boolean): Promise<void>;
}

/** The safety phase's operations; returns how many payments it started. */
export type TrafficSource = (ctx: TrafficContext) => Promise<{ payments: number }>;

/** Bound on payments in flight at once in one drill. */
const MAX_IN_FLIGHT = 64;

/**
 * The drill's own traffic: payments started at its rate for the safety phase, each a flow
 * (authorize, then the follow-ups, with merchant retries on the same key).
 */
export const drillTraffic: TrafficSource = async ({ drill, world, record, random, started, safetyMs, progress }) => {
  const maxPayments = Math.min(drill.traffic.maxPayments ?? 10_000, Math.max(1, Math.floor((safetyMs / 1000) * drill.traffic.rate)));
  const sleepUntil = async (t: number) => {
    const wait = t - world.now();
    if (wait > 0) await world.sleep(wait);
  };
  const flows: Promise<void>[] = [];
  let inFlight = 0;
  for (let i = 0; i < maxPayments; i++) {
    await sleepUntil(started + Math.floor((i * 1000) / drill.traffic.rate));
    if (world.now() - started >= safetyMs) break;
    while (inFlight >= MAX_IN_FLIGHT) await world.sleep(50);
    inFlight += 1;
    const plan = planPayment(drill, i, random, world.runTag);
    flows.push(paymentFlow(drill, world, plan, record, random).finally(() => (inFlight -= 1)));
    if (i % 5 === 0) progress();
  }
  await Promise.all(flows);
  return { payments: flows.length };
};

interface PaymentPlan {
  reference: string;
  provider: 'stripe' | 'adyen' | 'auto';
  amount: number;
  declined: boolean;
  /** The previous payment's authorize key, sent first by mistake (traffic.keyReuseRate). */
  reusedKey?: string;
  /** ISO 4217; amounts are in its minor unit (whole yen for JPY, which has none). */
  currency: string;
}

function planPayment(drill: Drill, i: number, random: RandomSource, runTag: string): PaymentPlan {
  const providers = drill.traffic.providers;
  const reference = (n: number) => `${drill.name}-${runTag ? `${runTag}-` : ''}${n}`;
  const plan: PaymentPlan = {
    reference: reference(i),
    provider: providers[Math.floor(random.next() * providers.length)]!,
    amount: 500 + Math.floor(random.next() * 19_500),
    declined: random.next() < (drill.traffic.declineRate ?? 0),
    currency: 'EUR',
  };
  // Drawn only when the drill names several, so other drills keep their random stream.
  const currencies = drill.traffic.currencies ?? [];
  if (currencies.length > 1) plan.currency = currencies[Math.floor(random.next() * currencies.length)]!;
  else if (currencies.length === 1) plan.currency = currencies[0]!;
  // Drawn only when the drill asks for it, so other drills keep their random stream.
  if (drill.traffic.keyReuseRate && i > 0 && random.next() < drill.traffic.keyReuseRate) plan.reusedKey = `${reference(i - 1)}-authorize`;
  return plan;
}

/** How long a merchant waits for a capture the PSP confirms later (Adyen) before refunding anyway. */
const CAPTURE_CONFIRMATION_MS = 10_000;
const CAPTURE_POLL_MS = 250;

/** One payment: authorize, then the follow-ups in order; a merchant retry re-sends with the same key. */
async function paymentFlow(drill: Drill, world: DrillWorld, plan: PaymentPlan, record: Recorder, random: RandomSource): Promise<void> {
  const driver = world.driver;
  const t = drill.traffic;
  const twice = merchantRetries(record, plan, random, t.retryRate);
  const authArgs = {
    reference: plan.reference,
    amount: plan.amount,
    currency: plan.currency,
    provider: plan.provider,
    paymentMethod: plan.declined ? 'pm_card_chargeDeclinedInsufficientFunds' : 'pm_card_visa',
    capture: t.capture,
    idempotencyKey: `${plan.reference}-authorize`,
  } as const;
  if (plan.reusedKey) {
    // The merchant's bug: this payment's request under another payment's key. A refusal is right
    // (durability flags an answer about the other payment); then the real request follows.
    const reused = { ...authArgs, idempotencyKey: plan.reusedKey };
    const first = await record('authorize', plan.reference, { ...reused, reusedKey: true }, () => driver.authorize(reused));
    // A SUT that scopes keys by request may take it as this payment's own: then it is the authorization.
    if (first.type === 'ok' && first.value.reference === plan.reference) return followUps(drill, world, plan, record, random, first);
  }
  const auth = await twice('authorize', authArgs, () => driver.authorize(authArgs));
  return followUps(drill, world, plan, record, random, auth);
}

/** Sends an operation; a merchant retry re-sends it with the same Idempotency-Key (after a timeout, or a double click). */
function merchantRetries(record: Recorder, plan: PaymentPlan, random: RandomSource, retryRate: number | undefined) {
  return async (op: OperationName, args: Record<string, unknown>, call: () => Promise<Completion>): Promise<Completion> => {
    const first = await record(op, plan.reference, args, call);
    if (random.next() < (retryRate ?? 0)) return record(op, plan.reference, { ...args, retry: true }, call);
    return first;
  };
}

/** What follows an authorization: the drill's follow-ups in order, while the payment stays determinate. */
async function followUps(drill: Drill, world: DrillWorld, plan: PaymentPlan, record: Recorder, random: RandomSource, auth: Completion): Promise<void> {
  const driver = world.driver;
  const t = drill.traffic;
  const twice = merchantRetries(record, plan, random, t.retryRate);
  if (auth.type !== 'ok' || !['authorized', 'captured'].includes(auth.value.status)) return;
  const id = auth.value.paymentId;
  let captured = auth.value.status === 'captured' ? plan.amount : 0;
  for (const [n, step] of t.followUps.entries()) {
    const key = `${plan.reference}-${step}-${n}`;
    let c: Completion;
    switch (step) {
      case 'capture':
      case 'partial_capture': {
        const amount = step === 'partial_capture' ? Math.max(1, Math.floor(plan.amount / 2)) : undefined;
        c = await twice('capture', { paymentId: id, amount, idempotencyKey: key }, () => driver.capture(id, amount, key));
        if (c.type === 'ok') captured = c.value.amounts.captured;
        break;
      }
      case 'refund':
      case 'partial_refund': {
        // A real merchant refunds what the PSP confirmed it captured: where the capture answer
        // only said "received" (Adyen), wait for the confirmation the way its dashboard would.
        if (captured === 0) captured = await confirmedCapture(world, id, plan.reference, record);
        const amount = step === 'partial_refund' ? Math.max(1, Math.floor(Math.max(captured, 2) / 3)) : undefined;
        c = await twice('refund', { paymentId: id, amount, idempotencyKey: key }, () => driver.refund(id, amount, key));
        break;
      }
      case 'void':
        c = await twice('void', { paymentId: id, idempotencyKey: key }, () => driver.void(id, key));
        break;
    }
    // An indeterminate step leaves the payment to the SUT's recovery: the flow stops there.
    if (c.type === 'info') return;
  }
}

/** Reads the payment until the SUT shows money captured, for a bounded time; what it shows then. */
async function confirmedCapture(world: DrillWorld, id: string, reference: string, record: Recorder): Promise<number> {
  const deadline = world.now() + CAPTURE_CONFIRMATION_MS;
  for (;;) {
    const c = await record('get', reference, { paymentId: id }, () => world.driver.get(id));
    const captured = c.type === 'ok' ? c.value.amounts.captured : 0;
    if (captured > 0 || world.now() >= deadline) return captured;
    await world.sleep(CAPTURE_POLL_MS);
  }
}
