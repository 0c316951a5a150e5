// Merchant-facing events go into the outbox in the same transaction as the change they announce:
// if the change commits, the event will be relayed; if it rolls back, nothing was announced.
import type { StoreTx } from '../storage/store.ts';

export async function enqueueOutbox(q: StoreTx, event: { type: string; paymentId: string; payload: unknown; at: number }): Promise<void> {
  await q.outbox.enqueue({ event_type: event.type, payment_id: event.paymentId, payload: JSON.stringify(event.payload), created_at: event.at });
}
