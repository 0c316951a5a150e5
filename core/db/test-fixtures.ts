// Rows for core/db's own tests: a payment with every NOT NULL column filled.
import type { Queryable } from './types.ts';

export interface PaymentRow {
  id: string;
  amount: number;
  amount_authorized: number;
  amount_captured: number;
  amount_refunded: number;
  created_at: number;
  updated_at: number;
}

export async function insertPayment(q: Queryable, row: Partial<PaymentRow> & { id: string }): Promise<void> {
  const p: PaymentRow = {
    amount: 1000,
    amount_authorized: 0,
    amount_captured: 0,
    amount_refunded: 0,
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
    ...row,
  };
  await q.query(
    `INSERT INTO payments (id, merchant_reference, amount, currency, requested_provider, provider, payment_method,
       capture_mode, status, amount_authorized, amount_captured, amount_refunded, created_at, updated_at)
     VALUES ($1, 'order-1', $2, 'EUR', 'stripe', 'stripe', 'pm_card_visa', 'manual', 'authorized', $3, $4, $5, $6, $7)`,
    [p.id, p.amount, p.amount_authorized, p.amount_captured, p.amount_refunded, p.created_at, p.updated_at],
  );
}
