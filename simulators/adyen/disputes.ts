// The control API's dispute hook: a cardholder's bank charges back (part of) a captured payment.
// The kernel records the chargeback movement; Adyen announces it with a CHARGEBACK notification
// whose pspReference is the dispute's own and whose originalReference is the disputed payment
// (docs.adyen.com, "Dispute webhooks"), amount the disputed amount, success "true".
import type { DisputeResult } from '../kernel/index.ts';
import type { AdyenDeps } from './deps.ts';
import { announce } from './notifications.ts';
import { newPspReference } from './psp-reference.ts';

/** Visa reason codes for the control API's reasons; anything else is passed through as text. */
const REASON_CODES: Record<string, { code: string; text: string }> = {
  fraudulent: { code: '10.4', text: 'Other Fraud-Card Absent Environment' },
  product_not_received: { code: '13.1', text: 'Merchandise/Services Not Received' },
  duplicate: { code: '12.6.1', text: 'Duplicate Processing' },
  subscription_canceled: { code: '13.2', text: 'Cancelled Recurring' },
  credit_not_processed: { code: '13.6', text: 'Credit Not Processed' },
};

export const CHARGEBACK_OPERATION = 'adyen.chargebacks';

export function openDispute(deps: AdyenDeps, paymentId: string, amount: number | undefined, reason: string): DisputeResult {
  const { kernel, store } = deps;
  const found = store.get(paymentId);
  if (!found) return { ok: false, status: 404, message: `no payment with pspReference ${paymentId}` };
  // One chargeback per payment, as Stripe has one dispute per charge (Adyen's second presentment
  // comes as SECOND_CHARGEBACK, not modelled here).
  if (found.money.disputed > 0) return { ok: false, status: 400, message: `payment ${paymentId} is already charged back` };
  const refundable = kernel.payments.refundable(found.money);
  if (refundable <= 0) return { ok: false, status: 400, message: `payment ${paymentId} has nothing captured and unrefunded to charge back` };
  const value = amount ?? refundable;
  const disputePsp = newPspReference(kernel);
  const money = kernel.payments.dispute(paymentId, value, {
    movementId: disputePsp,
    at: kernel.now(),
    operation: CHARGEBACK_OPERATION,
    requestId: 'control',
  });
  if (!money.ok) return { ok: false, status: 400, message: `amount ${value} exceeds the ${refundable} that can be charged back` };
  const { payment } = found;
  const wording = REASON_CODES[reason] ?? { code: 'unknown', text: reason };
  announce(kernel, {
    amount: { value, currency: payment.amount.currency },
    eventCode: 'CHARGEBACK',
    merchantAccountCode: payment.merchantAccount,
    merchantReference: payment.reference,
    originalReference: payment.pspReference,
    paymentMethod: payment.brand,
    pspReference: disputePsp,
    success: 'true',
    reason: wording.text,
    additionalData: { chargebackReasonCode: wording.code, chargebackSchemeCode: payment.brand, disputeStatus: 'Undefended' },
  });
  return { ok: true, disputeId: disputePsp };
}
