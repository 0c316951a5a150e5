// Modifications on a payment: POST /v{67..72}/payments/{paymentPspReference}/captures, /refunds,
// /cancels and /reversals (cancel-or-refund).
//
// Adyen answers 201 `status: "received"` with the modification's own pspReference and the
// payment's as `paymentPspReference`; the outcome follows by notification (CAPTURE, REFUND,
// CANCELLATION, CANCEL_OR_REFUND, each with success "true" or "false" and a reason).
//
// The simulator decides at request time: when the kernel allows the movement it is written to
// the ledger then and the notification says success "true"; when it does not (capture above the
// remaining authorisation, refund above what is captured, cancel after capture, a currency other
// than the payment's, a refused payment) nothing moves and the notification says success "false"
// with the reason. Only request-shape problems (no merchant account, a bad amount, an unknown
// pspReference) are synchronous 4xx errors. Partial captures may be repeated until the
// authorisation is used up; partial refunds may be repeated up to what is captured.
import type { MoneyRefusal, MoneyResult, MovementContext } from '../kernel/index.ts';
import type { AdyenDeps } from './deps.ts';
import type { Operation, OperationResult } from './edge.ts';
import { ADYEN_ERRORS, AdyenErrorReply } from './errors.ts';
import { announce, type EventCode } from './notifications.ts';
import { newPspReference } from './psp-reference.ts';
import { amountOf, merchantAccountOf, optionalString, type Amount } from './request.ts';
import type { AdyenPayment } from './store.ts';

export type ModificationKind = 'captures' | 'refunds' | 'cancels' | 'reversals';

export const MODIFICATION_OPERATIONS: Record<ModificationKind, string> = {
  captures: 'adyen.captures',
  refunds: 'adyen.refunds',
  cancels: 'adyen.cancels',
  reversals: 'adyen.reversals',
};

const EVENT_CODES: Record<ModificationKind, EventCode> = {
  captures: 'CAPTURE',
  refunds: 'REFUND',
  cancels: 'CANCELLATION',
  reversals: 'CANCEL_OR_REFUND',
};

/** The simulator's wording for a modification the kernel refused. */
const REFUSAL_REASONS: Record<MoneyRefusal['code'], string> = {
  not_authorized: 'Original payment is not authorised',
  voided: 'Original payment has been cancelled',
  authorization_closed: 'Insufficient balance on payment',
  amount_exceeds_capturable: 'Insufficient balance on payment',
  amount_exceeds_refundable: 'Insufficient balance on payment',
  already_captured: 'Original payment has already been captured',
};
const CURRENCY_MISMATCH = 'Modification in different currency than authorisation';

interface Outcome {
  success: boolean;
  reason?: string;
  /** The amount the notification reports. */
  amount: Amount;
  additionalData?: Record<string, string>;
}

export function modificationOperation(deps: AdyenDeps, kind: ModificationKind): Operation {
  const { kernel, store, config } = deps;
  return (input): OperationResult => {
    const { body } = input;
    const account = merchantAccountOf(body, config.merchantAccount);
    if (!account.ok) return new AdyenErrorReply(account.error);
    let requested: Amount | undefined;
    if (kind === 'captures' || kind === 'refunds') {
      const amount = amountOf(body.amount);
      if (!amount.ok) return new AdyenErrorReply(amount.error);
      requested = amount.value;
    }
    const reference = optionalString(body, 'reference', 80);
    if (!reference.ok) return new AdyenErrorReply(reference.error);
    const found = input.paymentPspReference !== undefined ? store.get(input.paymentPspReference) : undefined;
    // A payment of another merchant account is as unknown to this request as one never made.
    if (!found || found.payment.merchantAccount !== account.value) return new AdyenErrorReply(ADYEN_ERRORS.unknownPayment);

    const { payment } = found;
    const pspReference = newPspReference(kernel);
    const ctx: MovementContext = {
      movementId: pspReference,
      at: kernel.now(),
      operation: MODIFICATION_OPERATIONS[kind],
      requestId: input.requestId,
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    };
    // An `async_failure` fault: the scheme refuses the capture or refund after Adyen received it.
    const refusedLater = input.asyncFailure && (kind === 'captures' || kind === 'refunds') ? input.asyncFailure : undefined;
    const outcome: Outcome = refusedLater ? { success: false, reason: refusedLater.reason, amount: requested! } : commit(deps, kind, payment, requested, ctx);
    announce(kernel, {
      amount: outcome.amount,
      eventCode: EVENT_CODES[kind],
      merchantAccountCode: account.value,
      merchantReference: reference.value ?? payment.reference,
      originalReference: payment.pspReference,
      paymentMethod: payment.brand,
      pspReference,
      success: outcome.success ? 'true' : 'false',
      ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
      ...(outcome.additionalData ? { additionalData: outcome.additionalData } : {}),
    });
    return {
      status: 201,
      body: {
        merchantAccount: account.value,
        paymentPspReference: payment.pspReference,
        pspReference,
        ...(reference.value !== undefined ? { reference: reference.value } : {}),
        status: 'received',
        ...(requested ? { amount: requested } : {}),
      },
    };
  };
}

function commit(deps: AdyenDeps, kind: ModificationKind, payment: AdyenPayment, requested: Amount | undefined, ctx: MovementContext): Outcome {
  const { kernel } = deps;
  const id = payment.pspReference;
  const whole = payment.amount;
  const result = (money: MoneyResult, amount: Amount, additionalData?: Record<string, string>): Outcome => ({
    success: money.ok,
    amount,
    ...(money.ok ? {} : { reason: REFUSAL_REASONS[money.refusal.code] }),
    ...(additionalData ? { additionalData } : {}),
  });
  switch (kind) {
    case 'captures':
    case 'refunds': {
      const amount = requested!;
      if (amount.currency !== whole.currency) return { success: false, reason: CURRENCY_MISMATCH, amount };
      const money = kind === 'captures' ? kernel.payments.capture(id, amount.value, ctx, { final: false }) : kernel.payments.refund(id, amount.value, ctx);
      return result(money, amount);
    }
    case 'cancels':
      return result(kernel.payments.void(id, ctx), whole);
    case 'reversals': {
      const money = kernel.payments.get(id)!;
      if (money.captured === 0) return result(kernel.payments.void(id, ctx), whole, { 'modification.action': 'cancel' });
      const refundable = kernel.payments.refundable(money);
      const amount = { value: refundable, currency: whole.currency };
      if (refundable === 0) return { success: false, reason: REFUSAL_REASONS.amount_exceeds_refundable, amount: whole, additionalData: { 'modification.action': 'refund' } };
      return result(kernel.payments.refund(id, refundable, ctx), amount, { 'modification.action': 'refund' });
    }
  }
}

