// Merchant-facing events go into the outbox in the same transaction as the change they announce:
// if the change commits, the event will be relayed; if it rolls back, nothing was announced.
import type { Queryable } from '../db/types.ts';

export async function enqueueOutbox(q: Queryable, event: { type: string; paymentId: string; payload: unknown; at: number }): Promise<void> {
  await q.query('INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ($1, $2, $3, $4)', [
    event.type,
    event.paymentId,
    JSON.stringify(event.payload),
    event.at,
  ]);
}
