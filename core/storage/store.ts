// The core's storage as named repository methods, one group a table: every read and write the core
// makes, and nothing else. Two engines implement it: SQL on a Db (PGlite or a Postgres server,
// sql-store.ts) and an in-memory one for the simulation world (memory-store.ts). Both are held to
// one case suite (store.cases.ts), so a caller cannot tell them apart by behaviour:
// - a unique, check, foreign-key or not-null violation throws an error whose `code` is the SQLSTATE
//   (23505, 23514, 23503, 23502) and whose `constraint` names the schema's constraint, as Postgres does;
// - a statement that fails changes nothing; inside a transaction it also aborts the transaction
//   (every later statement fails with 25P02 and the commit with TransactionAbortedError);
// - sequences (outbox, discrepancies ids) are never rolled back, as Postgres sequences are not;
// - bigint columns come back as numbers; rows come back as copies the caller may change freely.
// Row locks (`lock: true`, SELECT … FOR UPDATE) matter on a server; the in-memory engine runs one
// transaction at a time, so they hold trivially there.
import type { OperationKind, OperationRow, OperationStatus, PaymentEventRow, PaymentRow } from '../payments/types.ts';

export type StoreKind = 'memory' | 'pglite' | 'postgres';

export interface LockOption {
  /** SELECT … FOR UPDATE: hold the row until the transaction ends. */
  lock?: boolean;
}

/** One payment with what reconciliation compares against a provider's settlement report. */
export interface SettledPaymentRow {
  id: string;
  provider_payment_id: string;
  amount_captured: number;
  created_at: number;
  /** When the last succeeded capture operation settled (its updated_at); null without one. */
  captured_at: number | null;
  /** Sum of the succeeded refund operations whose updated_at falls in [from, to). */
  refunded_today: number;
}

export interface PaymentsRepo {
  insert(p: PaymentRow): Promise<void>;
  get(id: string, options?: LockOption): Promise<PaymentRow | undefined>;
  findByProviderId(provider: string, providerPaymentId: string, options?: LockOption): Promise<PaymentRow | undefined>;
  /** Ordered by created_at, id. */
  list(options: { status?: string; limit: number }): Promise<PaymentRow[]>;
  /** Writes the mutable columns back and bumps version (not the version passed in). No row: no-op. */
  save(p: PaymentRow): Promise<void>;
  /** `auto` routing's failover: provider switched, status back to authorizing, failure cleared (no version bump). */
  switchProvider(id: string, provider: string): Promise<void>;
  countByStatus(): Promise<Record<string, number>>;
  /** Payments of `provider` with a provider id and money captured, ordered by created_at, id. */
  settled(provider: string, from: number, to: number): Promise<SettledPaymentRow[]>;
}

export interface PaymentEventsRepo {
  /** With the caller's seq (the first event is seq 1): a taken seq is a unique violation. */
  insert(e: PaymentEventRow): Promise<void>;
  /** seq = COALESCE(MAX(seq), 0) + 1 for the payment. */
  append(e: Omit<PaymentEventRow, 'seq'>): Promise<void>;
  /** Ordered by seq. */
  listFor(paymentId: string): Promise<PaymentEventRow[]>;
  count(): Promise<number>;
}

export interface OperationPatch {
  status: OperationStatus;
  /** Omitted or null: kept (COALESCE). */
  provider_reference?: string | null;
  /** Omitted: kept (COALESCE). */
  attempts?: number;
  /** Omitted: set to null. */
  last_error?: string | null;
  updated_at: number;
}

export interface OperationsRepo {
  insert(op: OperationRow): Promise<void>;
  /** Ordered by seq. */
  listFor(paymentId: string): Promise<OperationRow[]>;
  /** COALESCE(MAX(seq), 0) + 1 for the payment. */
  nextSeq(paymentId: string): Promise<number>;
  update(id: string, patch: OperationPatch): Promise<void>;
  /** pending or unknown, ordered by created_at, id. */
  listOpen(limit?: number): Promise<OperationRow[]>;
  /** The payment, other than `exceptPaymentId`, whose operation of `kind` holds `reference`. */
  referenceHolder(provider: string, kind: OperationKind, reference: string, exceptPaymentId: string): Promise<string | undefined>;
}

export interface IdempotencyKeyRow {
  scope: string;
  key: string;
  fingerprint: string;
  state: string;
  payment_id: string | null;
  response_status: number | null;
  response_body: string | null;
  created_at: number;
}

export interface IdempotencyKeysRepo {
  get(scope: string, key: string, options?: LockOption): Promise<IdempotencyKeyRow | undefined>;
  /** state in_flight; a taken (scope, key) is a unique violation. */
  insertInFlight(row: { scope: string; key: string; fingerprint: string; payment_id: string | null; created_at: number }): Promise<void>;
  attachPayment(scope: string, key: string, paymentId: string): Promise<void>;
  /** state done with the answer, payment_id set to the one given (null clears it). */
  complete(scope: string, key: string, answer: { payment_id: string | null; response_status: number; response_body: string }): Promise<void>;
  /** state done with the answer, payment_id kept. */
  answer(scope: string, key: string, answer: { response_status: number; response_body: string }): Promise<void>;
  delete(scope: string, key: string): Promise<void>;
  /** Ordered by created_at, key. */
  listInFlight(scope: string): Promise<{ key: string; payment_id: string | null }[]>;
}

export type ParkedInboxState = 'dead_letter' | 'orphan';

export interface InboxRow {
  provider: string;
  event_id: string;
  received_at: number;
  event: string;
  state: string;
  applied_at: number | null;
  outcome: string | null;
  attempts: number;
  provider_payment_id: string | null;
  next_attempt_at: number | null;
  dead_at: number | null;
}

export interface WebhookInboxRepo {
  /** state pending; false when (provider, event_id) is already there (ON CONFLICT DO NOTHING). */
  insertIfNew(row: { provider: string; event_id: string; received_at: number; event: string; provider_payment_id: string | null }): Promise<boolean>;
  get(provider: string, eventId: string): Promise<InboxRow | undefined>;
  /** pending and due (next_attempt_at null or <= now), ordered by received_at, event_id. */
  listDue(now: number, limit: number): Promise<InboxRow[]>;
  /**
   * listDue, and in the same statement when the next pending row that is not due yet becomes due
   * (the smallest next_attempt_at after `now`; null when there is none): what a drain needs to know
   * whether the next one can have work (core/webhooks/inbox.ts drainIfDue).
   */
  listDueAndNext(now: number, limit: number): Promise<{ rows: InboxRow[]; nextDueAt: number | null }>;
  /** A failed apply: attempts set as given. */
  recordFailure(provider: string, eventId: string, f: { attempts: number; state: string; outcome: string; next_attempt_at: number | null; dead_at: number | null }): Promise<void>;
  /** No payment matched yet: attempts + 1. */
  recordNoPayment(provider: string, eventId: string, f: { state: string; outcome: string; dead_at: number | null }): Promise<void>;
  /** Applied (or ignored): attempts + 1. */
  recordApplied(provider: string, eventId: string, f: { state: string; applied_at: number; outcome: string }): Promise<void>;
  /** In the given parked states, ordered by received_at, provider, event_id. */
  listParked(states: readonly ParkedInboxState[], limit: number): Promise<InboxRow[]>;
  getParked(provider: string, eventId: string): Promise<InboxRow | undefined>;
  /** Ordered by provider, state. */
  countParked(): Promise<{ provider: string; state: ParkedInboxState; n: number }[]>;
  /** Back to pending as if just received; outcome keeps why (first 500 characters). False when not parked. */
  requeueParked(provider: string, eventId: string): Promise<boolean>;
}

export interface OutboxRow {
  id: number;
  event_type: string;
  payment_id: string;
  payload: string;
  created_at: number;
  delivered_at: number | null;
  attempts: number;
}

export interface OutboxRepo {
  /** Returns the new id (a sequence: never reused, not rolled back). */
  enqueue(e: { event_type: string; payment_id: string; payload: string; created_at: number }): Promise<number>;
  /** Ordered by id. */
  listUndelivered(limit: number): Promise<OutboxRow[]>;
  markDelivered(id: number, at: number): Promise<void>;
  markAttempted(id: number): Promise<void>;
}

export interface DiscrepancyRow {
  id: number;
  run_id: string;
  kind: string;
  payment_id: string | null;
  provider: string;
  reference: string | null;
  expected: number | null;
  actual: number | null;
  detail: string;
  created_at: number;
}

export interface DiscrepanciesRepo {
  insert(d: Omit<DiscrepancyRow, 'id'>): Promise<number>;
  /** Ordered by id. */
  listForRun(runId: string): Promise<DiscrepancyRow[]>;
  /** Newest first. */
  listRecent(limit: number): Promise<DiscrepancyRow[]>;
}

/** Every table's rows, ordered by primary key: for tests that look at everything stored. */
export interface StoreDump {
  payments: PaymentRow[];
  payment_events: PaymentEventRow[];
  operations: OperationRow[];
  idempotency_keys: IdempotencyKeyRow[];
  webhook_inbox: InboxRow[];
  outbox: OutboxRow[];
  reconciliation_discrepancies: DiscrepancyRow[];
}

export interface StoreTx {
  readonly payments: PaymentsRepo;
  readonly events: PaymentEventsRepo;
  readonly operations: OperationsRepo;
  readonly idempotencyKeys: IdempotencyKeysRepo;
  readonly inbox: WebhookInboxRepo;
  readonly outbox: OutboxRepo;
  readonly discrepancies: DiscrepanciesRepo;
  dump(): Promise<StoreDump>;
}

/**
 * Outside a transaction each method is its own statement (autocommit). Calling the store itself
 * from inside its own transaction body throws NestedTransactionError (core/db's rule: use `tx`).
 */
export interface Store extends StoreTx {
  readonly kind: StoreKind;
  /** Commits when `fn` resolves, rolls back when it throws; one at a time on a single connection. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** The storage answers (health check). */
  ping(): Promise<void>;
  /** Empties every table and restarts the id sequences. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The constraints a caller may meet, by the names the schema (core/db/migrations) gives them. */
export const CONSTRAINTS = {
  paymentsPkey: 'payments_pkey',
  paymentsProviderPayment: 'payments_provider_payment',
  paymentsAmountCheck: 'payments_amount_check',
  /** amount_captured <= amount_authorized */
  paymentsCapturedCheck: 'payments_check',
  /** amount_refunded <= amount_captured */
  paymentsRefundedCheck: 'payments_check1',
  paymentEventsPkey: 'payment_events_pkey',
  paymentEventsPayment: 'payment_events_payment_id_fkey',
  operationsPkey: 'operations_pkey',
  operationsPaymentSeq: 'operations_payment_id_seq_key',
  operationsProviderKey: 'operations_provider_key',
  operationsProviderReference: 'operations_provider_reference',
  operationsPayment: 'operations_payment_id_fkey',
  idempotencyKeysPkey: 'idempotency_keys_pkey',
  webhookInboxPkey: 'webhook_inbox_pkey',
} as const;

export const SQLSTATE = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  foreignKeyViolation: '23503',
  notNullViolation: '23502',
  inFailedTransaction: '25P02',
  /** U+0000 in a text value: Postgres cannot store it ("invalid byte sequence for encoding UTF8"). */
  characterNotInRepertoire: '22021',
} as const;
