// The payment service: authorize, capture, refund, void. Each provider call is an operation row
// written BEFORE the call (with its provider idempotency key) and settled AFTER it, each step in
// its own transaction on a locked payment row. A crash between the two leaves an open operation
// that recovery re-sends with the same key: nothing acknowledged is lost, no money moves twice.
import type { AuthorizeOutcome, ModificationOutcome, ProviderAdapter, ProviderName, ProviderResult } from '../adapters/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import type { CoreEnv } from '../env.ts';
import { containsCardNumber } from '../api/card-number.ts';
import { ApiError, illegal, notFound } from '../api/errors.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { MutantName } from '../mutants/catalogue.ts';
import { callWithPolicy, DEFAULT_CALL_POLICY, type CallPolicy } from '../providers/call-policy.ts';
import { CircuitBreaker } from '../providers/circuit-breaker.ts';
import { newId, providerIdempotencyKey } from './ids.ts';
import { eventsFor, getPayment, insertOperation, insertPayment, nextOperationSeq, operationsFor, updateOperation } from './repo.ts';
import { settle } from './settle.ts';
import { ALLOWED_FROM, type PaymentStatus } from './state-machine.ts';
import type { OperationKind, OperationRow, PaymentRow, TransitionCause } from './types.ts';
import { toView, type PaymentView } from './view.ts';

export interface CreatePaymentInput {
  amount: number;
  currency: string;
  provider: ProviderName | 'auto';
  paymentMethod: string;
  capture: 'manual' | 'automatic';
  reference: string;
}

export interface ServiceOptions {
  env: CoreEnv;
  db: Db;
  adapters: Partial<Record<ProviderName, ProviderAdapter>>;
  metrics: Metrics;
  callPolicy?: CallPolicy;
  breaker?: { threshold: number; cooldownMs: number };
  /** `auto` routing: the primary first, the secondary when the primary surely did nothing. */
  routing?: { primary: ProviderName; secondary: ProviderName };
  /**
   * Test-only: runs between a provider call and the database write that records its outcome, the
   * window a crash must not turn into a lost or doubled operation.
   */
  afterProviderCall?: (op: OperationRow) => void | Promise<void>;
  /** Harness selftest only: the built-in mutant whose mutation points are switched on (core/mutants/). */
  mutant?: MutantName;
}

const OPEN: readonly string[] = ['pending', 'unknown'];

export class PaymentService {
  private readonly breakers = new Map<ProviderName, CircuitBreaker>();
  readonly routing: { primary: ProviderName; secondary: ProviderName };

  constructor(private readonly o: ServiceOptions) {
    this.routing = o.routing ?? { primary: 'stripe', secondary: 'adyen' };
  }

  private now(): number {
    return this.o.env.clock.now();
  }

  adapter(provider: ProviderName): ProviderAdapter {
    const adapter = this.o.adapters[provider];
    if (!adapter) throw new ApiError(400, 'invalid_request', 'provider_not_configured', `Provider ${provider} is not configured`, 'provider');
    return adapter;
  }

  breaker(provider: ProviderName): CircuitBreaker {
    let b = this.breakers.get(provider);
    if (!b) {
      b = new CircuitBreaker(() => this.now(), this.o.breaker?.threshold ?? 5, this.o.breaker?.cooldownMs ?? 10_000);
      this.breakers.set(provider, b);
    }
    return b;
  }

  async view(paymentId: string, q: Queryable = this.o.db): Promise<PaymentView> {
    const p = await getPayment(q, paymentId);
    if (!p) throw notFound('payment', paymentId);
    const ops = await operationsFor(q, p.id);
    const view = toView(p, ops, await eventsFor(q, p.id));
    // MUTANT refund-unbounded: the view reports the refunds the core booked, which may exceed what
    // is captured (the stored column cannot: the schema's CHECK holds it at the captured amount).
    if (this.o.mutant === 'refund-unbounded') view.amounts.refunded = ops.filter((o) => o.kind === 'refund' && o.status === 'succeeded').reduce((s, o) => s + o.amount, 0);
    return view;
  }

  async create(input: CreatePaymentInput, idempotencyKey?: string): Promise<PaymentView> {
    // No card number at rest: the payment method is stored and re-sent on recovery as given, so
    // only a PSP token may come in (the API refuses card numbers first; this holds for any caller).
    for (const [param, value] of [['paymentMethod', input.paymentMethod], ['reference', input.reference]] as const) {
      if (containsCardNumber(value)) throw new ApiError(400, 'invalid_request', 'card_number_not_accepted', `${param} looks like a card number: send a PSP token, never card data`, param);
    }
    const provider = input.provider === 'auto' ? this.routing.primary : input.provider;
    this.adapter(provider);
    const now = this.now();
    const payment: PaymentRow = {
      id: newId(this.o.env.random, 'pay_'),
      merchant_reference: input.reference,
      amount: input.amount,
      currency: input.currency.toUpperCase(),
      requested_provider: input.provider,
      provider,
      payment_method: input.paymentMethod,
      capture_mode: input.capture,
      status: 'authorizing',
      provider_payment_id: null,
      amount_authorized: 0,
      amount_captured: 0,
      amount_refunded: 0,
      reported_captured: 0,
      disputed_amount: 0,
      decline_code: null,
      failure_message: null,
      version: 0,
      created_at: now,
      updated_at: now,
    };
    const op = await this.o.db.transaction(async (tx) => {
      await insertPayment(tx, payment);
      await tx.query(`INSERT INTO payment_events (payment_id, seq, from_status, to_status, cause, detail, at) VALUES ($1, 1, NULL, 'authorizing', 'api', NULL, $2)`, [payment.id, now]);
      if (idempotencyKey) await tx.query(`UPDATE idempotency_keys SET payment_id = $2 WHERE scope = 'merchant' AND key = $1`, [idempotencyKey, payment.id]);
      return this.openOperation(tx, payment, 'authorize', payment.amount, provider);
    });
    let result = await this.sendAuthorize(payment, op);
    // With a secondary to fail over to, a refused primary does not make the payment `failed`: it
    // stays `authorizing` (failed is final) while the secondary is tried.
    const canFailover = input.provider === 'auto' && !!this.o.adapters[this.routing.secondary];
    await this.recordAuthorize(payment.id, op, result, 'api', { holdRefusal: canFailover });
    // Failover: only when the primary certainly did nothing (refused before executing, or its
    // breaker is open). An indeterminate primary is never abandoned for a second authorization.
    // MUTANT failover-without-resolving: an indeterminate primary (payment `unknown`) fails over
    // too, its authorization left unresolved.
    const abandon = this.o.mutant === 'failover-without-resolving';
    if (input.provider === 'auto' && (result.kind === 'provider_error' || (abandon && result.kind === 'indeterminate')) && this.o.adapters[this.routing.secondary]) {
      const secondary = this.routing.secondary;
      const op2 = await this.o.db.transaction(async (tx) => {
        const p = (await getPayment(tx, payment.id, { lock: true }))!;
        if (p.status !== 'authorizing' && !(abandon && p.status === 'unknown')) return undefined;
        await tx.query(`UPDATE payments SET provider = $2, status = 'authorizing', failure_message = NULL WHERE id = $1`, [p.id, secondary]);
        await tx.query(`INSERT INTO payment_events (payment_id, seq, from_status, to_status, cause, detail, at) VALUES ($1, (SELECT MAX(seq) + 1 FROM payment_events WHERE payment_id = $1), $4, 'authorizing', 'api', $2, $3)`, [
          p.id,
          `failover from ${p.provider} (${result.kind === 'provider_error' ? result.code : result.kind}) to ${secondary}`,
          this.now(),
          p.status,
        ]);
        return this.openOperation(tx, { ...p, provider: secondary }, 'authorize', p.amount, secondary);
      });
      if (op2) {
        result = await this.sendAuthorize({ ...payment, provider: secondary }, op2);
        await this.recordAuthorize(payment.id, op2, result, 'api');
      }
    }
    return this.view(payment.id);
  }

  async capture(paymentId: string, amount: number | undefined): Promise<PaymentView> {
    return this.modify(paymentId, 'capture', amount);
  }

  async refund(paymentId: string, amount: number | undefined): Promise<PaymentView> {
    return this.modify(paymentId, 'refund', amount);
  }

  async void(paymentId: string): Promise<PaymentView> {
    return this.modify(paymentId, 'void', undefined);
  }

  private async modify(paymentId: string, kind: Exclude<OperationKind, 'authorize'>, requested: number | undefined): Promise<PaymentView> {
    // MUTANT capture-race: the payment is read without its row lock and open captures reserve
    // nothing, so two concurrent captures both pass the check and both go to the PSP.
    const race = this.o.mutant === 'capture-race';
    const { payment, op } = await this.o.db.transaction(async (tx) => {
      const p = await getPayment(tx, paymentId, { lock: !race });
      if (!p) throw notFound('payment', paymentId);
      const allowed: readonly PaymentStatus[] = ALLOWED_FROM[kind];
      if (!allowed.includes(p.status)) throw illegal(`Cannot ${kind} a payment that is ${p.status}`);
      const ops = await operationsFor(tx, p.id);
      const open = (k: OperationKind) => (race && k === 'capture' ? 0 : ops.filter((o) => o.kind === k && OPEN.includes(o.status)).reduce((s, o) => s + o.amount, 0));
      let room: number;
      if (kind === 'capture') room = p.amount_authorized - p.amount_captured - open('capture');
      else if (kind === 'refund') room = p.amount_captured - p.amount_refunded - open('refund') - p.disputed_amount;
      else {
        if (ops.some((o) => o.kind === 'capture' && o.status !== 'failed')) throw illegal('Cannot void a payment with a capture in progress');
        if (open('void') > 0) throw illegal('A void is already in progress');
        room = p.amount_authorized;
      }
      // MUTANT refund-unbounded: what may be refunded is taken to be what was captured, ignoring
      // refunds already made or in flight (and the check below is skipped).
      if (kind === 'refund' && this.o.mutant === 'refund-unbounded') room = p.amount_captured;
      const amount = kind === 'void' ? room : (requested ?? room);
      // MUTANT refund-unbounded: a refund of any positive amount goes to the PSP.
      const unbounded = kind === 'refund' && this.o.mutant === 'refund-unbounded';
      if (amount <= 0 || (amount > room && !unbounded)) {
        throw new ApiError(409, 'conflict', `amount_exceeds_${kind === 'capture' ? 'capturable' : 'refundable'}`, `Cannot ${kind} ${amount}: ${Math.max(0, room)} is available`, 'amount');
      }
      return { payment: p, op: await this.openOperation(tx, p, kind, amount, p.provider) };
    });
    const adapter = this.adapter(payment.provider);
    const request = { paymentId: payment.id, operationId: op.id, providerPaymentId: payment.provider_payment_id!, amount: this.providerAmount(payment, op), currency: payment.currency };
    const report = await this.call(payment.provider, op, ({ timeoutMs, signal }) => {
      const ctx = { idempotencyKey: op.provider_idempotency_key, timeoutMs, signal };
      return kind === 'capture' ? adapter.capture(request, ctx) : kind === 'refund' ? adapter.refund(request, ctx) : adapter.void(request, ctx);
    });
    await this.recordModification(payment.id, op, report.result, 'api', report.attempts);
    return this.view(payment.id);
  }

  /** Re-sends an open operation with its own idempotency key and records the answer. */
  async resend(op: OperationRow, cause: TransitionCause): Promise<void> {
    // MUTANT no-crash-recovery: an operation still `pending` with no provider reference (the call
    // went out, its outcome was never written: a crash) is taken for a call in progress, never re-sent.
    if (this.o.mutant === 'no-crash-recovery' && op.status === 'pending' && op.provider_reference === null) return;
    const payment = await getPayment(this.o.db, op.payment_id);
    if (!payment) return;
    if (op.kind === 'authorize') {
      const result = await this.sendAuthorize({ ...payment, provider: op.provider }, op);
      if (notSent(result)) return;
      await this.recordAuthorize(payment.id, op, result, cause);
      return;
    }
    if (!payment.provider_payment_id) return;
    const adapter = this.adapter(op.provider);
    const request = { paymentId: payment.id, operationId: op.id, providerPaymentId: payment.provider_payment_id, amount: this.providerAmount(payment, op), currency: payment.currency };
    const report = await this.call(op.provider, op, ({ timeoutMs, signal }) => {
      const ctx = { idempotencyKey: op.provider_idempotency_key, timeoutMs, signal };
      return op.kind === 'capture' ? adapter.capture(request, ctx) : op.kind === 'refund' ? adapter.refund(request, ctx) : adapter.void(request, ctx);
    });
    if (notSent(report.result)) return;
    await this.recordModification(payment.id, op, report.result, cause, op.attempts + report.attempts);
  }

  /** The amount sent to the provider for a modification: the operation's. */
  private providerAmount(payment: PaymentRow, op: OperationRow): number {
    // MUTANT partial-capture-ignored: a capture asks for the whole authorization, whatever the
    // operation (and the merchant) said.
    if (this.o.mutant === 'partial-capture-ignored' && op.kind === 'capture') return payment.amount_authorized;
    return op.amount;
  }

  private async openOperation(tx: Queryable, p: PaymentRow, kind: OperationKind, amount: number, provider: ProviderName): Promise<OperationRow> {
    const seq = await nextOperationSeq(tx, p.id);
    const now = this.now();
    const op: OperationRow = {
      id: newId(this.o.env.random, 'op_'),
      payment_id: p.id,
      seq,
      kind,
      amount,
      provider,
      status: 'pending',
      provider_idempotency_key: providerIdempotencyKey(p.id, kind, seq),
      provider_reference: null,
      attempts: 0,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
    await insertOperation(tx, op);
    return op;
  }

  private async call<T>(provider: ProviderName, op: OperationRow, send: (attempt: { timeoutMs: number; signal: AbortSignal }) => Promise<ProviderResult<T>>) {
    const report = await callWithPolicy(
      { clock: this.o.env.clock, random: this.o.env.random, breaker: this.breaker(provider), policy: this.o.callPolicy ?? DEFAULT_CALL_POLICY },
      send,
    );
    // MUTANT timeout-is-failure: the call policy's own "no answer within the timeout" is a failure
    // too (the adapter wrapper turns the adapter's indeterminate answers into failures).
    if (this.o.mutant === 'timeout-is-failure' && report.result.kind === 'indeterminate') {
      report.result = { kind: 'provider_error', status: 504, code: 'timeout', message: `no answer, taken as a failure: ${report.result.reason}`, retryable: false };
    }
    this.o.metrics.providerCall(provider, op.kind, report.result.kind, report.latenciesMs);
    await this.o.afterProviderCall?.(op);
    return report;
  }

  private async sendAuthorize(payment: PaymentRow, op: OperationRow): Promise<ProviderResult<AuthorizeOutcome>> {
    const adapter = this.adapter(op.provider);
    const report = await this.call(op.provider, op, ({ timeoutMs, signal }) =>
      adapter.authorize(
        { paymentId: payment.id, merchantReference: payment.merchant_reference, amount: payment.amount, currency: payment.currency, paymentMethod: payment.payment_method, capture: payment.capture_mode },
        { idempotencyKey: op.provider_idempotency_key, timeoutMs, signal },
      ),
    );
    op.attempts += report.attempts;
    return report.result;
  }

  private async recordAuthorize(
    paymentId: string,
    op: OperationRow,
    result: ProviderResult<AuthorizeOutcome>,
    cause: TransitionCause,
    { holdRefusal = false }: { holdRefusal?: boolean } = {},
  ): Promise<void> {
    await this.o.db.transaction(async (tx) => {
      const p = (await getPayment(tx, paymentId, { lock: true }))!;
      const current = (await operationsFor(tx, paymentId)).find((o) => o.id === op.id)!;
      const at = this.now();
      // A webhook may have settled the operation while the call was out: never undo a settled one.
      const settled = !OPEN.includes(current.status);
      if (result.kind === 'ok') {
        if (!settled) await updateOperation(tx, op.id, { status: 'succeeded', provider_reference: result.value.providerPaymentId, attempts: op.attempts, updated_at: at });
        p.provider_payment_id = result.value.providerPaymentId;
        p.amount_authorized = Math.max(p.amount_authorized, result.value.amountAuthorized);
        p.reported_captured = Math.max(p.reported_captured, result.value.amountCaptured);
        await settle(tx, p, { cause, at, mutant: this.o.mutant });
      } else if (result.kind === 'declined') {
        if (!settled) await updateOperation(tx, op.id, { status: 'failed', attempts: op.attempts, last_error: `declined: ${result.code}`, updated_at: at });
        if (p.status === 'authorizing' || p.status === 'unknown') {
          p.decline_code = result.code;
          if (result.providerPaymentId) p.provider_payment_id = result.providerPaymentId;
          await settle(tx, p, { cause, at, explicit: 'declined', detail: result.code, mutant: this.o.mutant });
        }
      } else if (result.kind === 'indeterminate') {
        if (!settled) await updateOperation(tx, op.id, { status: 'unknown', attempts: op.attempts, last_error: result.reason, updated_at: at });
        if (p.status === 'authorizing') await settle(tx, p, { cause, at, explicit: 'unknown', detail: result.reason, mutant: this.o.mutant });
      } else {
        if (!settled) await updateOperation(tx, op.id, { status: 'failed', attempts: op.attempts, last_error: `${result.kind}: ${result.code}`, updated_at: at });
        const failingOver = holdRefusal && result.kind === 'provider_error' && p.status === 'authorizing';
        if (!failingOver && (p.status === 'authorizing' || p.status === 'unknown')) {
          p.failure_message = `${result.kind}: ${result.code}: ${result.message}`.slice(0, 500);
          await settle(tx, p, { cause, at, explicit: 'failed', detail: result.code, mutant: this.o.mutant });
        }
      }
    });
  }

  private async recordModification(paymentId: string, op: OperationRow, result: ProviderResult<ModificationOutcome>, cause: TransitionCause, attempts: number): Promise<void> {
    // MUTANT refund-unbounded: a refund the PSP answered is booked as succeeded whatever it said
    // (a refusal, an Adyen `received` still to be confirmed), and no refusal reaches the merchant.
    const booked = this.o.mutant === 'refund-unbounded' && op.kind === 'refund' && result.kind !== 'indeterminate';
    await this.o.db.transaction(async (tx) => {
      const p = (await getPayment(tx, paymentId, { lock: true }))!;
      const current = (await operationsFor(tx, paymentId)).find((o) => o.id === op.id)!;
      const at = this.now();
      if (OPEN.includes(current.status)) {
        if (booked) {
          await updateOperation(tx, op.id, { status: 'succeeded', ...(result.kind === 'ok' ? { provider_reference: result.value.providerReference } : {}), attempts, updated_at: at });
        } else if (result.kind === 'ok') {
          // MUTANT received-is-final: an accepted-for-later answer (Adyen's `received`) is booked as
          // done; the notification that says it failed then finds no open operation to fail.
          const final = result.value.status === 'succeeded' || this.o.mutant === 'received-is-final';
          await updateOperation(tx, op.id, { status: final ? 'succeeded' : 'pending', provider_reference: result.value.providerReference, attempts, updated_at: at });
        } else if (result.kind === 'indeterminate') {
          await updateOperation(tx, op.id, { status: 'unknown', attempts, last_error: result.reason, updated_at: at });
        } else {
          const code = result.kind === 'declined' ? result.code : result.code;
          await updateOperation(tx, op.id, { status: 'failed', attempts, last_error: `${result.kind}: ${code}`, updated_at: at });
        }
      }
      await settle(tx, p, { cause, at, mutant: this.o.mutant });
    });
    if (!booked && (result.kind === 'provider_error' || result.kind === 'invalid_request')) {
      throw new ApiError(502, 'provider_error', result.code, `The provider refused the ${op.kind}: ${result.message}`);
    }
  }
}

/**
 * A re-send the breaker refused never left the core: it says nothing about the earlier send, which
 * may have executed at the PSP. The operation stays open for the next round; never failed on that.
 */
function notSent(result: ProviderResult<unknown>): boolean {
  return result.kind === 'provider_error' && result.code === 'circuit_open';
}
