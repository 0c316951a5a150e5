// The payment service: authorize, capture, refund, void. Each provider call is an operation row
// written BEFORE the call (with its provider idempotency key) and settled AFTER it, each step in
// its own transaction on a locked payment row. A crash between the two leaves an open operation
// that recovery re-sends with the same key: nothing acknowledged is lost, no money moves twice.
import type { AuthorizeOutcome, ModificationOutcome, ProviderAdapter, ProviderName, ProviderResult } from '../adapters/types.ts';
import type { CoreEnv } from '../env.ts';
import { containsCardNumber } from '../api/card-number.ts';
import { ApiError, illegal, notFound } from '../api/errors.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { callWithPolicy, DEFAULT_CALL_POLICY, type CallPolicy } from '../providers/call-policy.ts';
import { CircuitBreaker } from '../providers/circuit-breaker.ts';
import { newId, providerIdempotencyKey } from './ids.ts';
import { DEFAULT_PAYMENT_POLICIES, OPEN_STATUSES as OPEN, type PaymentPolicies } from './policies.ts';
import { settle } from './settle.ts';
import { ALLOWED_FROM, type PaymentStatus } from './state-machine.ts';
import type { OperationKind, OperationRow, PaymentRow, TransitionCause } from './types.ts';
import { toView, type PaymentView } from './view.ts';
import type { Store, StoreTx } from '../storage/store.ts';

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
  store: Store;
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
  /** The service's policies (./policies.ts); each one not given is the default. */
  policies?: Partial<PaymentPolicies>;
}

export class PaymentService {
  private readonly o: ServiceOptions;
  private readonly breakers = new Map<ProviderName, CircuitBreaker>();
  readonly routing: { primary: ProviderName; secondary: ProviderName };
  readonly policies: PaymentPolicies;

  constructor(o: ServiceOptions) {
    this.o = o;
    this.routing = o.routing ?? { primary: 'stripe', secondary: 'adyen' };
    this.policies = { ...DEFAULT_PAYMENT_POLICIES, ...o.policies };
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

  async view(paymentId: string, q: StoreTx = this.o.store): Promise<PaymentView> {
    const p = await q.payments.get(paymentId);
    if (!p) throw notFound('payment', paymentId);
    const ops = await q.operations.listFor(p.id);
    return this.policies.present(toView(p, ops, await q.events.listFor(p.id)), ops);
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
    const op = await this.o.store.transaction(async (tx) => {
      await tx.payments.insert(payment);
      await tx.events.insert({ payment_id: payment.id, seq: 1, from_status: null, to_status: 'authorizing', cause: 'api', detail: null, at: now });
      if (idempotencyKey) await tx.idempotencyKeys.attachPayment('merchant', idempotencyKey, payment.id);
      return this.openOperation(tx, payment, 'authorize', payment.amount, provider);
    });
    let result = await this.sendAuthorize(payment, op);
    // With a secondary to fail over to, a refused primary does not make the payment `failed`: it
    // stays `authorizing` (failed is final) while the secondary is tried.
    const canFailover = input.provider === 'auto' && !!this.o.adapters[this.routing.secondary];
    await this.recordAuthorize(payment.id, op, result, 'api', { holdRefusal: canFailover });
    // Failover: only after the answers the policy names (by default, only when the primary
    // certainly did nothing: refused before executing, or its breaker open).
    const after = this.policies.failoverAfter;
    if (input.provider === 'auto' && after.includes(result.kind) && this.o.adapters[this.routing.secondary]) {
      const secondary = this.routing.secondary;
      // A held refusal leaves the payment `authorizing`; an indeterminate answer leaves it `unknown`.
      const from: readonly PaymentStatus[] = after.includes('indeterminate') ? ['authorizing', 'unknown'] : ['authorizing'];
      const op2 = await this.o.store.transaction(async (tx) => {
        const p = (await tx.payments.get(payment.id, { lock: true }))!;
        if (!from.includes(p.status)) return undefined;
        await tx.payments.switchProvider(p.id, secondary);
        await tx.events.append({
          payment_id: p.id,
          from_status: p.status,
          to_status: 'authorizing',
          cause: 'api',
          detail: `failover from ${p.provider} (${result.kind === 'provider_error' ? result.code : result.kind}) to ${secondary}`,
          at: this.now(),
        });
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
    const { lockPayment, reserveOpen } = this.policies.concurrency;
    const { payment, op } = await this.o.store.transaction(async (tx) => {
      const p = await tx.payments.get(paymentId, { lock: lockPayment });
      if (!p) throw notFound('payment', paymentId);
      const allowed: readonly PaymentStatus[] = ALLOWED_FROM[kind];
      if (!allowed.includes(p.status)) throw illegal(`Cannot ${kind} a payment that is ${p.status}`);
      const ops = await tx.operations.listFor(p.id);
      const open = (k: OperationKind) => (reserveOpen(k) ? ops.filter((o) => o.kind === k && OPEN.includes(o.status)).reduce((s, o) => s + o.amount, 0) : 0);
      // `rest`: what an amount-less request takes; `max`: the most one request may take.
      let room: { rest: number; max: number };
      if (kind === 'capture') {
        const left = p.amount_authorized - p.amount_captured - open('capture');
        room = { rest: left, max: left };
      } else if (kind === 'refund') room = this.policies.refundable(p, open('refund'));
      else {
        if (ops.some((o) => o.kind === 'capture' && o.status !== 'failed')) throw illegal('Cannot void a payment with a capture in progress');
        if (open('void') > 0) throw illegal('A void is already in progress');
        room = { rest: p.amount_authorized, max: p.amount_authorized };
      }
      const amount = kind === 'void' ? room.rest : (requested ?? room.rest);
      if (amount <= 0 || amount > room.max) {
        throw new ApiError(409, 'conflict', `amount_exceeds_${kind === 'capture' ? 'capturable' : 'refundable'}`, `Cannot ${kind} ${amount}: ${Math.max(0, room.max)} is available`, 'amount');
      }
      return { payment: p, op: await this.openOperation(tx, p, kind, amount, p.provider) };
    });
    const report = await this.sendModification(payment, op, payment.provider_payment_id!);
    await this.recordModification(payment.id, op, report.result, 'api', report.attempts);
    return this.view(payment.id);
  }

  /** Re-sends an open operation with its own idempotency key and records the answer. */
  async resend(op: OperationRow, cause: TransitionCause): Promise<void> {
    if (this.policies.inProgress(op)) return;
    const payment = await this.o.store.payments.get(op.payment_id);
    if (!payment) return;
    if (op.kind === 'authorize') {
      const result = await this.sendAuthorize({ ...payment, provider: op.provider }, op);
      if (notSent(result)) return;
      await this.recordAuthorize(payment.id, op, result, cause);
      return;
    }
    if (!payment.provider_payment_id) return;
    const report = await this.sendModification(payment, op, payment.provider_payment_id);
    if (notSent(report.result)) return;
    await this.recordModification(payment.id, op, report.result, cause, op.attempts + report.attempts);
  }

  /** Sends a capture, refund or void with the operation's own provider idempotency key. */
  private sendModification(payment: PaymentRow, op: OperationRow, providerPaymentId: string) {
    const adapter = this.adapter(op.provider);
    const request = { paymentId: payment.id, operationId: op.id, providerPaymentId, amount: this.policies.providerAmount(payment, op), currency: payment.currency };
    return this.call(op.provider, op, ({ timeoutMs, signal }) => {
      const ctx = { idempotencyKey: op.provider_idempotency_key, timeoutMs, signal };
      return op.kind === 'capture' ? adapter.capture(request, ctx) : op.kind === 'refund' ? adapter.refund(request, ctx) : adapter.void(request, ctx);
    });
  }

  private async openOperation(tx: StoreTx, p: PaymentRow, kind: OperationKind, amount: number, provider: ProviderName): Promise<OperationRow> {
    const seq = await tx.operations.nextSeq(p.id);
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
    await tx.operations.insert(op);
    return op;
  }

  private async call<T>(provider: ProviderName, op: OperationRow, send: (attempt: { timeoutMs: number; signal: AbortSignal }) => Promise<ProviderResult<T>>) {
    const report = await callWithPolicy(
      { clock: this.o.env.clock, random: this.o.env.random, breaker: this.breaker(provider), policy: this.o.callPolicy ?? DEFAULT_CALL_POLICY },
      send,
    );
    if (this.policies.noAnswer === 'failed' && report.result.kind === 'indeterminate') {
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
    await this.o.store.transaction(async (tx) => {
      const p = (await tx.payments.get(paymentId, { lock: true }))!;
      const current = (await tx.operations.listFor(paymentId)).find((o) => o.id === op.id)!;
      const at = this.now();
      // A webhook may have settled the operation while the call was out: never undo a settled one.
      const settled = !OPEN.includes(current.status);
      if (result.kind === 'ok') {
        if (!settled) await tx.operations.update(op.id, { status: 'succeeded', provider_reference: result.value.providerPaymentId, attempts: op.attempts, updated_at: at });
        p.provider_payment_id = result.value.providerPaymentId;
        p.amount_authorized = Math.max(p.amount_authorized, result.value.amountAuthorized);
        p.reported_captured = Math.max(p.reported_captured, result.value.amountCaptured);
        await settle(tx, p, { cause, at, policy: this.policies });
      } else if (result.kind === 'declined') {
        if (!settled) await tx.operations.update(op.id, { status: 'failed', attempts: op.attempts, last_error: `declined: ${result.code}`, updated_at: at });
        if (p.status === 'authorizing' || p.status === 'unknown') {
          p.decline_code = result.code;
          if (result.providerPaymentId) p.provider_payment_id = result.providerPaymentId;
          await settle(tx, p, { cause, at, explicit: 'declined', detail: result.code, policy: this.policies });
        }
      } else if (result.kind === 'indeterminate') {
        if (!settled) await tx.operations.update(op.id, { status: 'unknown', attempts: op.attempts, last_error: result.reason, updated_at: at });
        if (p.status === 'authorizing') await settle(tx, p, { cause, at, explicit: 'unknown', detail: result.reason, policy: this.policies });
      } else {
        if (!settled) await tx.operations.update(op.id, { status: 'failed', attempts: op.attempts, last_error: `${result.kind}: ${result.code}`, updated_at: at });
        const failingOver = holdRefusal && result.kind === 'provider_error' && p.status === 'authorizing';
        if (!failingOver && (p.status === 'authorizing' || p.status === 'unknown')) {
          p.failure_message = `${result.kind}: ${result.code}: ${result.message}`.slice(0, 500);
          await settle(tx, p, { cause, at, explicit: 'failed', detail: result.code, policy: this.policies });
        }
      }
    });
  }

  private async recordModification(paymentId: string, op: OperationRow, result: ProviderResult<ModificationOutcome>, cause: TransitionCause, attempts: number): Promise<void> {
    const status = this.policies.bookAnswer(op.kind, result);
    await this.o.store.transaction(async (tx) => {
      const p = (await tx.payments.get(paymentId, { lock: true }))!;
      const current = (await tx.operations.listFor(paymentId)).find((o) => o.id === op.id)!;
      const at = this.now();
      // A webhook may have settled the operation while the call was out: never undo a settled one.
      if (OPEN.includes(current.status)) {
        const lastError = status === 'succeeded' || status === 'pending' ? {} : { last_error: result.kind === 'ok' ? 'ok' : result.kind === 'indeterminate' ? result.reason : `${result.kind}: ${result.code}` };
        await tx.operations.update(op.id, { status, ...(result.kind === 'ok' ? { provider_reference: result.value.providerReference } : {}), attempts, updated_at: at, ...lastError });
      }
      await settle(tx, p, { cause, at, policy: this.policies });
    });
    // A refusal the operation was failed on is the merchant's answer too.
    if (status === 'failed' && (result.kind === 'provider_error' || result.kind === 'invalid_request')) {
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
