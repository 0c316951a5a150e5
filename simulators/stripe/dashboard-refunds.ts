// Refunds the merchant's service did not ask for: someone refunds from the Stripe Dashboard (or
// support does), through the control API (`POST /__gauntlet/refunds`). The money moves in the
// ledger like any refund, with no request and no idempotency key of the SUT's, and Stripe says so
// the only way it can: `charge.refunded` and `refund.created` webhooks (request id null, as for
// Dashboard actions). A service that books only what it asked for disagrees with the ledger.
import type { PspRefundResult } from '../kernel/index.ts';
import type { Dialect } from './context.ts';
import { emitEvent } from './events.ts';
import { chargeObject, refundObject } from './serializers.ts';
import type { RefundRecord } from './store.ts';

/** `paymentId`: a PaymentIntent id (or its captured charge's id); `amount`: all that is left by default. */
export function dashboardRefund(d: Dialect, paymentId: string, amount: number | undefined): PspRefundResult {
  const { kernel, state } = d;
  const pi = state.intent(paymentId) ?? (state.charge(paymentId) ? state.intent(state.charge(paymentId)!.paymentIntentId) : undefined);
  if (!pi) return { ok: false, status: 404, message: `No such payment_intent: '${paymentId}'` };
  const charge = state.successfulCharge(pi);
  if (!charge || !charge.captured) return { ok: false, status: 400, message: `PaymentIntent ${pi.id} has no captured charge to refund` };
  const refundable = kernel.payments.refundable(pi.payment);
  const value = amount ?? refundable;
  if (value <= 0 || value > refundable) return { ok: false, status: 400, message: `amount must be from 1 to ${refundable} (captured and not refunded)` };
  const refund: RefundRecord = {
    id: kernel.id('re_'),
    created: kernel.now(),
    amount: value,
    currency: charge.currency,
    chargeId: charge.id,
    paymentIntentId: pi.id,
    reason: 'requested_by_customer',
    metadata: {},
    balanceTransaction: kernel.id('txn_'),
  };
  const result = kernel.payments.refund(pi.id, value, { movementId: refund.id, at: refund.created, operation: 'stripe.dashboard.refund', requestId: 'control' });
  if (!result.ok) return { ok: false, status: 400, message: `cannot refund ${pi.id}: ${result.refusal.code}` };
  state.refunds.set(refund.id, refund);
  charge.refundIds.push(refund.id);
  emitEvent(d, { requestId: null }, 'charge.refunded', chargeObject(d, charge));
  emitEvent(d, { requestId: null }, 'refund.created', refundObject(d, refund));
  return { ok: true, refundId: refund.id };
}
