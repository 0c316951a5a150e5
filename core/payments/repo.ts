// SQL for payments, their operations and their transition history. Every function takes the
// connection or transaction to run on; locking is explicit (`lock: true` is SELECT … FOR UPDATE).
import type { Queryable } from '../db/types.ts';
import type { OperationRow, OperationStatus, PaymentEventRow, PaymentRow } from './types.ts';

const NUMERIC_PAYMENT = ['amount', 'amount_authorized', 'amount_captured', 'amount_refunded', 'reported_captured', 'disputed_amount', 'version', 'created_at', 'updated_at'] as const;
const NUMERIC_OPERATION = ['seq', 'amount', 'attempts', 'created_at', 'updated_at'] as const;

/** Postgres drivers may hand back bigints as strings; the core works in numbers (amounts ≤ 1e8). */
function numbers<T>(row: Record<string, unknown>, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of keys) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  return out as T;
}

export async function insertPayment(q: Queryable, p: PaymentRow): Promise<void> {
  await q.query(
    `INSERT INTO payments (id, merchant_reference, amount, currency, requested_provider, provider, payment_method, capture_mode, status,
       provider_payment_id, amount_authorized, amount_captured, amount_refunded, reported_captured, disputed_amount, decline_code, failure_message, version, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
    [p.id, p.merchant_reference, p.amount, p.currency, p.requested_provider, p.provider, p.payment_method, p.capture_mode, p.status, p.provider_payment_id,
      p.amount_authorized, p.amount_captured, p.amount_refunded, p.reported_captured, p.disputed_amount, p.decline_code, p.failure_message, p.version, p.created_at, p.updated_at],
  );
}

export async function getPayment(q: Queryable, id: string, { lock = false } = {}): Promise<PaymentRow | undefined> {
  const rows = await q.query(`SELECT * FROM payments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? numbers<PaymentRow>(rows[0], NUMERIC_PAYMENT) : undefined;
}

export async function findPaymentByProviderId(q: Queryable, provider: string, providerPaymentId: string, { lock = false } = {}): Promise<PaymentRow | undefined> {
  const rows = await q.query(`SELECT * FROM payments WHERE provider = $1 AND provider_payment_id = $2${lock ? ' FOR UPDATE' : ''}`, [provider, providerPaymentId]);
  return rows[0] ? numbers<PaymentRow>(rows[0], NUMERIC_PAYMENT) : undefined;
}

export async function listPayments(q: Queryable, { status, limit }: { status?: string; limit: number }): Promise<PaymentRow[]> {
  const rows = status
    ? await q.query('SELECT * FROM payments WHERE status = $1 ORDER BY created_at, id LIMIT $2', [status, limit])
    : await q.query('SELECT * FROM payments ORDER BY created_at, id LIMIT $1', [limit]);
  return rows.map((r) => numbers<PaymentRow>(r, NUMERIC_PAYMENT));
}

/** Writes the payment's mutable columns back, bumping its version. */
export async function savePayment(q: Queryable, p: PaymentRow): Promise<void> {
  await q.query(
    `UPDATE payments SET provider = $2, status = $3, provider_payment_id = $4, amount_authorized = $5, amount_captured = $6, amount_refunded = $7,
       reported_captured = $8, disputed_amount = $9, decline_code = $10, failure_message = $11, version = version + 1, updated_at = $12
     WHERE id = $1`,
    [p.id, p.provider, p.status, p.provider_payment_id, p.amount_authorized, p.amount_captured, p.amount_refunded, p.reported_captured, p.disputed_amount, p.decline_code, p.failure_message, p.updated_at],
  );
}

export async function appendEvent(q: Queryable, e: Omit<PaymentEventRow, 'seq'>): Promise<void> {
  await q.query(
    `INSERT INTO payment_events (payment_id, seq, from_status, to_status, cause, detail, at)
     VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_events WHERE payment_id = $1), $2, $3, $4, $5, $6)`,
    [e.payment_id, e.from_status, e.to_status, e.cause, e.detail, e.at],
  );
}

export async function eventsFor(q: Queryable, paymentId: string): Promise<PaymentEventRow[]> {
  const rows = await q.query('SELECT * FROM payment_events WHERE payment_id = $1 ORDER BY seq', [paymentId]);
  return rows.map((r) => numbers<PaymentEventRow>(r, ['seq', 'at']));
}

export async function insertOperation(q: Queryable, op: OperationRow): Promise<void> {
  await q.query(
    `INSERT INTO operations (id, payment_id, seq, kind, amount, provider, status, provider_idempotency_key, provider_reference, attempts, last_error, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [op.id, op.payment_id, op.seq, op.kind, op.amount, op.provider, op.status, op.provider_idempotency_key, op.provider_reference, op.attempts, op.last_error, op.created_at, op.updated_at],
  );
}

export async function operationsFor(q: Queryable, paymentId: string): Promise<OperationRow[]> {
  const rows = await q.query('SELECT * FROM operations WHERE payment_id = $1 ORDER BY seq', [paymentId]);
  return rows.map((r) => numbers<OperationRow>(r, NUMERIC_OPERATION));
}

export async function nextOperationSeq(q: Queryable, paymentId: string): Promise<number> {
  const rows = await q.query<{ next: number | string }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM operations WHERE payment_id = $1', [paymentId]);
  return Number(rows[0]!.next);
}

export async function updateOperation(
  q: Queryable,
  id: string,
  patch: { status: OperationStatus; provider_reference?: string | null; attempts?: number; last_error?: string | null; updated_at: number },
): Promise<void> {
  await q.query(
    `UPDATE operations SET status = $2, provider_reference = COALESCE($3, provider_reference), attempts = COALESCE($4, attempts),
       last_error = $5, updated_at = $6 WHERE id = $1`,
    [id, patch.status, patch.provider_reference ?? null, patch.attempts ?? null, patch.last_error ?? null, patch.updated_at],
  );
}

/** Operations whose outcome is still open, oldest first. */
export async function openOperations(q: Queryable, limit = 500): Promise<OperationRow[]> {
  const rows = await q.query(`SELECT * FROM operations WHERE status IN ('pending', 'unknown') ORDER BY created_at, id LIMIT $1`, [limit]);
  return rows.map((r) => numbers<OperationRow>(r, NUMERIC_OPERATION));
}

export async function countByStatus(q: Queryable): Promise<Record<string, number>> {
  const rows = await q.query<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM payments GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
