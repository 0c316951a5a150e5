// Merchant-facing events go into the outbox in the same transaction as the change they announce:
// if the change commits, the event will be relayed; if it rolls back, nothing was announced.
import type { StoreTx } from '../storage/store.ts';

/**
 * Outbox rows enqueued in this process so far, by every core in it, committed or not: a relay that
 * found its outbox empty knows it still is while this has not moved (Core.relayOutboxIfAny). A
 * count for the whole process, not per core, because the call sites hold a transaction, not the
 * core: another core's enqueue only costs a relay its query, never skips one it needed.
 */
let enqueued = 0;

export function outboxEnqueues(): number {
  return enqueued;
}

export async function enqueueOutbox(q: StoreTx, event: { type: string; paymentId: string; payload: unknown; at: number }): Promise<void> {
  enqueued += 1;
  await q.outbox.enqueue({ event_type: event.type, payment_id: event.paymentId, payload: JSON.stringify(event.payload), created_at: event.at });
}
