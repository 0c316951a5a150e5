// The provider-neutral payment: how much is authorized, captured, refunded and disputed. Every
// change of money goes through here, which refuses what no PSP allows (capturing more than is
// authorized, refunding more than is captured) and writes the movement to the ledger. Dialects
// keep their own object shapes (a Stripe PaymentIntent, an Adyen payment) on top of this.
import type { Ledger, Movement, MovementKind } from './ledger.ts';

export interface KernelPayment {
  id: string;
  provider: string;
  amount: number;
  currency: string;
  reference?: string;
  createdAt: number;
  authorized: number;
  captured: number;
  refunded: number;
  disputed: number;
  /** The uncaptured remainder is still held on the card. */
  authorizationOpen: boolean;
  voided: boolean;
}

export interface MovementContext {
  /** Id for the movement (capture / refund / cancel reference). */
  movementId: string;
  at: number;
  operation: string;
  requestId: string;
  idempotencyKey?: string;
}

export type MoneyRefusal =
  | { code: 'not_authorized' }
  | { code: 'voided' }
  | { code: 'authorization_closed' }
  | { code: 'amount_exceeds_capturable'; capturable: number }
  | { code: 'amount_exceeds_refundable'; refundable: number }
  | { code: 'already_captured' };

export type MoneyResult = { ok: true; movement: Movement } | { ok: false; refusal: MoneyRefusal };

export class PaymentBook {
  private readonly ledger: Ledger;
  private readonly provider: string;
  readonly maxPayments: number;
  private readonly payments = new Map<string, KernelPayment>();

  constructor(
    ledger: Ledger,
    provider: string,
    maxPayments = 500_000,
  ) {
    this.ledger = ledger;
    this.provider = provider;
    this.maxPayments = maxPayments;
  }

  isFull(): boolean {
    return this.payments.size >= this.maxPayments;
  }

  create(init: { id: string; amount: number; currency: string; reference?: string; at: number }): KernelPayment {
    const payment: KernelPayment = {
      id: init.id,
      provider: this.provider,
      amount: init.amount,
      currency: init.currency.toLowerCase(),
      createdAt: init.at,
      authorized: 0,
      captured: 0,
      refunded: 0,
      disputed: 0,
      authorizationOpen: false,
      voided: false,
      ...(init.reference !== undefined ? { reference: init.reference } : {}),
    };
    this.payments.set(payment.id, payment);
    return payment;
  }

  get(id: string): KernelPayment | undefined {
    return this.payments.get(id);
  }

  all(): KernelPayment[] {
    return [...this.payments.values()];
  }

  capturable(p: KernelPayment): number {
    return p.authorizationOpen ? p.authorized - p.captured : 0;
  }

  refundable(p: KernelPayment): number {
    return p.captured - p.refunded - p.disputed;
  }

  /** The issuer approved: the full amount is now held on the card. */
  authorize(id: string, ctx: MovementContext): MoneyResult {
    const p = this.require(id);
    if (p.authorized > 0) return { ok: false, refusal: { code: 'already_captured' } };
    p.authorized = p.amount;
    p.authorizationOpen = true;
    return { ok: true, movement: this.move(p, 'authorization', p.amount, ctx) };
  }

  /**
   * Captures `amount` of the held authorization. A `final` capture releases whatever remains
   * (Stripe's behaviour); otherwise the authorization stays open for further partial captures
   * until fully captured (Adyen's multiple partial captures).
   */
  capture(id: string, amount: number, ctx: MovementContext, { final }: { final: boolean }): MoneyResult {
    const p = this.require(id);
    if (p.voided) return { ok: false, refusal: { code: 'voided' } };
    if (p.authorized === 0) return { ok: false, refusal: { code: 'not_authorized' } };
    if (!p.authorizationOpen) return { ok: false, refusal: { code: 'authorization_closed' } };
    const capturable = this.capturable(p);
    if (amount > capturable) return { ok: false, refusal: { code: 'amount_exceeds_capturable', capturable } };
    p.captured += amount;
    if (final || p.captured === p.authorized) p.authorizationOpen = false;
    return { ok: true, movement: this.move(p, 'capture', amount, ctx) };
  }

  refund(id: string, amount: number, ctx: MovementContext): MoneyResult {
    const p = this.require(id);
    const refundable = this.refundable(p);
    if (amount > refundable) return { ok: false, refusal: { code: 'amount_exceeds_refundable', refundable } };
    p.refunded += amount;
    return { ok: true, movement: this.move(p, 'refund', amount, ctx) };
  }

  /** Releases an authorization that has not been captured at all. */
  void(id: string, ctx: MovementContext): MoneyResult {
    const p = this.require(id);
    if (p.voided) return { ok: false, refusal: { code: 'voided' } };
    if (p.authorized === 0) return { ok: false, refusal: { code: 'not_authorized' } };
    if (p.captured > 0) return { ok: false, refusal: { code: 'already_captured' } };
    const released = p.authorized;
    p.voided = true;
    p.authorizationOpen = false;
    return { ok: true, movement: this.move(p, 'void', released, ctx) };
  }

  /** A chargeback: the cardholder's bank pulls back up to what is still captured and unrefunded. */
  dispute(id: string, amount: number, ctx: MovementContext): MoneyResult {
    const p = this.require(id);
    const refundable = this.refundable(p);
    if (amount > refundable || amount <= 0) return { ok: false, refusal: { code: 'amount_exceeds_refundable', refundable } };
    p.disputed += amount;
    return { ok: true, movement: this.move(p, 'dispute', amount, ctx) };
  }

  clear(): void {
    this.payments.clear();
  }

  private require(id: string): KernelPayment {
    const p = this.payments.get(id);
    if (!p) throw new Error(`unknown payment ${id}`);
    return p;
  }

  private move(p: KernelPayment, kind: MovementKind, amount: number, ctx: MovementContext): Movement {
    return this.ledger.append({
      id: ctx.movementId,
      provider: this.provider,
      kind,
      paymentId: p.id,
      amount,
      currency: p.currency,
      at: ctx.at,
      operation: ctx.operation,
      requestId: ctx.requestId,
      ...(ctx.idempotencyKey !== undefined ? { idempotencyKey: ctx.idempotencyKey } : {}),
      ...(p.reference !== undefined ? { reference: p.reference } : {}),
    });
  }
}
