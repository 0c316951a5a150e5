// Chargebacks, opened from the control API (`POST /__gauntlet/disputes`): the kernel records the
// money pulled back, the charge is marked disputed and `charge.dispute.created` goes out.
import type { DisputeResult } from '../kernel/index.ts';
import type { Dialect } from './context.ts';
import { emitEvent } from './events.ts';
import { disputeObject } from './serializers.ts';
import type { DisputeRecord } from './store.ts';

const REASONS = new Set([
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
]);

/** `paymentId` is a PaymentIntent id (or, for convenience, the id of its captured charge). */
export function openDispute(d: Dialect, paymentId: string, amount: number | undefined, reason: string): DisputeResult {
  const { kernel, state } = d;
  const pi = state.intent(paymentId) ?? (state.charge(paymentId) ? state.intent(state.charge(paymentId)!.paymentIntentId) : undefined);
  if (!pi) return { ok: false, status: 404, message: `No such payment_intent: '${paymentId}'` };
  const charge = state.successfulCharge(pi);
  if (!charge || !charge.captured) return { ok: false, status: 400, message: `PaymentIntent ${pi.id} has no captured charge to dispute` };
  if (charge.disputeId) return { ok: false, status: 400, message: `Charge ${charge.id} is already disputed (${charge.disputeId})` };
  const disputable = kernel.payments.refundable(pi.payment);
  const disputed = amount ?? disputable;
  if (disputed <= 0 || disputed > disputable) {
    return { ok: false, status: 400, message: `amount must be from 1 to ${disputable} (captured and not refunded)` };
  }
  const dispute: DisputeRecord = {
    id: kernel.id('dp_'),
    created: kernel.now(),
    amount: disputed,
    currency: charge.currency,
    chargeId: charge.id,
    paymentIntentId: pi.id,
    reason: REASONS.has(reason) ? reason : 'general',
  };
  const result = kernel.payments.dispute(pi.id, disputed, {
    movementId: dispute.id,
    at: dispute.created,
    operation: 'stripe.disputes.create',
    requestId: 'control',
  });
  if (!result.ok) return { ok: false, status: 400, message: `cannot dispute ${pi.id}: ${result.refusal.code}` };
  state.disputes.set(dispute.id, dispute);
  charge.disputeId = dispute.id;
  emitEvent(d, { requestId: null }, 'charge.dispute.created', disputeObject(dispute));
  return { ok: true, disputeId: dispute.id };
}
