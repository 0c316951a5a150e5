// Refunds the merchant's service did not ask for: someone refunds from Adyen's Customer Area,
// through the control API (`POST /__gauntlet/refunds`). The kernel records the refund; Adyen
// announces it with a REFUND notification whose pspReference is the refund's own and whose
// originalReference is the payment, and whose merchantReference is whatever the Customer Area
// user typed (here none of the SUT's operation ids), success "true".
import type { PspRefundResult } from '../kernel/index.ts';
import type { AdyenDeps } from './deps.ts';
import { announce } from './notifications.ts';
import { newPspReference } from './psp-reference.ts';

export const DASHBOARD_REFUND_OPERATION = 'adyen.customer_area.refund';

export function dashboardRefund(deps: AdyenDeps, paymentId: string, amount: number | undefined): PspRefundResult {
  const { kernel, store } = deps;
  const found = store.get(paymentId);
  if (!found) return { ok: false, status: 404, message: `no payment with pspReference ${paymentId}` };
  const refundable = kernel.payments.refundable(found.money);
  if (refundable <= 0) return { ok: false, status: 400, message: `payment ${paymentId} has nothing captured and unrefunded to refund` };
  const value = amount ?? refundable;
  if (value > refundable) return { ok: false, status: 400, message: `amount must be from 1 to ${refundable} (captured and not refunded)` };
  const refundPsp = newPspReference(kernel);
  const money = kernel.payments.refund(paymentId, value, { movementId: refundPsp, at: kernel.now(), operation: DASHBOARD_REFUND_OPERATION, requestId: 'control' });
  if (!money.ok) return { ok: false, status: 400, message: `cannot refund ${paymentId}: ${money.refusal.code}` };
  const { payment } = found;
  announce(kernel, {
    amount: { value, currency: payment.amount.currency },
    eventCode: 'REFUND',
    merchantAccountCode: payment.merchantAccount,
    merchantReference: `customer-area-refund-${refundPsp}`,
    originalReference: payment.pspReference,
    paymentMethod: payment.brand,
    pspReference: refundPsp,
    success: 'true',
  });
  return { ok: true, refundId: refundPsp };
}
