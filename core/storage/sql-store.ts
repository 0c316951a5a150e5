// The storage engine on a Db (PGlite, or a Postgres server): the core's SQL, as the call sites
// issue it today (core/payments/repo.ts, service.ts, core/api/idempotency.ts, app.ts,
// core/outbox, core/webhooks, core/reconciliation), one statement a method. Two queries that had
// no ORDER BY (in-flight keys, settled payments) got one, so both engines list them in one order.
import { resetDatabase } from '../db/reset.ts';
import type { Db, Queryable } from '../db/types.ts';
import type { OperationRow, PaymentEventRow, PaymentRow } from '../payments/types.ts';
import type { DiscrepancyRow, IdempotencyKeyRow, InboxRow, OutboxRow, ParkedInboxState, SettledPaymentRow, Store, StoreDump, StoreTx } from './store.ts';

const PARKED: readonly ParkedInboxState[] = ['dead_letter', 'orphan'];

/** A Store over `db`; close() closes the db. */
export function sqlStore(db: Db): Store {
  const repos = sqlRepos(db);
  return {
    kind: db.kind,
    ...repos,
    transaction: (fn) => db.transaction((tx) => fn(sqlRepos(tx))),
    ping: async () => {
      await db.query('SELECT 1');
    },
    reset: () => resetDatabase(db),
    close: () => db.close(),
  };
}

/** Postgres drivers may hand back bigints as strings (SUM is numeric): the core works in numbers. */
function numbers<T>(row: Record<string, unknown>, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of keys) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  return out as T;
}
const NUMERIC_PAYMENT = ['amount', 'amount_authorized', 'amount_captured', 'amount_refunded', 'reported_captured', 'disputed_amount', 'version', 'created_at', 'updated_at'] as const;
const NUMERIC_OPERATION = ['seq', 'amount', 'attempts', 'created_at', 'updated_at'] as const;
const NUMERIC_EVENT = ['seq', 'at'] as const;
const NUMERIC_KEY = ['response_status', 'created_at'] as const;
const NUMERIC_INBOX = ['received_at', 'applied_at', 'attempts', 'next_attempt_at', 'dead_at'] as const;
const NUMERIC_OUTBOX = ['id', 'created_at', 'delivered_at', 'attempts'] as const;
const NUMERIC_DISCREPANCY = ['id', 'expected', 'actual', 'created_at'] as const;

const payment = (r: Record<string, unknown>) => numbers<PaymentRow>(r, NUMERIC_PAYMENT);
const operation = (r: Record<string, unknown>) => numbers<OperationRow>(r, NUMERIC_OPERATION);
const event = (r: Record<string, unknown>) => numbers<PaymentEventRow>(r, NUMERIC_EVENT);
const idemKey = (r: Record<string, unknown>) => numbers<IdempotencyKeyRow>(r, NUMERIC_KEY);
const inboxRow = (r: Record<string, unknown>) => numbers<InboxRow>(r, NUMERIC_INBOX);
const outboxRow = (r: Record<string, unknown>) => numbers<OutboxRow>(r, NUMERIC_OUTBOX);
const discrepancy = (r: Record<string, unknown>) => numbers<DiscrepancyRow>(r, NUMERIC_DISCREPANCY);

/** `state IN (…)` over known state names only (never caller text), so it is safe to inline. */
function inStates(states: readonly ParkedInboxState[]): string {
  const known = PARKED.filter((s) => states.includes(s));
  return known.length === 0 ? 'FALSE' : `state IN (${known.map((s) => `'${s}'`).join(', ')})`;
}

export function sqlRepos(q: Queryable): StoreTx {
  const payments: StoreTx['payments'] = {
    async insert(p) {
      await q.query(
        `INSERT INTO payments (id, merchant_reference, amount, currency, requested_provider, provider, payment_method, capture_mode, status,
           provider_payment_id, amount_authorized, amount_captured, amount_refunded, reported_captured, disputed_amount, decline_code, failure_message, version, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
        [p.id, p.merchant_reference, p.amount, p.currency, p.requested_provider, p.provider, p.payment_method, p.capture_mode, p.status, p.provider_payment_id,
          p.amount_authorized, p.amount_captured, p.amount_refunded, p.reported_captured, p.disputed_amount, p.decline_code, p.failure_message, p.version, p.created_at, p.updated_at],
      );
    },
    async get(id, { lock = false } = {}) {
      const rows = await q.query(`SELECT * FROM payments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? payment(rows[0]) : undefined;
    },
    async findByProviderId(provider, providerPaymentId, { lock = false } = {}) {
      const rows = await q.query(`SELECT * FROM payments WHERE provider = $1 AND provider_payment_id = $2${lock ? ' FOR UPDATE' : ''}`, [provider, providerPaymentId]);
      return rows[0] ? payment(rows[0]) : undefined;
    },
    async list({ status, limit }) {
      const rows =
        status !== undefined
          ? await q.query('SELECT * FROM payments WHERE status = $1 ORDER BY created_at, id LIMIT $2', [status, limit])
          : await q.query('SELECT * FROM payments ORDER BY created_at, id LIMIT $1', [limit]);
      return rows.map(payment);
    },
    async save(p) {
      await q.query(
        `UPDATE payments SET provider = $2, status = $3, provider_payment_id = $4, amount_authorized = $5, amount_captured = $6, amount_refunded = $7,
           reported_captured = $8, disputed_amount = $9, decline_code = $10, failure_message = $11, version = version + 1, updated_at = $12
         WHERE id = $1`,
        [p.id, p.provider, p.status, p.provider_payment_id, p.amount_authorized, p.amount_captured, p.amount_refunded, p.reported_captured, p.disputed_amount, p.decline_code, p.failure_message, p.updated_at],
      );
    },
    async switchProvider(id, provider) {
      await q.query(`UPDATE payments SET provider = $2, status = 'authorizing', failure_message = NULL WHERE id = $1`, [id, provider]);
    },
    async countByStatus() {
      const rows = await q.query<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM payments GROUP BY status');
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async settled(provider, from, to) {
      const rows = await q.query<Record<string, unknown>>(
        `SELECT p.id, p.provider_payment_id, p.amount_captured, p.created_at,
                (SELECT MAX(o.updated_at) FROM operations o WHERE o.payment_id = p.id AND o.kind = 'capture' AND o.status = 'succeeded') AS captured_at,
                (SELECT COALESCE(SUM(o.amount), 0) FROM operations o WHERE o.payment_id = p.id AND o.kind = 'refund' AND o.status = 'succeeded'
                    AND o.updated_at >= $2 AND o.updated_at < $3) AS refunded_today
           FROM payments p
          WHERE p.provider = $1 AND p.provider_payment_id IS NOT NULL AND p.amount_captured > 0
          ORDER BY p.created_at, p.id`,
        [provider, from, to],
      );
      return rows.map((r) => numbers<SettledPaymentRow>(r, ['amount_captured', 'created_at', 'captured_at', 'refunded_today']));
    },
  };

  const events: StoreTx['events'] = {
    async insert(e) {
      await q.query(`INSERT INTO payment_events (payment_id, seq, from_status, to_status, cause, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        e.payment_id,
        e.seq,
        e.from_status,
        e.to_status,
        e.cause,
        e.detail,
        e.at,
      ]);
    },
    async append(e) {
      await q.query(
        `INSERT INTO payment_events (payment_id, seq, from_status, to_status, cause, detail, at)
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_events WHERE payment_id = $1), $2, $3, $4, $5, $6)`,
        [e.payment_id, e.from_status, e.to_status, e.cause, e.detail, e.at],
      );
    },
    async listFor(paymentId) {
      return (await q.query('SELECT * FROM payment_events WHERE payment_id = $1 ORDER BY seq', [paymentId])).map(event);
    },
    async count() {
      return Number((await q.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM payment_events'))[0]!.n);
    },
  };

  const operations: StoreTx['operations'] = {
    async insert(op) {
      await q.query(
        `INSERT INTO operations (id, payment_id, seq, kind, amount, provider, status, provider_idempotency_key, provider_reference, attempts, last_error, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
        [op.id, op.payment_id, op.seq, op.kind, op.amount, op.provider, op.status, op.provider_idempotency_key, op.provider_reference, op.attempts, op.last_error, op.created_at, op.updated_at],
      );
    },
    async listFor(paymentId) {
      return (await q.query('SELECT * FROM operations WHERE payment_id = $1 ORDER BY seq', [paymentId])).map(operation);
    },
    async nextSeq(paymentId) {
      const rows = await q.query<{ next: number | string }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM operations WHERE payment_id = $1', [paymentId]);
      return Number(rows[0]!.next);
    },
    async update(id, patch) {
      await q.query(
        `UPDATE operations SET status = $2, provider_reference = COALESCE($3, provider_reference), attempts = COALESCE($4, attempts),
           last_error = $5, updated_at = $6 WHERE id = $1`,
        [id, patch.status, patch.provider_reference ?? null, patch.attempts ?? null, patch.last_error ?? null, patch.updated_at],
      );
    },
    async listOpen(limit = 500) {
      return (await q.query(`SELECT * FROM operations WHERE status IN ('pending', 'unknown') ORDER BY created_at, id LIMIT $1`, [limit])).map(operation);
    },
    async referenceHolder(provider, kind, reference, exceptPaymentId) {
      const rows = await q.query<{ payment_id: string }>('SELECT payment_id FROM operations WHERE provider = $1 AND kind = $2 AND provider_reference = $3 AND payment_id <> $4 LIMIT 1', [
        provider,
        kind,
        reference,
        exceptPaymentId,
      ]);
      return rows[0]?.payment_id;
    },
  };

  const idempotencyKeys: StoreTx['idempotencyKeys'] = {
    async get(scope, key, { lock = false } = {}) {
      const rows = await q.query(`SELECT * FROM idempotency_keys WHERE scope = $1 AND key = $2${lock ? ' FOR UPDATE' : ''}`, [scope, key]);
      return rows[0] ? idemKey(rows[0]) : undefined;
    },
    async insertInFlight(r) {
      await q.query(`INSERT INTO idempotency_keys (scope, key, fingerprint, state, payment_id, created_at) VALUES ($1, $2, $3, 'in_flight', $4, $5)`, [
        r.scope,
        r.key,
        r.fingerprint,
        r.payment_id,
        r.created_at,
      ]);
    },
    async attachPayment(scope, key, paymentId) {
      await q.query(`UPDATE idempotency_keys SET payment_id = $3 WHERE scope = $1 AND key = $2`, [scope, key, paymentId]);
    },
    async complete(scope, key, a) {
      await q.query(`UPDATE idempotency_keys SET state = 'done', payment_id = $3, response_status = $4, response_body = $5 WHERE scope = $1 AND key = $2`, [
        scope,
        key,
        a.payment_id,
        a.response_status,
        a.response_body,
      ]);
    },
    async answer(scope, key, a) {
      await q.query(`UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`, [scope, key, a.response_status, a.response_body]);
    },
    async delete(scope, key) {
      await q.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
    },
    async listInFlight(scope) {
      return q.query<{ key: string; payment_id: string | null }>(`SELECT key, payment_id FROM idempotency_keys WHERE scope = $1 AND state = 'in_flight' ORDER BY created_at, key`, [scope]);
    },
  };

  const inbox: StoreTx['inbox'] = {
    async insertIfNew(r) {
      const rows = await q.query(
        `INSERT INTO webhook_inbox (provider, event_id, received_at, event, state, provider_payment_id) VALUES ($1, $2, $3, $4, 'pending', $5)
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING event_id`,
        [r.provider, r.event_id, r.received_at, r.event, r.provider_payment_id],
      );
      return rows.length > 0;
    },
    async get(provider, eventId) {
      const rows = await q.query('SELECT * FROM webhook_inbox WHERE provider = $1 AND event_id = $2', [provider, eventId]);
      return rows[0] ? inboxRow(rows[0]) : undefined;
    },
    async listDue(now, limit) {
      const rows = await q.query(
        `SELECT * FROM webhook_inbox WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $2) ORDER BY received_at, event_id, provider LIMIT $1`,
        [limit, now],
      );
      return rows.map(inboxRow);
    },
    async listDueAndNext(now, limit) {
      // One row at least: the next due time beside the due rows, or beside NULLs when none is due
      // (provider is NOT NULL in the table, so a NULL provider is that empty side).
      const rows = await q.query<Record<string, unknown> & { next_due: number | string | null }>(
        `SELECT w.*, m.next_due
           FROM (SELECT MIN(next_attempt_at) AS next_due FROM webhook_inbox WHERE state = 'pending' AND next_attempt_at > $2) m
           LEFT JOIN LATERAL (SELECT * FROM webhook_inbox WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
                               ORDER BY received_at, event_id, provider LIMIT $1) w ON TRUE
          ORDER BY w.received_at, w.event_id, w.provider`,
        [limit, now],
      );
      const next = rows[0]?.next_due;
      return {
        rows: rows.filter((r) => r.provider !== null).map(({ next_due: _, ...r }) => inboxRow(r)),
        nextDueAt: next === null || next === undefined ? null : Number(next),
      };
    },
    async recordFailure(provider, eventId, f) {
      await q.query(`UPDATE webhook_inbox SET attempts = $3, state = $4, outcome = $5, next_attempt_at = $6, dead_at = $7 WHERE provider = $1 AND event_id = $2`, [
        provider,
        eventId,
        f.attempts,
        f.state,
        f.outcome,
        f.next_attempt_at,
        f.dead_at,
      ]);
    },
    async recordNoPayment(provider, eventId, f) {
      await q.query(`UPDATE webhook_inbox SET attempts = attempts + 1, state = $3, outcome = $4, dead_at = $5 WHERE provider = $1 AND event_id = $2`, [provider, eventId, f.state, f.outcome, f.dead_at]);
    },
    async recordApplied(provider, eventId, f) {
      await q.query(`UPDATE webhook_inbox SET state = $3, applied_at = $4, outcome = $5, attempts = attempts + 1 WHERE provider = $1 AND event_id = $2`, [provider, eventId, f.state, f.applied_at, f.outcome]);
    },
    async listParked(states, limit) {
      const rows = await q.query(`SELECT * FROM webhook_inbox WHERE ${inStates(states)} ORDER BY received_at, provider, event_id LIMIT $1`, [limit]);
      return rows.map(inboxRow);
    },
    async getParked(provider, eventId) {
      const rows = await q.query(`SELECT * FROM webhook_inbox WHERE provider = $1 AND event_id = $2 AND ${inStates(PARKED)}`, [provider, eventId]);
      return rows[0] ? inboxRow(rows[0]) : undefined;
    },
    async countParked() {
      const rows = await q.query<{ provider: string; state: ParkedInboxState; n: number | string }>(
        `SELECT provider, state, COUNT(*) AS n FROM webhook_inbox WHERE ${inStates(PARKED)} GROUP BY provider, state ORDER BY provider, state`,
      );
      return rows.map((r) => ({ provider: r.provider, state: r.state, n: Number(r.n) }));
    },
    async requeueParked(provider, eventId) {
      const rows = await q.query(
        `UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, dead_at = NULL, outcome = LEFT('replayed after: ' || COALESCE(outcome, state), 500)
          WHERE provider = $1 AND event_id = $2 AND ${inStates(PARKED)} RETURNING event_id`,
        [provider, eventId],
      );
      return rows.length > 0;
    },
  };

  const outbox: StoreTx['outbox'] = {
    async enqueue(e) {
      const rows = await q.query<{ id: number | string }>('INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [
        e.event_type,
        e.payment_id,
        e.payload,
        e.created_at,
      ]);
      return Number(rows[0]!.id);
    },
    async listUndelivered(limit) {
      return (await q.query('SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1', [limit])).map(outboxRow);
    },
    async markDelivered(id, at) {
      await q.query('UPDATE outbox SET delivered_at = $2, attempts = attempts + 1 WHERE id = $1', [id, at]);
    },
    async markAttempted(id) {
      await q.query('UPDATE outbox SET attempts = attempts + 1 WHERE id = $1', [id]);
    },
  };

  const discrepancies: StoreTx['discrepancies'] = {
    async insert(d) {
      const rows = await q.query<{ id: number | string }>(
        `INSERT INTO reconciliation_discrepancies (run_id, kind, payment_id, provider, reference, expected, actual, detail, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
        [d.run_id, d.kind, d.payment_id, d.provider, d.reference, d.expected, d.actual, d.detail, d.created_at],
      );
      return Number(rows[0]!.id);
    },
    async listForRun(runId) {
      return (await q.query('SELECT * FROM reconciliation_discrepancies WHERE run_id = $1 ORDER BY id', [runId])).map(discrepancy);
    },
    async listRecent(limit) {
      return (await q.query('SELECT * FROM reconciliation_discrepancies ORDER BY id DESC LIMIT $1', [limit])).map(discrepancy);
    },
  };

  const dump = async (): Promise<StoreDump> => ({
    payments: (await q.query('SELECT * FROM payments ORDER BY id')).map(payment),
    payment_events: (await q.query('SELECT * FROM payment_events ORDER BY payment_id, seq')).map(event),
    operations: (await q.query('SELECT * FROM operations ORDER BY id')).map(operation),
    idempotency_keys: (await q.query('SELECT * FROM idempotency_keys ORDER BY scope, key')).map(idemKey),
    webhook_inbox: (await q.query('SELECT * FROM webhook_inbox ORDER BY provider, event_id')).map(inboxRow),
    outbox: (await q.query('SELECT * FROM outbox ORDER BY id')).map(outboxRow),
    reconciliation_discrepancies: (await q.query('SELECT * FROM reconciliation_discrepancies ORDER BY id')).map(discrepancy),
  });

  return { payments, events, operations, idempotencyKeys, inbox, outbox, discrepancies, dump };
}
