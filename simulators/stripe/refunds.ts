// /v1/refunds: refund a captured charge (by `payment_intent` or `charge`), in full or in parts,
// never above what is captured and not yet refunded or disputed; retrieve; list.
import { minorUnits } from '../kernel/index.ts';
import type { Handler, RequestContext } from './context.ts';
import { invalidRequest, noSuch } from './errors.ts';
import { emitEvent } from './events.ts';
import { inRange, itemExpand, listParams, paginate } from './pagination.ts';
import { get, type Schema } from './params.ts';
import { cause, movement } from './payment-attempt.ts';
import { chargeObject, refundObject } from './serializers.ts';
import type { ChargeRecord, IntentRecord, RefundRecord } from './store.ts';

const EXPANDABLE = ['charge', 'payment_intent'] as const;

export const CREATE: Schema = {
  payment_intent: { kind: 'string', maxLength: 255 },
  charge: { kind: 'string', maxLength: 255 },
  amount: { kind: 'amount' },
  reason: { kind: 'enum', values: ['duplicate', 'fraudulent', 'requested_by_customer'] },
  metadata: { kind: 'metadata' },
  expand: { kind: 'expand', allowed: EXPANDABLE },
};

export const RETRIEVE: Schema = { expand: { kind: 'expand', allowed: EXPANDABLE } };

export const LIST: Schema = listParams({ charge: { kind: 'string', maxLength: 255 }, payment_intent: { kind: 'string', maxLength: 255 } }, EXPANDABLE);

/** Which charge a refund request is for; unknown or inconsistent references are validation errors. */
function target(ctx: RequestContext, chargeId: string | undefined, piId: string | undefined): { pi: IntentRecord; charge: ChargeRecord | undefined } {
  const { state } = ctx.dialect;
  if (chargeId === undefined && piId === undefined) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
  }
  const charge = chargeId !== undefined ? state.charge(chargeId) : undefined;
  if (chargeId !== undefined && !charge) throw noSuch('charge', chargeId, 'charge', 400);
  const pi = state.intent(piId ?? charge!.paymentIntentId);
  if (!pi) throw noSuch('payment_intent', piId!, 'payment_intent', 400);
  if (charge && charge.paymentIntentId !== pi.id) {
    throw invalidRequest(`Charge ${charge.id} does not belong to PaymentIntent ${pi.id}.`, { param: 'charge' });
  }
  return { pi, charge: charge ?? state.successfulCharge(pi) };
}

export const createRefund: Handler = (ctx, params) => {
  const d = ctx.dialect;
  const { kernel, state } = d;
  const { pi, charge } = target(ctx, get.str(params, 'charge'), get.str(params, 'payment_intent'));
  // From here on the endpoint has executed: refusals are its answer and are saved for replay.
  const refuse = (message: string, code: string, param?: string) =>
    invalidRequest(message, { code, phase: 'execution', ...(param !== undefined ? { param } : {}) });
  if (!charge || charge.status !== 'succeeded') {
    throw refuse(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'charge_not_refundable');
  }
  if (!charge.captured) {
    throw refuse(`Charge ${charge.id} has not been captured; cancel the PaymentIntent ${pi.id} to release the authorization instead.`, 'charge_not_refundable');
  }
  const refundable = kernel.payments.refundable(pi.payment);
  if (refundable === 0) {
    if (pi.payment.disputed > 0 && pi.payment.refunded < pi.payment.captured) {
      throw refuse(`Charge ${charge.id} has been charged back; cannot issue a refund.`, 'charge_disputed');
    }
    throw refuse(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
  }
  const amount = get.num(params, 'amount') ?? refundable;
  if (amount > refundable) {
    throw refuse(
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(refundable, charge.currency)})`,
      'amount_too_large',
      'amount',
    );
  }
  const refund: RefundRecord = {
    id: kernel.id('re_'),
    created: kernel.now(),
    amount,
    currency: charge.currency,
    chargeId: charge.id,
    paymentIntentId: pi.id,
    reason: get.str(params, 'reason') ?? null,
    metadata: get.meta(params, 'metadata') ?? {},
    balanceTransaction: kernel.id('txn_'),
  };
  const result = kernel.payments.refund(pi.id, amount, movement(ctx, refund.id));
  if (!result.ok) throw new Error(`kernel refused a refund of ${pi.id}: ${result.refusal.code}`);
  state.refunds.set(refund.id, refund);
  charge.refundIds.push(refund.id);
  emitEvent(d, cause(ctx), 'charge.refunded', chargeObject(d, charge));
  emitEvent(d, cause(ctx), 'refund.created', refundObject(d, refund));
  return { status: 200, body: refundObject(d, refund, new Set(get.list(params, 'expand'))) };
};

export const retrieveRefund: Handler = (ctx, params, path) => {
  const refund = ctx.dialect.state.refund(path.id!);
  if (!refund) throw noSuch('refund', path.id!, 'id');
  return { status: 200, body: refundObject(ctx.dialect, refund, new Set(get.list(params, 'expand'))) };
};

export const listRefunds: Handler = (ctx, params) => {
  const charge = get.str(params, 'charge');
  const pi = get.str(params, 'payment_intent');
  const created = get.range(params, 'created');
  const items = ctx.dialect.state
    .listRefunds()
    .filter((r) => (charge === undefined || r.chargeId === charge) && (pi === undefined || r.paymentIntentId === pi) && inRange(r.created, created));
  const expand = itemExpand(params);
  return { status: 200, body: paginate(items, (r) => r.id, params, '/v1/refunds', 'refund', (r) => refundObject(ctx.dialect, r, expand)) };
};

const SYMBOLS: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥' };

/** `$25.00`, as Stripe words amounts in refund errors. */
function money(amount: number, currency: string): string {
  const units = minorUnits(currency);
  const major = (amount / 10 ** units).toFixed(units);
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}${major}` : `${major} ${currency.toUpperCase()}`;
}
