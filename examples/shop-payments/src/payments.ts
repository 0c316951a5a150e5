// The payment side of an order: pay (authorize, manual capture by default), capture, refund,
// cancel, and reconciliation. Every Stripe call is recorded as an operation first, so an answer
// we never got leaves an `unknown` operation that reconciliation re-sends with the same key.
import { randomUUID } from 'node:crypto';
import type { Bug } from './config.ts';
import { moveTo, refundable, refundsTotal, statusFromMoney, type Operation, type OperationKind, type Order, type OrderStatus, type OrderStore } from './orders.ts';
import type { StripeClient, StripeObject, StripeResult } from './stripe.ts';

/** An answer for the HTTP layer: status code and body, in the shop's own error shape. */
export interface Reply {
  status: number;
  order?: Order;
  error?: { type: string; code: string; message: string; declineCode?: string | null };
}

export interface PaymentsDeps {
  store: OrderStore;
  stripe: StripeClient;
  bugs: ReadonlySet<Bug>;
  now: () => string;
  log: (line: string) => void;
}

const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export class BadRequest extends Error {
  readonly code: string;
  readonly status: number;
  constructor(
    code: string,
    message: string,
    status = 400,
  ) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

function amountField(v: unknown, name: string, required: boolean): number | undefined {
  if (v === undefined || v === null) {
    if (required) throw new BadRequest('parameter_missing', `${name} is required`);
    return undefined;
  }
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 99_999_999) throw new BadRequest('invalid_amount', `${name} must be an integer number of cents in 1..99999999`);
  return v as number;
}

export function checkId(id: string, what: string): void {
  if (!ID.test(id)) throw new BadRequest('invalid_id', `${what} must be 1-100 characters of A-Z a-z 0-9 _ . : -`);
}

export class Payments {
  private readonly d: PaymentsDeps;
  constructor(d: PaymentsDeps) {
    this.d = d;
  }

  async pay(orderId: string, body: Record<string, unknown>, merchantKey: string | null): Promise<Reply> {
    checkId(orderId, 'orderId');
    const amountCents = amountField(body.amountCents, 'amountCents', true)!;
    const currency = typeof body.currency === 'string' && /^[A-Za-z]{3}$/.test(body.currency) ? body.currency.toUpperCase() : undefined;
    if (!currency) throw new BadRequest('invalid_currency', 'currency must be a three-letter ISO code');
    const card = typeof body.card === 'string' && /^(pm|tok)_\w{1,100}$/.test(body.card) ? body.card : undefined;
    if (!card) throw new BadRequest('invalid_card', 'card must be a Stripe payment method or token id (pm_... or tok_...)');
    const captureMethod = body.captureMethod ?? 'manual';
    if (captureMethod !== 'manual' && captureMethod !== 'automatic') throw new BadRequest('invalid_capture_method', 'captureMethod must be manual or automatic');

    const existing = this.d.store.get(orderId);
    if (existing) {
      // One payment per order: the same request again is answered with what happened.
      if (existing.amountCents !== amountCents || existing.currency !== currency || existing.card !== card || existing.captureMethod !== captureMethod) {
        return { status: 409, order: existing, error: { type: 'conflict', code: 'order_already_paid_for', message: `order ${orderId} already has a payment with other details` } };
      }
      const op = existing.operations.find((o) => o.kind === 'payment')!;
      if (op.state === 'pending') return { status: 409, order: existing, error: { type: 'conflict', code: 'request_in_progress', message: 'the payment for this order is still in progress' } };
      if (op.state === 'unknown') await this.resend(existing, op);
      return this.replyFor(existing, op, 200);
    }

    const now = this.d.now();
    const order: Order = {
      id: orderId,
      amountCents,
      currency,
      card,
      captureMethod,
      status: 'pending_payment',
      statusHistory: ['pending_payment'],
      paymentIntentId: null,
      authorizedCents: 0,
      capturedCents: 0,
      refundedCents: 0,
      refunds: {},
      declineCode: null,
      operations: [],
      createdAt: now,
      updatedAt: now,
    };
    this.d.store.add(order);
    const op = this.operation(order, 'payment', merchantKey, `order_${orderId}_payment`, '/v1/payment_intents', {
      amount: amountCents,
      currency: currency.toLowerCase(),
      payment_method: card,
      payment_method_types: ['card'],
      confirm: true,
      capture_method: captureMethod,
      // Stripe's ledger of the payment names our order: it is how finance finds it, and how a
      // payment whose answer we lost is found again.
      metadata: { reference: orderId },
    });
    await this.execute(order, op);
    return this.replyFor(order, op, 201);
  }

  async capture(orderId: string, body: Record<string, unknown>, merchantKey: string | null): Promise<Reply> {
    const order = this.find(orderId);
    const again = await this.repeated(order, 'capture', merchantKey);
    if (again) return again;
    if (order.status !== 'authorized' || !order.paymentIntentId) return notAllowed(order, 'capture');
    if (this.open(order, 'capture')) return inProgress(order, 'capture');
    const amountCents = amountField(body.amountCents, 'amountCents', false) ?? order.authorizedCents;
    if (amountCents > order.authorizedCents) return tooLarge(order, `cannot capture ${amountCents}: ${order.authorizedCents} is authorized`);
    const op = this.operation(order, 'capture', merchantKey, `order_${orderId}_capture_${merchantKey ?? 'full'}`, `/v1/payment_intents/${order.paymentIntentId}/capture`, {
      amount_to_capture: amountCents,
    });
    op.amountCents = amountCents;
    await this.execute(order, op);
    return this.replyFor(order, op, 200);
  }

  async refund(orderId: string, body: Record<string, unknown>, merchantKey: string | null): Promise<Reply> {
    const order = this.find(orderId);
    const again = await this.repeated(order, 'refund', merchantKey);
    if (again) return again;
    if (!['paid', 'partially_refunded'].includes(order.status) || !order.paymentIntentId) return notAllowed(order, 'refund');
    const left = refundable(order);
    const amountCents = amountField(body.amountCents, 'amountCents', false) ?? left;
    if (amountCents < 1 || amountCents > left) return tooLarge(order, `cannot refund ${amountCents}: ${Math.max(left, 0)} is left to refund`);
    const op = this.operation(order, 'refund', merchantKey, `order_${orderId}_refund_${merchantKey ?? randomUUID()}`, '/v1/refunds', {
      payment_intent: order.paymentIntentId,
      amount: amountCents,
      metadata: { reference: orderId },
    });
    op.amountCents = amountCents;
    await this.execute(order, op);
    return this.replyFor(order, op, 200);
  }

  async cancel(orderId: string, merchantKey: string | null): Promise<Reply> {
    const order = this.find(orderId);
    const again = await this.repeated(order, 'cancel', merchantKey);
    if (again) return again;
    if (order.status !== 'authorized' || !order.paymentIntentId) return notAllowed(order, 'cancel');
    if (this.open(order, 'capture') || this.open(order, 'cancel')) return inProgress(order, 'cancel');
    const op = this.operation(order, 'cancel', merchantKey, `order_${orderId}_cancel`, `/v1/payment_intents/${order.paymentIntentId}/cancel`, {
      cancellation_reason: 'requested_by_customer',
    });
    await this.execute(order, op);
    return this.replyFor(order, op, 200);
  }

  /**
   * Resolves what we do not know: every `unknown` operation is re-sent with its own key (Stripe
   * replays it if it ran, runs it if it never arrived), then every open order is read back from Stripe.
   */
  async reconcile(): Promise<{ examined: number; resolved: number; stillOpen: number }> {
    let examined = 0;
    let resolved = 0;
    for (const order of this.d.store.all()) {
      const unknown = order.operations.filter((op) => op.state === 'unknown');
      const open = unknown.length > 0 || ['pending_payment', 'unknown', 'authorized', 'paid', 'partially_refunded'].includes(order.status);
      if (!open) continue;
      examined += 1;
      for (const op of unknown) {
        await this.resend(order, op);
        if (op.state !== 'unknown') resolved += 1;
      }
      if (order.paymentIntentId) {
        const r = await this.d.stripe.get(`/v1/payment_intents/${order.paymentIntentId}?expand[]=latest_charge`);
        if (r.kind === 'ok') this.applyIntent(order, r.body);
      }
    }
    const stillOpen = this.d.store.all().filter((o) => o.status === 'unknown' || o.operations.some((op) => op.state === 'unknown')).length;
    return { examined, resolved, stillOpen };
  }

  // --- applying what Stripe says (API answers, webhooks, reads) ---

  /** Brings the order in line with a PaymentIntent (and its expanded latest charge). */
  applyIntent(order: Order, pi: StripeObject, o: { regress?: boolean } = {}): void {
    const id = typeof pi.id === 'string' ? pi.id : null;
    if (id) this.d.store.linkIntent(order, id);
    const now = this.d.now();
    const amount = Number(pi.amount ?? 0);
    switch (pi.status) {
      case 'requires_capture':
        order.authorizedCents = Math.max(order.authorizedCents, amount);
        break;
      case 'succeeded':
        order.authorizedCents = Math.max(order.authorizedCents, amount);
        order.capturedCents = Math.max(order.capturedCents, Number(pi.amount_received ?? 0));
        break;
      case 'canceled':
        moveTo(order, 'cancelled', now);
        return;
      case 'requires_payment_method': {
        const err = pi.last_payment_error as Record<string, unknown> | null | undefined;
        if (err && order.authorizedCents === 0) {
          order.declineCode ??= String(err.decline_code ?? err.code ?? 'card_declined');
          moveTo(order, this.d.bugs.has('decline-as-error') ? 'error' : 'declined', now);
        }
        return;
      }
      default:
        return;
    }
    const charge = pi.latest_charge;
    if (charge && typeof charge === 'object') this.applyCharge(order, charge as StripeObject);
    if (o.regress) {
      // BUG: the event's own status wins, even if the order already moved past it.
      moveTo(order, pi.status === 'requires_capture' ? 'authorized' : 'paid', now, { allowRegression: true });
      return;
    }
    moveTo(order, statusFromMoney(order), now);
  }

  applyCharge(order: Order, charge: StripeObject): void {
    if (charge.status !== 'succeeded') return;
    order.authorizedCents = Math.max(order.authorizedCents, Number(charge.amount ?? 0));
    if (charge.captured) order.capturedCents = Math.max(order.capturedCents, Number(charge.amount_captured ?? 0));
    order.refundedCents = Math.max(order.refundedCents, Number(charge.amount_refunded ?? 0));
    if (order.authorizedCents > 0) moveTo(order, statusFromMoney(order), this.d.now());
  }

  applyRefund(order: Order, refund: StripeObject): void {
    if (typeof refund.id !== 'string' || !['succeeded', 'pending'].includes(String(refund.status))) return;
    order.refunds[refund.id] = Number(refund.amount ?? 0);
    order.refundedCents = Math.max(order.refundedCents, refundsTotal(order));
    moveTo(order, statusFromMoney(order), this.d.now());
  }

  /** An order for a Stripe object: by PaymentIntent id, else by the order reference we put in its metadata. */
  orderFor(obj: StripeObject): Order | undefined {
    const piId = obj.object === 'payment_intent' ? obj.id : obj.payment_intent;
    const byPi = typeof piId === 'string' ? this.d.store.byPaymentIntent(piId) : undefined;
    if (byPi) return byPi;
    const ref = (obj.metadata as Record<string, unknown> | undefined)?.reference;
    const order = typeof ref === 'string' ? this.d.store.get(ref) : undefined;
    if (order && typeof piId === 'string') this.d.store.linkIntent(order, piId);
    return order;
  }

  // --- internals ---

  private find(orderId: string): Order {
    checkId(orderId, 'orderId');
    const order = this.d.store.get(orderId);
    if (!order) throw new BadRequest('order_not_found', `no order ${orderId}`, 404);
    return order;
  }

  private open(order: Order, kind: OperationKind): boolean {
    return order.operations.some((op) => op.kind === kind && (op.state === 'pending' || op.state === 'unknown'));
  }

  /** A merchant retry (same Idempotency-Key): answered from what happened, re-sent if still unknown. */
  private async repeated(order: Order, kind: OperationKind, merchantKey: string | null): Promise<Reply | undefined> {
    if (!merchantKey) return undefined;
    const op = order.operations.find((o) => o.kind === kind && o.merchantKey === merchantKey);
    if (!op) return undefined;
    if (op.state === 'pending') return inProgress(order, kind);
    if (op.state === 'unknown') await this.resend(order, op);
    return this.replyFor(order, op, 200);
  }

  private operation(order: Order, kind: OperationKind, merchantKey: string | null, stripeKey: string, path: string, params: Record<string, unknown>): Operation {
    const op: Operation = { kind, merchantKey, stripeKey, path, params, amountCents: null, state: 'pending', error: null };
    order.operations.push(op);
    return op;
  }

  private async resend(order: Order, op: Operation): Promise<void> {
    if (op.kind === 'refund' && this.d.bugs.has('refund-retry-twice')) {
      // BUG: "the refund probably failed, issue it again" - under a fresh key, so Stripe refunds again.
      op.stripeKey = `order_${order.id}_refund_${randomUUID()}`;
    }
    op.state = 'pending';
    await this.execute(order, op);
  }

  private async execute(order: Order, op: Operation): Promise<void> {
    // The refund-retry-twice shop sends a refund once and leaves any trouble to its retry path.
    const once = op.kind === 'refund' && this.d.bugs.has('refund-retry-twice');
    const result = await this.d.stripe.post(op.path, op.params, op.stripeKey, once ? { attempts: 1 } : {});
    this.settle(order, op, result);
  }

  private settle(order: Order, op: Operation, r: StripeResult): void {
    const now = this.d.now();
    switch (r.kind) {
      case 'ok':
        op.state = 'succeeded';
        op.error = null;
        if (op.kind === 'refund') {
          this.applyRefund(order, r.body);
        } else {
          this.applyIntent(order, r.body);
        }
        return;
      case 'declined':
        op.state = 'failed';
        op.error = { code: r.declineCode ?? r.code, message: r.message };
        if (r.paymentIntent?.id && typeof r.paymentIntent.id === 'string') this.d.store.linkIntent(order, r.paymentIntent.id);
        if (op.kind === 'payment') {
          order.declineCode = r.declineCode ?? r.code;
          moveTo(order, this.d.bugs.has('decline-as-error') ? 'error' : 'declined', now);
        }
        return;
      case 'rejected':
        op.state = 'failed';
        op.error = { code: r.code, message: r.message };
        // Stripe did nothing. A payment that could not even be placed is an error; a refused
        // capture, refund or cancel leaves the order as it was.
        if (op.kind === 'payment') moveTo(order, 'error', now);
        this.d.log(`stripe refused ${op.kind} for order ${order.id}: ${r.status} ${r.code}`);
        return;
      case 'indeterminate':
        op.state = 'unknown';
        op.error = { code: 'outcome_unknown', message: r.reason };
        if (op.kind === 'payment') moveTo(order, 'unknown', now);
        this.d.log(`${op.kind} for order ${order.id} is unknown (${r.reason}); reconciliation will re-send it`);
        return;
    }
  }

  private replyFor(order: Order, op: Operation, okStatus: number): Reply {
    switch (op.state) {
      case 'succeeded':
        return { status: okStatus, order };
      case 'unknown':
      case 'pending':
        return { status: 202, order, error: { type: 'pending', code: 'outcome_unknown', message: `Stripe's answer did not arrive (${op.error?.message ?? 'in flight'}); the ${op.kind} will be confirmed by reconciliation` } };
      case 'failed': {
        const declined = order.status === 'declined' && op.kind === 'payment';
        if (declined) return { status: 402, order, error: { type: 'card_declined', code: op.error?.code ?? 'card_declined', message: op.error?.message ?? 'declined', declineCode: order.declineCode } };
        return { status: 502, order, error: { type: 'payment_provider_error', code: op.error?.code ?? 'provider_error', message: op.error?.message ?? 'Stripe refused the request' } };
      }
    }
  }
}

function notAllowed(order: Order, what: string): Reply {
  return { status: 409, order, error: { type: 'conflict', code: 'invalid_order_state', message: `cannot ${what} an order that is ${order.status}` } };
}

function inProgress(order: Order, what: string): Reply {
  return { status: 409, order, error: { type: 'conflict', code: 'request_in_progress', message: `a ${what} for this order is still in progress` } };
}

function tooLarge(order: Order, message: string): Reply {
  return { status: 422, order, error: { type: 'invalid_request', code: 'amount_too_large', message } };
}

export type { OrderStatus };
