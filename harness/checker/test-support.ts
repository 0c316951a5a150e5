// Hand-built run records for the checkers' tests: a builder for history, ledger and final view,
// and `payment()`, which writes one consistent payment lifecycle (operations, ledger movements,
// final view) that a test then breaks in exactly one way.
import type { Completion, OperationError, PaymentObservation } from '../driver/types.ts';
import type { CompleteEvent, FaultEvent, HistoryEvent, InvokeEvent, LedgerMovement, MerchantEventReceived, OperationName, PhaseEvent, RunRecord, WebhookEvent } from '../history/types.ts';

export type Provider = 'stripe' | 'adyen';

export interface PaymentSpec {
  reference: string;
  provider?: Provider;
  amount?: number;
  currency?: string;
  paymentMethod?: string;
  capture?: 'manual' | 'automatic';
  /** Amounts to capture, one capture operation each (manual capture). */
  captures?: number[];
  /** Amounts to refund, one refund operation each. */
  refunds?: number[];
  void?: boolean;
  /** The issuer declines: a `fail` decline completion, nothing in the ledger, final `declined`. */
  declined?: boolean;
  /** Leave the final view out (the test adds its own). */
  noFinal?: boolean;
}

export interface WrittenPayment {
  reference: string;
  sutId: string;
  provider: Provider;
  pspId: string;
  /** opIds by operation, in order. */
  ops: { op: OperationName; opId: number }[];
  final?: PaymentObservation;
}

export class RunBuilder {
  readonly history: HistoryEvent[] = [];
  readonly ledger: LedgerMovement[] = [];
  readonly final: PaymentObservation[] = [];
  seed = 42;
  livenessBoundMs = 30_000;
  private opSeq = 0;
  private movementSeq = 0;
  private readonly invokes = new Map<number, InvokeEvent>();

  /** The time of the next event (10 ms apart). */
  get now(): number {
    return this.history.length * 10;
  }

  invoke(reference: string, op: OperationName, args: Record<string, unknown> = {}, process = 0): number {
    const opId = ++this.opSeq;
    const e: InvokeEvent = { index: this.history.length, t: this.now, type: 'invoke', process, opId, op, reference, args };
    this.history.push(e);
    this.invokes.set(opId, e);
    return opId;
  }

  complete(opId: number, completion: Completion): CompleteEvent {
    const inv = this.invokes.get(opId);
    if (!inv) throw new Error(`no invoke for op ${opId}`);
    const e: CompleteEvent = { index: this.history.length, t: this.now, type: completion.type, process: inv.process, opId, op: inv.op, reference: inv.reference, completion };
    this.history.push(e);
    return e;
  }

  ok(opId: number, value: PaymentObservation): CompleteEvent {
    return this.complete(opId, { type: 'ok', value: clone(value) });
  }

  fail(opId: number, error: OperationError, value?: PaymentObservation): CompleteEvent {
    return this.complete(opId, value ? { type: 'fail', error, value: clone(value) } : { type: 'fail', error });
  }

  info(opId: number, error: OperationError = { kind: 'network', code: 'timeout', message: 'timed out' }): CompleteEvent {
    return this.complete(opId, { type: 'info', error });
  }

  /** Invoke and complete at once. */
  op(reference: string, op: OperationName, args: Record<string, unknown>, completion: Completion): number {
    const opId = this.invoke(reference, op, args);
    this.complete(opId, completion);
    return opId;
  }

  fault(action: 'start' | 'stop', target: string, description: string, detail?: unknown): FaultEvent {
    const e: FaultEvent = { index: this.history.length, t: this.now, type: 'fault', action, target, description, ...(detail !== undefined ? { detail } : {}) };
    this.history.push(e);
    return e;
  }

  webhook(provider: string, eventId: string, eventType: string, kind: WebhookEvent['kind'], status?: number): WebhookEvent {
    const e: WebhookEvent = { index: this.history.length, t: this.now, type: 'webhook', provider, eventId, eventType, kind, ...(status !== undefined ? { status } : {}) };
    this.history.push(e);
    return e;
  }

  /** A merchant event the merchant's receiver took in: `payment.<status>` about SUT payment `paymentId`. */
  merchantEvent(paymentId: string, status: string, eventId = `${this.history.length}`): MerchantEventReceived {
    const e: MerchantEventReceived = { index: this.history.length, t: this.now, type: 'merchant_event', eventId, eventType: `payment.${status}`, paymentId, status };
    this.history.push(e);
    return e;
  }

  phase(phase: PhaseEvent['phase']): PhaseEvent {
    const e: PhaseEvent = { index: this.history.length, t: this.now, type: 'phase', phase };
    this.history.push(e);
    return e;
  }

  move(m: Omit<LedgerMovement, 'id' | 'at' | 'operation' | 'currency'> & Partial<Pick<LedgerMovement, 'id' | 'at' | 'operation' | 'currency'>>): LedgerMovement {
    const n = ++this.movementSeq;
    const movement: LedgerMovement = { id: `mv_${n}`, at: this.now, operation: `${m.provider}.${m.kind}`, currency: 'usd', ...m };
    this.ledger.push(movement);
    return movement;
  }

  view(o: PaymentObservation): PaymentObservation {
    this.final.push(o);
    return o;
  }

  /** The usual end of a run: heal, then the liveness phase. */
  quiet(): this {
    this.phase('heal');
    this.phase('liveness');
    return this;
  }

  build(): RunRecord {
    return { seed: this.seed, history: clone(this.history), ledger: clone(this.ledger), final: clone(this.final), livenessBoundMs: this.livenessBoundMs };
  }

  /** One consistent lifecycle: operations, their completions, ledger movements and final view. */
  payment(spec: PaymentSpec): WrittenPayment {
    const provider = spec.provider ?? 'stripe';
    const amount = spec.amount ?? 1000;
    const currency = spec.currency ?? 'USD';
    const capture = spec.capture ?? 'manual';
    const ref = spec.reference;
    const sutId = `pay_${ref}`;
    const pspId = provider === 'stripe' ? `pi_${ref}` : `PSP${ref}`;
    const ledgerRef = provider === 'stripe' ? ref : sutId;
    const pm = spec.paymentMethod ?? (spec.declined ? (provider === 'stripe' ? 'pm_card_chargeDeclined' : 'holder:DECLINED') : provider === 'stripe' ? 'pm_card_visa' : 'card:4111111111111111');
    const written: WrittenPayment = { reference: ref, sutId, provider, pspId, ops: [] };
    const statuses: string[] = ['authorizing'];
    const state = observation({ paymentId: sutId, reference: ref, amount, currency, provider, providerPaymentId: pspId, status: 'authorizing' });
    const mv = (kind: LedgerMovement['kind'], amt: number, idempotencyKey: string) =>
      this.move({ provider, kind, paymentId: pspId, amount: amt, currency: currency.toLowerCase(), idempotencyKey, reference: ledgerRef });
    const set = (status: string) => {
      state.status = status;
      if (statuses[statuses.length - 1] !== status) statuses.push(status);
    };

    const authKey = `${ref}-authorize`;
    const authArgs = { reference: ref, amount, currency, provider, paymentMethod: pm, capture, idempotencyKey: authKey };
    const authOp = this.invoke(ref, 'authorize', authArgs);
    written.ops.push({ op: 'authorize', opId: authOp });
    if (spec.declined) {
      set('declined');
      state.declineCode = 'generic_decline';
      this.fail(authOp, { kind: 'decline', code: 'generic_decline', message: 'Your card was declined.' }, state);
    } else {
      mv('authorization', amount, authKey);
      state.amounts.authorized = amount;
      if (capture === 'automatic') {
        mv('capture', amount, authKey);
        state.amounts.captured = amount;
        set('captured');
      } else set('authorized');
      this.ok(authOp, state);

      for (const [i, c] of (spec.captures ?? []).entries()) {
        const key = `${ref}-capture-${i + 1}`;
        const opId = this.invoke(ref, 'capture', { paymentId: sutId, amount: c, idempotencyKey: key });
        written.ops.push({ op: 'capture', opId });
        mv('capture', c, key);
        state.amounts.captured += c;
        set(state.amounts.captured >= amount ? 'captured' : 'partially_captured');
        this.ok(opId, state);
      }
      for (const [i, r] of (spec.refunds ?? []).entries()) {
        const key = `${ref}-refund-${i + 1}`;
        const opId = this.invoke(ref, 'refund', { paymentId: sutId, amount: r, idempotencyKey: key });
        written.ops.push({ op: 'refund', opId });
        mv('refund', r, key);
        state.amounts.refunded += r;
        set(state.amounts.refunded >= state.amounts.captured ? 'refunded' : 'partially_refunded');
        this.ok(opId, state);
      }
      if (spec.void) {
        const key = `${ref}-void`;
        const opId = this.invoke(ref, 'void', { paymentId: sutId, idempotencyKey: key });
        written.ops.push({ op: 'void', opId });
        mv('void', amount, key);
        set('voided');
        this.ok(opId, state);
      }
    }
    if (!spec.noFinal) written.final = this.view({ ...clone(state), history: [...statuses] });
    return written;
  }
}

export function observation(o: Partial<PaymentObservation> & Pick<PaymentObservation, 'reference'>): PaymentObservation {
  return {
    paymentId: `pay_${o.reference}`,
    status: 'authorized',
    amount: 1000,
    currency: 'USD',
    provider: 'stripe',
    providerPaymentId: null,
    declineCode: null,
    ...o,
    amounts: { authorized: 0, captured: 0, refunded: 0, ...o.amounts },
  };
}

/**
 * A clean run over both providers: a Stripe payment captured in two parts and partly refunded,
 * an Adyen automatic capture fully refunded, a Stripe decline, an Adyen decline, an Adyen void,
 * and a genuine and a refused forged webhook; healed and quiet.
 */
export function cleanRun(): { builder: RunBuilder; payments: Record<string, WrittenPayment> } {
  const b = new RunBuilder();
  const payments: Record<string, WrittenPayment> = {};
  payments.split = b.payment({ reference: 'split', provider: 'stripe', amount: 1000, captures: [400, 600], refunds: [250] });
  b.webhook('stripe', 'evt_1', 'charge.captured', 'genuine', 200);
  payments.auto = b.payment({ reference: 'auto', provider: 'adyen', amount: 2500, currency: 'EUR', capture: 'automatic', refunds: [2500] });
  b.webhook('adyen', 'ev_2', 'AUTHORISATION', 'genuine', 200);
  b.webhook('stripe', 'evt_3', 'payment_intent.succeeded', 'forged', 400);
  payments.declinedStripe = b.payment({ reference: 'declined-s', provider: 'stripe', declined: true });
  payments.declinedAdyen = b.payment({ reference: 'declined-a', provider: 'adyen', declined: true });
  payments.voided = b.payment({ reference: 'voided', provider: 'adyen', amount: 700, void: true });
  b.quiet();
  return { builder: b, payments };
}

export function clone<T>(x: T): T {
  return structuredClone(x);
}
