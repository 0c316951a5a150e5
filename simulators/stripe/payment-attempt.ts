// Confirming a PaymentIntent: the issuer answers (the test card's outcome, or a `decline` fault),
// a Charge records the attempt, the kernel moves the money. Approved: authorized, and for
// automatic capture captured at once. Declined: a failed Charge, the PaymentIntent back to
// `requires_payment_method` with `last_payment_error`, and a 402 card_error.
import { DECLINE_WORDING, type MovementContext } from '../kernel/index.ts';
import type { RequestContext } from './context.ts';
import { StripeApiError } from './errors.ts';
import { emitEvent } from './events.ts';
import { paymentMethodObject, type TestCard } from './payment-methods.ts';
import { chargeObject, declineError, intentObject } from './serializers.ts';
import type { ChargeRecord, IntentRecord } from './store.ts';

export function movement(ctx: RequestContext, movementId: string): MovementContext {
  return {
    movementId,
    at: ctx.dialect.kernel.now(),
    operation: ctx.operation,
    requestId: ctx.requestId,
    ...(ctx.idempotencyKey !== undefined ? { idempotencyKey: ctx.idempotencyKey } : {}),
  };
}

export function cause(ctx: RequestContext) {
  return { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
}

/**
 * Runs the payment for `pi` with `card`; throws a 402 when declined. Approved, it returns the
 * PaymentIntent as its last event rendered it: `pi` as it now is, which the caller can answer
 * with instead of rendering it again.
 */
export function attemptPayment(ctx: RequestContext, pi: IntentRecord, card: TestCard): Record<string, unknown> {
  const d = ctx.dialect;
  const { kernel, state } = d;
  const outcome = ctx.forcedDecline ? { kind: 'declined' as const, reason: ctx.forcedDecline } : card.outcome;
  const charge: ChargeRecord = {
    id: kernel.id('ch_'),
    created: kernel.now(),
    paymentIntentId: pi.id,
    amount: pi.amount,
    currency: pi.currency,
    paymentMethod: card.id,
    status: 'succeeded',
    captured: false,
    balanceTransaction: null,
    failure: null,
    description: pi.description,
    metadata: { ...pi.metadata },
    refundIds: [],
    disputeId: null,
  };
  state.charges.set(charge.id, charge);
  pi.chargeIds.push(charge.id);
  pi.latestChargeId = charge.id;

  if (outcome.kind === 'declined') {
    const wording = DECLINE_WORDING[outcome.reason].stripe;
    charge.status = 'failed';
    charge.failure = { reason: outcome.reason, code: wording.code, message: wording.message, ...(wording.declineCode !== undefined ? { declineCode: wording.declineCode } : {}) };
    const error = declineError(charge.failure, charge.id, paymentMethodObject(card, kernel.now()));
    pi.status = 'requires_payment_method';
    pi.paymentMethod = null;
    pi.lastPaymentError = error;
    emitEvent(d, cause(ctx), 'charge.failed', chargeObject(d, charge));
    emitEvent(d, cause(ctx), 'payment_intent.payment_failed', intentObject(d, pi));
    throw new StripeApiError(402, { ...error, payment_intent: intentObject(d, pi) }, 'execution');
  }

  const authorized = kernel.payments.authorize(pi.id, movement(ctx, charge.id));
  if (!authorized.ok) throw new Error(`kernel refused an authorization of ${pi.id}: ${authorized.refusal.code}`);
  pi.lastPaymentError = null;
  pi.paymentMethod = card.id;
  if (pi.captureMethod === 'manual') {
    pi.status = 'requires_capture';
    emitEvent(d, cause(ctx), 'charge.succeeded', chargeObject(d, charge));
    const rendered = intentObject(d, pi);
    emitEvent(d, cause(ctx), 'payment_intent.amount_capturable_updated', rendered);
    return rendered;
  }
  const txn = kernel.id('txn_');
  const captured = kernel.payments.capture(pi.id, pi.amount, movement(ctx, txn), { final: true });
  if (!captured.ok) throw new Error(`kernel refused the automatic capture of ${pi.id}: ${captured.refusal.code}`);
  charge.captured = true;
  charge.balanceTransaction = txn;
  pi.status = 'succeeded';
  emitEvent(d, cause(ctx), 'charge.succeeded', chargeObject(d, charge));
  const rendered = intentObject(d, pi);
  emitEvent(d, cause(ctx), 'payment_intent.succeeded', rendered);
  return rendered;
}
