// The in-memory engine's tables, mirroring core/db/migrations: primary keys, the unique indexes
// in the order Postgres checks them (index creation order), and the secondary indexes the
// repositories' queries need. Sequences (outbox, discrepancies) are plain counters that a rollback
// does not take back, like Postgres sequences.
import type { OperationRow, PaymentEventRow, PaymentRow } from '../payments/types.ts';
import { Journal } from './memory-journal.ts';
import { MemTable } from './memory-table.ts';
import { CONSTRAINTS as C, type DiscrepancyRow, type IdempotencyKeyRow, type InboxRow, type OutboxRow } from './store.ts';

/** Composite keys: U+0000 never occurs in stored text (refused), so it cannot be forged. */
export const k2 = (a: string, b: string): string => `${a}\u0000${b}`;
export const k3 = (a: string, b: string, c: string): string => `${a}\u0000${b}\u0000${c}`;

export const OPEN_OPERATION = 'open';
export const IN_FLIGHT = 'in_flight';
export const UNDELIVERED = 'undelivered';

// Index numbers, for MemTable.lookup / members.
export const PAYMENTS_BY_PROVIDER_ID = 0;
export const EVENTS_BY_PAYMENT = 0;
export const OPS_BY_PROVIDER_REFERENCE = 1;
export const OPS_BY_PAYMENT = 0;
export const OPS_OPEN = 1;
export const KEYS_IN_FLIGHT = 0;
export const INBOX_BY_STATE = 0;
export const OUTBOX_UNDELIVERED = 0;
export const DISCREPANCIES_BY_RUN = 0;

export class MemorySchema {
  readonly journal = new Journal();
  readonly payments = new MemTable<PaymentRow>(this.journal, [
    { constraint: C.paymentsProviderPayment, keyOf: (r) => (r.provider_payment_id === null ? undefined : k2(r.provider, r.provider_payment_id)) },
  ]);
  readonly events = new MemTable<PaymentEventRow>(this.journal, [], [{ groupOf: (r) => r.payment_id }]);
  readonly operations = new MemTable<OperationRow>(
    this.journal,
    [
      { constraint: C.operationsPaymentSeq, keyOf: (r) => k2(r.payment_id, String(r.seq)) },
      { constraint: C.operationsProviderReference, keyOf: (r) => (r.provider_reference === null ? undefined : k3(r.provider, r.kind, r.provider_reference)) },
      { constraint: C.operationsProviderKey, keyOf: (r) => k2(r.provider, r.provider_idempotency_key) },
    ],
    [{ groupOf: (r) => r.payment_id }, { groupOf: (r) => (r.status === 'pending' || r.status === 'unknown' ? OPEN_OPERATION : undefined) }],
  );
  readonly idempotencyKeys = new MemTable<IdempotencyKeyRow>(this.journal, [], [{ groupOf: (r) => (r.state === IN_FLIGHT ? r.scope : undefined) }]);
  readonly inbox = new MemTable<InboxRow>(this.journal, [], [{ groupOf: (r) => (r.state === 'pending' || r.state === 'dead_letter' || r.state === 'orphan' ? r.state : undefined) }]);
  readonly outbox = new MemTable<OutboxRow>(this.journal, [], [{ groupOf: (r) => (r.delivered_at === null ? UNDELIVERED : undefined) }]);
  readonly discrepancies = new MemTable<DiscrepancyRow>(this.journal, [], [{ groupOf: (r) => r.run_id }]);
  outboxSeq = 1;
  discrepancySeq = 1;

  /** TRUNCATE … RESTART IDENTITY. */
  reset(): void {
    for (const t of [this.payments, this.events, this.operations, this.idempotencyKeys, this.inbox, this.outbox, this.discrepancies] as MemTable<unknown>[]) t.clear();
    this.outboxSeq = 1;
    this.discrepancySeq = 1;
  }
}
