// Relays outbox events at least once: to a URL (POST, JSON) when one is configured, else to a
// sink function (a log). An event is marked delivered only after the receiver said 2xx.
import type { Store } from '../storage/store.ts';
import type { Clock, FetchLike } from '../env.ts';
import { clockDeadline } from '../../spec/index.ts';

export interface OutboxEvent {
  id: number;
  type: string;
  paymentId: string;
  payload: unknown;
  createdAt: number;
}

export type OutboxTarget = { url: string; fetch: FetchLike; timeoutMs?: number } | { sink: (event: OutboxEvent) => void | Promise<void> };

/**
 * `at-least-once` (the default): an event is marked delivered only once the receiver said 2xx, and
 * re-sent on the next relay until it does. `at-most-once`: marked delivered once tried, whatever
 * the receiver said (a merchant whose endpoint was down never hears of it).
 */
export type OutboxDelivery = 'at-least-once' | 'at-most-once';

/** Events relayed at most per call. */
export const RELAY_BATCH = 100;

export async function relayOutbox(deps: { store: Store; clock: Clock; target: OutboxTarget; delivery?: OutboxDelivery }, batch = RELAY_BATCH): Promise<{ delivered: number; failed: number }> {
  const rows = await deps.store.outbox.listUndelivered(batch);
  let delivered = 0;
  let failed = 0;
  for (const r of rows) {
    const event: OutboxEvent = { id: r.id, type: r.event_type, paymentId: r.payment_id, payload: JSON.parse(r.payload), createdAt: r.created_at };
    let ok = false;
    try {
      if ('url' in deps.target) {
        const deadline = clockDeadline(deps.clock, deps.target.timeoutMs ?? 5_000);
        try {
          const res = await deps.target.fetch(deps.target.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `outbox-${event.id}` },
            body: JSON.stringify(event),
            signal: deadline.signal,
          });
          ok = res.status >= 200 && res.status < 300;
        } finally {
          deadline.clear();
        }
      } else {
        await deps.target.sink(event);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (deps.delivery === 'at-most-once') ok = true;
    if (ok) {
      await deps.store.outbox.markDelivered(event.id, deps.clock.now());
      delivered += 1;
    } else {
      await deps.store.outbox.markAttempted(event.id);
      failed += 1;
    }
  }
  return { delivered, failed };
}
