// The repositories over the in-memory tables. Each method is one statement: it converts and checks
// everything first (NOT NULL, CHECK, unique, foreign key, in Postgres' order) and writes last, so a
// refused statement changes nothing. Reads return copies. `exec` runs a statement in its context
// (autocommit, or inside the open transaction).
import type { OperationRow, PaymentEventRow, PaymentRow } from '../payments/types.ts';
import { checkViolation, foreignKeyViolation, uniqueViolation } from './errors.ts';
import { cmp, int, intOrNull, key, left, text, textOrNull } from './memory-columns.ts';
import {
  DISCREPANCIES_BY_RUN,
  EVENTS_BY_PAYMENT,
  INBOX_BY_STATE,
  k2,
  k3,
  KEYS_IN_FLIGHT,
  type MemorySchema,
  OPEN_OPERATION,
  OPS_BY_PAYMENT,
  OPS_BY_PROVIDER_REFERENCE,
  OPS_OPEN,
  OUTBOX_UNDELIVERED,
  PAYMENTS_BY_PROVIDER_ID,
  UNDELIVERED,
} from './memory-schema.ts';
import {
  CONSTRAINTS as C,
  type DiscrepancyRow,
  type IdempotencyKeyRow,
  type InboxRow,
  type OutboxRow,
  type ParkedInboxState,
  type SettledPaymentRow,
  type StoreDump,
  type StoreTx,
} from './store.ts';

export type Exec = <T>(call: string, work: () => T) => Promise<T>;

const PARKED: readonly ParkedInboxState[] = ['dead_letter', 'orphan'];

/**
 * The repositories over `s`, for a statement context: `memoryRepos(s)` builds the helpers once per
 * store, and the function it returns builds one set of repositories per context (autocommit, or a
 * transaction), small objects whose methods run through that context's `exec`.
 */
export function memoryRepos(s: MemorySchema): (exec: Exec) => StoreTx {
  const copy = <R>(r: R | undefined): R | undefined => (r === undefined ? undefined : { ...r });

  // --- payments ---------------------------------------------------------------------------------
  /** A payment row in the table's column order, its CHECKs verified. */
  const paymentRow = (p: PaymentRow): PaymentRow => {
    const T = 'payments';
    const row: PaymentRow = {
      id: text(T, 'id', p.id),
      merchant_reference: text(T, 'merchant_reference', p.merchant_reference),
      amount: int(T, 'amount', p.amount),
      currency: text(T, 'currency', p.currency),
      requested_provider: text(T, 'requested_provider', p.requested_provider),
      provider: text(T, 'provider', p.provider) as PaymentRow['provider'],
      payment_method: text(T, 'payment_method', p.payment_method),
      capture_mode: text(T, 'capture_mode', p.capture_mode) as PaymentRow['capture_mode'],
      status: text(T, 'status', p.status) as PaymentRow['status'],
      provider_payment_id: textOrNull(p.provider_payment_id),
      amount_authorized: int(T, 'amount_authorized', p.amount_authorized),
      amount_captured: int(T, 'amount_captured', p.amount_captured),
      amount_refunded: int(T, 'amount_refunded', p.amount_refunded),
      decline_code: textOrNull(p.decline_code),
      failure_message: textOrNull(p.failure_message),
      version: int(T, 'version', p.version),
      created_at: int(T, 'created_at', p.created_at),
      updated_at: int(T, 'updated_at', p.updated_at),
      reported_captured: int(T, 'reported_captured', p.reported_captured),
      disputed_amount: int(T, 'disputed_amount', p.disputed_amount),
    };
    if (!(row.amount > 0)) throw checkViolation(T, C.paymentsAmountCheck);
    if (!(row.amount_captured <= row.amount_authorized)) throw checkViolation(T, C.paymentsCapturedCheck);
    if (!(row.amount_refunded <= row.amount_captured)) throw checkViolation(T, C.paymentsRefundedCheck);
    return row;
  };
  const writePayment = (row: PaymentRow, insert: boolean): void => {
    if (insert && s.payments.get(row.id) !== undefined) throw uniqueViolation('payments', C.paymentsPkey);
    const conflict = s.payments.conflict(row.id, row);
    if (conflict !== undefined) throw uniqueViolation('payments', conflict);
    s.payments.put(row.id, row);
  };
  const opsOf = (paymentId: string): OperationRow[] => {
    const out: OperationRow[] = [];
    for (const id of s.operations.members(OPS_BY_PAYMENT, paymentId)) out.push(s.operations.get(id)!);
    return out.sort((a, b) => a.seq - b.seq);
  };
  const byCreated = (a: { created_at: number; id: string }, b: { created_at: number; id: string }): number => a.created_at - b.created_at || cmp(a.id, b.id);

  // --- payment events ---------------------------------------------------------------------------
  const eventsOf = (paymentId: string): PaymentEventRow[] => {
    const out: PaymentEventRow[] = [];
    for (const pk of s.events.members(EVENTS_BY_PAYMENT, paymentId)) out.push(s.events.get(pk)!);
    return out.sort((a, b) => a.seq - b.seq);
  };
  const insertEvent = (e: Omit<PaymentEventRow, 'seq'>, seqOf: (paymentId: string) => number | null | undefined): void => {
    const T = 'payment_events';
    const paymentId = text(T, 'payment_id', e.payment_id);
    const row: PaymentEventRow = {
      payment_id: paymentId,
      seq: int(T, 'seq', seqOf(paymentId)),
      from_status: textOrNull(e.from_status) as PaymentEventRow['from_status'],
      to_status: text(T, 'to_status', e.to_status) as PaymentEventRow['to_status'],
      cause: text(T, 'cause', e.cause) as PaymentEventRow['cause'],
      detail: textOrNull(e.detail),
      at: int(T, 'at', e.at),
    };
    const pk = k2(row.payment_id, String(row.seq));
    if (s.events.get(pk) !== undefined) throw uniqueViolation(T, C.paymentEventsPkey);
    if (s.payments.get(row.payment_id) === undefined) throw foreignKeyViolation(T, C.paymentEventsPayment);
    s.events.put(pk, row);
  };
  const maxSeq = (members: ReadonlySet<string>, seqOf: (pk: string) => number): number => {
    let max = 0;
    for (const pk of members) max = Math.max(max, seqOf(pk));
    return max;
  };
  // --- operations -------------------------------------------------------------------------------
  const operationRow = (op: OperationRow): OperationRow => {
    const T = 'operations';
    return {
      id: text(T, 'id', op.id),
      payment_id: text(T, 'payment_id', op.payment_id),
      seq: int(T, 'seq', op.seq),
      kind: text(T, 'kind', op.kind) as OperationRow['kind'],
      amount: int(T, 'amount', op.amount),
      provider: text(T, 'provider', op.provider) as OperationRow['provider'],
      status: text(T, 'status', op.status) as OperationRow['status'],
      provider_idempotency_key: text(T, 'provider_idempotency_key', op.provider_idempotency_key),
      provider_reference: textOrNull(op.provider_reference),
      attempts: int(T, 'attempts', op.attempts),
      last_error: textOrNull(op.last_error),
      created_at: int(T, 'created_at', op.created_at),
      updated_at: int(T, 'updated_at', op.updated_at),
    };
  };
  // --- merchant idempotency keys ----------------------------------------------------------------
  const updateKey = (scope: string, k: string, patch: (r: IdempotencyKeyRow) => IdempotencyKeyRow): void => {
    const pk = k2(key(scope), key(k));
    const prev = s.idempotencyKeys.get(pk);
    if (prev !== undefined) s.idempotencyKeys.put(pk, patch(prev));
  };
  // --- webhook inbox ----------------------------------------------------------------------------
  const updateInbox = (provider: string, eventId: string, patch: (r: InboxRow) => InboxRow): void => {
    const pk = k2(key(provider), key(eventId));
    const prev = s.inbox.get(pk);
    if (prev !== undefined) s.inbox.put(pk, patch(prev));
  };
  const byArrival = (a: InboxRow, b: InboxRow): number => a.received_at - b.received_at || cmp(a.provider, b.provider) || cmp(a.event_id, b.event_id);
  const parked = (r: InboxRow | undefined): InboxRow | undefined => (r !== undefined && (PARKED as readonly string[]).includes(r.state) ? r : undefined);
  // --- outbox -----------------------------------------------------------------------------------
  const updateOutbox = (id: number, patch: (r: OutboxRow) => OutboxRow): void => {
    const prev = s.outbox.get(String(id));
    if (prev !== undefined) s.outbox.put(String(id), patch(prev));
  };
  // --- reconciliation discrepancies -------------------------------------------------------------
  const all = <R>(rows: Iterable<R>, order: (a: R, b: R) => number): R[] => [...rows].sort(order).map((r) => ({ ...r }));

  return (exec) => {
    const payments = (): StoreTx['payments'] => ({
      insert: (p) => exec('payments.insert', () => writePayment(paymentRow(p), true)),
      get: (id) => exec('payments.get', () => copy(s.payments.get(key(id)))),
      findByProviderId: (provider, providerPaymentId) =>
        exec('payments.findByProviderId', () => {
          const id = s.payments.lookup(PAYMENTS_BY_PROVIDER_ID, k2(key(provider), key(providerPaymentId)));
          return id === undefined ? undefined : copy(s.payments.get(id));
        }),
      list: ({ status, limit }) =>
        exec('payments.list', () => {
          const want = status === undefined ? undefined : key(status);
          const out: PaymentRow[] = [];
          for (const r of s.payments.rows.values()) if (want === undefined || r.status === want) out.push(r);
          return out.sort(byCreated).slice(0, limit).map((r) => ({ ...r }));
        }),
      save: (p) =>
        exec('payments.save', () => {
          const prev = s.payments.get(key(p.id));
          if (prev === undefined) return;
          const { provider, status, provider_payment_id, amount_authorized, amount_captured, amount_refunded, reported_captured, disputed_amount, decline_code, failure_message, updated_at } = p;
          const next = paymentRow({ ...prev, provider, status, provider_payment_id, amount_authorized, amount_captured, amount_refunded, reported_captured, disputed_amount, decline_code, failure_message, updated_at, version: prev.version + 1 });
          writePayment(next, false);
        }),
      switchProvider: (id, provider) =>
        exec('payments.switchProvider', () => {
          const prev = s.payments.get(key(id));
          if (prev === undefined) return;
          writePayment(paymentRow({ ...prev, provider: provider as PaymentRow['provider'], status: 'authorizing', failure_message: null }), false);
        }),
      countByStatus: () =>
        exec('payments.countByStatus', () => {
          const out: Record<string, number> = {};
          for (const r of s.payments.rows.values()) out[r.status] = (out[r.status] ?? 0) + 1;
          return out;
        }),
      settled: (provider, from, to) =>
        exec('payments.settled', () => {
          const p = key(provider);
          const out: (SettledPaymentRow & { _order: PaymentRow })[] = [];
          for (const r of s.payments.rows.values()) {
            if (r.provider !== p || r.provider_payment_id === null || !(r.amount_captured > 0)) continue;
            let capturedAt: number | null = null;
            let refunded = 0;
            for (const id of s.operations.members(OPS_BY_PAYMENT, r.id)) {
              const o = s.operations.get(id)!;
              if (o.status !== 'succeeded') continue;
              if (o.kind === 'capture') capturedAt = capturedAt === null ? o.updated_at : Math.max(capturedAt, o.updated_at);
              else if (o.kind === 'refund' && o.updated_at >= from && o.updated_at < to) refunded += o.amount;
            }
            out.push({ id: r.id, provider_payment_id: r.provider_payment_id, amount_captured: r.amount_captured, created_at: r.created_at, captured_at: capturedAt, refunded_today: refunded, _order: r });
          }
          return out.sort((a, b) => byCreated(a._order, b._order)).map(({ _order, ...row }) => row);
        }),
    });

    const events = (): StoreTx['events'] => ({
      insert: (e) => exec('events.insert', () => insertEvent(e, () => e.seq)),
      append: (e) => exec('events.append', () => insertEvent(e, (paymentId) => maxSeq(s.events.members(EVENTS_BY_PAYMENT, paymentId), (pk) => s.events.get(pk)!.seq) + 1)),
      listFor: (paymentId) => exec('events.listFor', () => eventsOf(key(paymentId)).map((r) => ({ ...r }))),
      count: () => exec('events.count', () => s.events.rows.size),
    });

    const operations = (): StoreTx['operations'] => ({
      insert: (op) =>
        exec('operations.insert', () => {
          const row = operationRow(op);
          if (s.operations.get(row.id) !== undefined) throw uniqueViolation('operations', C.operationsPkey);
          const conflict = s.operations.conflict(row.id, row);
          if (conflict !== undefined) throw uniqueViolation('operations', conflict);
          if (s.payments.get(row.payment_id) === undefined) throw foreignKeyViolation('operations', C.operationsPayment);
          s.operations.put(row.id, row);
        }),
      listFor: (paymentId) => exec('operations.listFor', () => opsOf(key(paymentId)).map((r) => ({ ...r }))),
      nextSeq: (paymentId) => exec('operations.nextSeq', () => maxSeq(s.operations.members(OPS_BY_PAYMENT, key(paymentId)), (id) => s.operations.get(id)!.seq) + 1),
      update: (id, patch) =>
        exec('operations.update', () => {
          const prev = s.operations.get(key(id));
          if (prev === undefined) return;
          const next = operationRow({
            ...prev,
            status: patch.status,
            provider_reference: patch.provider_reference ?? prev.provider_reference,
            attempts: patch.attempts ?? prev.attempts,
            last_error: patch.last_error ?? null,
            updated_at: patch.updated_at,
          });
          const conflict = s.operations.conflict(next.id, next);
          if (conflict !== undefined) throw uniqueViolation('operations', conflict);
          s.operations.put(next.id, next);
        }),
      listOpen: (limit = 500) =>
        exec('operations.listOpen', () => {
          const out: OperationRow[] = [];
          for (const id of s.operations.members(OPS_OPEN, OPEN_OPERATION)) out.push(s.operations.get(id)!);
          return out.sort(byCreated).slice(0, limit).map((r) => ({ ...r }));
        }),
      referenceHolder: (provider, kind, reference, exceptPaymentId) =>
        exec('operations.referenceHolder', () => {
          const id = s.operations.lookup(OPS_BY_PROVIDER_REFERENCE, k3(key(provider), key(kind), key(reference)));
          const holder = id === undefined ? undefined : s.operations.get(id)!.payment_id;
          return holder !== undefined && holder !== key(exceptPaymentId) ? holder : undefined;
        }),
    });

    const idempotencyKeys = (): StoreTx['idempotencyKeys'] => ({
      get: (scope, k) => exec('idempotencyKeys.get', () => copy(s.idempotencyKeys.get(k2(key(scope), key(k))))),
      insertInFlight: (r) =>
        exec('idempotencyKeys.insertInFlight', () => {
          const T = 'idempotency_keys';
          const row: IdempotencyKeyRow = {
            scope: text(T, 'scope', r.scope),
            key: text(T, 'key', r.key),
            fingerprint: text(T, 'fingerprint', r.fingerprint),
            state: 'in_flight',
            payment_id: textOrNull(r.payment_id),
            response_status: null,
            response_body: null,
            created_at: int(T, 'created_at', r.created_at),
          };
          const pk = k2(row.scope, row.key);
          if (s.idempotencyKeys.get(pk) !== undefined) throw uniqueViolation(T, C.idempotencyKeysPkey);
          s.idempotencyKeys.put(pk, row);
        }),
      attachPayment: (scope, k, paymentId) => exec('idempotencyKeys.attachPayment', () => updateKey(scope, k, (r) => ({ ...r, payment_id: textOrNull(paymentId) }))),
      complete: (scope, k, a) =>
        exec('idempotencyKeys.complete', () =>
          updateKey(scope, k, (r) => ({ ...r, state: 'done', payment_id: textOrNull(a.payment_id), response_status: intOrNull('response_status', a.response_status), response_body: textOrNull(a.response_body) })),
        ),
      answer: (scope, k, a) =>
        exec('idempotencyKeys.answer', () => updateKey(scope, k, (r) => ({ ...r, state: 'done', response_status: intOrNull('response_status', a.response_status), response_body: textOrNull(a.response_body) }))),
      delete: (scope, k) => exec('idempotencyKeys.delete', () => s.idempotencyKeys.delete(k2(key(scope), key(k)))),
      listInFlight: (scope) =>
        exec('idempotencyKeys.listInFlight', () => {
          const out: IdempotencyKeyRow[] = [];
          for (const pk of s.idempotencyKeys.members(KEYS_IN_FLIGHT, key(scope))) out.push(s.idempotencyKeys.get(pk)!);
          return out.sort((a, b) => a.created_at - b.created_at || cmp(a.key, b.key)).map((r) => ({ key: r.key, payment_id: r.payment_id }));
        }),
    });

    const inbox = (): StoreTx['inbox'] => ({
      insertIfNew: (r) =>
        exec('inbox.insertIfNew', () => {
          const T = 'webhook_inbox';
          const row: InboxRow = {
            provider: text(T, 'provider', r.provider),
            event_id: text(T, 'event_id', r.event_id),
            received_at: int(T, 'received_at', r.received_at),
            event: text(T, 'event', r.event),
            state: 'pending',
            applied_at: null,
            outcome: null,
            attempts: 0,
            provider_payment_id: textOrNull(r.provider_payment_id),
            next_attempt_at: null,
            dead_at: null,
          };
          const pk = k2(row.provider, row.event_id);
          if (s.inbox.get(pk) !== undefined) return false;
          s.inbox.put(pk, row);
          return true;
        }),
      get: (provider, eventId) => exec('inbox.get', () => copy(s.inbox.get(k2(key(provider), key(eventId))))),
      listDue: (now, limit) =>
        exec('inbox.listDue', () => {
          const out: InboxRow[] = [];
          for (const pk of s.inbox.members(INBOX_BY_STATE, 'pending')) {
            const r = s.inbox.get(pk)!;
            if (r.next_attempt_at === null || r.next_attempt_at <= now) out.push(r);
          }
          // ORDER BY received_at, event_id (the SQL names no provider: ties fall to the primary key).
          return out.sort((a, b) => a.received_at - b.received_at || cmp(a.event_id, b.event_id) || cmp(a.provider, b.provider)).slice(0, limit).map((r) => ({ ...r }));
        }),
      listDueAndNext: (now, limit) =>
        exec('inbox.listDueAndNext', () => {
          const due: InboxRow[] = [];
          let nextDueAt: number | null = null;
          for (const pk of s.inbox.members(INBOX_BY_STATE, 'pending')) {
            const r = s.inbox.get(pk)!;
            if (r.next_attempt_at === null || r.next_attempt_at <= now) due.push(r);
            else if (nextDueAt === null || r.next_attempt_at < nextDueAt) nextDueAt = r.next_attempt_at;
          }
          // As listDue orders and limits.
          const rows = due.sort((a, b) => a.received_at - b.received_at || cmp(a.event_id, b.event_id) || cmp(a.provider, b.provider)).slice(0, limit).map((r) => ({ ...r }));
          return { rows, nextDueAt };
        }),
      recordFailure: (provider, eventId, f) =>
        exec('inbox.recordFailure', () =>
          updateInbox(provider, eventId, (r) => ({
            ...r,
            attempts: int('webhook_inbox', 'attempts', f.attempts),
            state: text('webhook_inbox', 'state', f.state),
            outcome: textOrNull(f.outcome),
            next_attempt_at: intOrNull('next_attempt_at', f.next_attempt_at),
            dead_at: intOrNull('dead_at', f.dead_at),
          })),
        ),
      recordNoPayment: (provider, eventId, f) =>
        exec('inbox.recordNoPayment', () =>
          updateInbox(provider, eventId, (r) => ({ ...r, attempts: r.attempts + 1, state: text('webhook_inbox', 'state', f.state), outcome: textOrNull(f.outcome), dead_at: intOrNull('dead_at', f.dead_at) })),
        ),
      recordApplied: (provider, eventId, f) =>
        exec('inbox.recordApplied', () =>
          updateInbox(provider, eventId, (r) => ({ ...r, state: text('webhook_inbox', 'state', f.state), applied_at: intOrNull('applied_at', f.applied_at), outcome: textOrNull(f.outcome), attempts: r.attempts + 1 })),
        ),
      listParked: (states, limit) =>
        exec('inbox.listParked', () => {
          const out: InboxRow[] = [];
          for (const state of PARKED) if (states.includes(state)) for (const pk of s.inbox.members(INBOX_BY_STATE, state)) out.push(s.inbox.get(pk)!);
          return out.sort(byArrival).slice(0, limit).map((r) => ({ ...r }));
        }),
      getParked: (provider, eventId) => exec('inbox.getParked', () => copy(parked(s.inbox.get(k2(key(provider), key(eventId)))))),
      countParked: () =>
        exec('inbox.countParked', () => {
          const counts = new Map<string, { provider: string; state: ParkedInboxState; n: number }>();
          for (const state of PARKED) {
            for (const pk of s.inbox.members(INBOX_BY_STATE, state)) {
              const provider = s.inbox.get(pk)!.provider;
              const c = counts.get(k2(provider, state)) ?? { provider, state, n: 0 };
              c.n += 1;
              counts.set(k2(provider, state), c);
            }
          }
          return [...counts.values()].sort((a, b) => cmp(a.provider, b.provider) || cmp(a.state, b.state));
        }),
      requeueParked: (provider, eventId) =>
        exec('inbox.requeueParked', () => {
          const pk = k2(key(provider), key(eventId));
          const prev = parked(s.inbox.get(pk));
          if (prev === undefined) return false;
          s.inbox.put(pk, { ...prev, state: 'pending', attempts: 0, next_attempt_at: null, dead_at: null, outcome: left(`replayed after: ${prev.outcome ?? prev.state}`, 500) });
          return true;
        }),
    });

    const outbox = (): StoreTx['outbox'] => ({
      enqueue: (e) =>
        exec('outbox.enqueue', () => {
          const T = 'outbox';
          const id = s.outboxSeq++; // nextval before the row is checked, as Postgres does
          const row: OutboxRow = {
            id,
            event_type: text(T, 'event_type', e.event_type),
            payment_id: text(T, 'payment_id', e.payment_id),
            payload: text(T, 'payload', e.payload),
            created_at: int(T, 'created_at', e.created_at),
            delivered_at: null,
            attempts: 0,
          };
          s.outbox.put(String(id), row);
          return id;
        }),
      listUndelivered: (limit) =>
        exec('outbox.listUndelivered', () => {
          const out: OutboxRow[] = [];
          for (const pk of s.outbox.members(OUTBOX_UNDELIVERED, UNDELIVERED)) out.push(s.outbox.get(pk)!);
          return out.sort((a, b) => a.id - b.id).slice(0, limit).map((r) => ({ ...r }));
        }),
      markDelivered: (id, at) => exec('outbox.markDelivered', () => updateOutbox(id, (r) => ({ ...r, delivered_at: intOrNull('delivered_at', at), attempts: r.attempts + 1 }))),
      markAttempted: (id) => exec('outbox.markAttempted', () => updateOutbox(id, (r) => ({ ...r, attempts: r.attempts + 1 }))),
    });

    const discrepancies = (): StoreTx['discrepancies'] => ({
      insert: (d) =>
        exec('discrepancies.insert', () => {
          const T = 'reconciliation_discrepancies';
          const id = s.discrepancySeq++;
          const row: DiscrepancyRow = {
            id,
            run_id: text(T, 'run_id', d.run_id),
            kind: text(T, 'kind', d.kind),
            payment_id: textOrNull(d.payment_id),
            provider: text(T, 'provider', d.provider),
            reference: textOrNull(d.reference),
            expected: intOrNull('expected', d.expected),
            actual: intOrNull('actual', d.actual),
            detail: text(T, 'detail', d.detail),
            created_at: int(T, 'created_at', d.created_at),
          };
          s.discrepancies.put(String(id), row);
          return id;
        }),
      listForRun: (runId) =>
        exec('discrepancies.listForRun', () => {
          const out: DiscrepancyRow[] = [];
          for (const pk of s.discrepancies.members(DISCREPANCIES_BY_RUN, key(runId))) out.push(s.discrepancies.get(pk)!);
          return out.sort((a, b) => a.id - b.id).map((r) => ({ ...r }));
        }),
      listRecent: (limit) => exec('discrepancies.listRecent', () => [...s.discrepancies.rows.values()].sort((a, b) => b.id - a.id).slice(0, limit).map((r) => ({ ...r }))),
    });

    const dump = (): Promise<StoreDump> =>
      exec('dump', () => ({
        payments: all(s.payments.rows.values(), (a, b) => cmp(a.id, b.id)),
        payment_events: all(s.events.rows.values(), (a, b) => cmp(a.payment_id, b.payment_id) || a.seq - b.seq),
        operations: all(s.operations.rows.values(), (a, b) => cmp(a.id, b.id)),
        idempotency_keys: all(s.idempotencyKeys.rows.values(), (a, b) => cmp(a.scope, b.scope) || cmp(a.key, b.key)),
        webhook_inbox: all(s.inbox.rows.values(), (a, b) => cmp(a.provider, b.provider) || cmp(a.event_id, b.event_id)),
        outbox: all(s.outbox.rows.values(), (a, b) => a.id - b.id),
        reconciliation_discrepancies: all(s.discrepancies.rows.values(), (a, b) => a.id - b.id),
      }));

    // Each repository is built on first use in this statement context: a transaction touches two
    // or three of the seven, and building all of them (some forty closures) was a visible share of
    // an explored run's allocations.
    const built: { -readonly [K in Exclude<keyof StoreTx, 'dump'>]?: StoreTx[K] } = {};
    return {
      get payments() {
        return (built.payments ??= payments());
      },
      get events() {
        return (built.events ??= events());
      },
      get operations() {
        return (built.operations ??= operations());
      },
      get idempotencyKeys() {
        return (built.idempotencyKeys ??= idempotencyKeys());
      },
      get inbox() {
        return (built.inbox ??= inbox());
      },
      get outbox() {
        return (built.outbox ??= outbox());
      },
      get discrepancies() {
        return (built.discrepancies ??= discrepancies());
      },
      dump,
    };
  };
}
