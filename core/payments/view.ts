// The payment as the merchant API shows it.
import type { PaymentEventRow, OperationRow, PaymentRow } from './types.ts';

export interface PaymentView {
  id: string;
  object: 'payment';
  status: PaymentRow['status'];
  amount: number;
  currency: string;
  reference: string;
  provider: string;
  requestedProvider: string;
  providerPaymentId: string | null;
  captureMode: string;
  amounts: { authorized: number; captured: number; refunded: number; disputed: number };
  declineCode: string | null;
  failureMessage: string | null;
  operations: { id: string; kind: string; amount: number; provider: string; status: string; providerReference: string | null; attempts: number }[];
  history: { from: string | null; to: string; cause: string; at: number; detail: string | null }[];
  createdAt: number;
  updatedAt: number;
}

export function toView(p: PaymentRow, ops: OperationRow[], events: PaymentEventRow[]): PaymentView {
  return {
    id: p.id,
    object: 'payment',
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    reference: p.merchant_reference,
    provider: p.provider,
    requestedProvider: p.requested_provider,
    providerPaymentId: p.provider_payment_id,
    captureMode: p.capture_mode,
    amounts: { authorized: p.amount_authorized, captured: p.amount_captured, refunded: p.amount_refunded, disputed: p.disputed_amount },
    declineCode: p.decline_code,
    failureMessage: p.failure_message,
    operations: ops.map((o) => ({ id: o.id, kind: o.kind, amount: o.amount, provider: o.provider, status: o.status, providerReference: o.provider_reference, attempts: o.attempts })),
    history: events.map((e) => ({ from: e.from_status, to: e.to_status, cause: e.cause, at: e.at, detail: e.detail })),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}
