// Parked webhook events: dead letters (apply failed maxAttempts times, or the event contradicts
// what is booked) and orphans (no payment ever matched). Each was acknowledged to the provider,
// which will not send it again, so parking must never lose it: it is listed here, counted in the
// metrics and the reconciliation answer, and can be replayed once the cause is fixed.
import type { ProviderName } from '../adapters/types.ts';
import type { InboxRow, StoreTx } from '../storage/store.ts';

export const PARKED_STATES = ['dead_letter', 'orphan'] as const;
export type ParkedState = (typeof PARKED_STATES)[number];

export interface ParkedEvent {
  /** `provider:eventId`: what the admin API names it by (an Adyen event id holds colons too). */
  id: string;
  provider: ProviderName;
  eventId: string;
  state: ParkedState;
  type: string | null;
  providerPaymentId: string | null;
  attempts: number;
  receivedAt: number;
  deadAt: number | null;
  reason: string | null;
}

export function parkedId(provider: string, eventId: string): string {
  return `${provider}:${eventId}`;
}

/** `provider:eventId` back to its parts; undefined when it names no provider. */
export function parseParkedId(id: string): { provider: ProviderName; eventId: string } | undefined {
  const at = id.indexOf(':');
  const provider = id.slice(0, at);
  if (at < 1 || (provider !== 'stripe' && provider !== 'adyen') || at === id.length - 1) return undefined;
  return { provider, eventId: id.slice(at + 1) };
}

export async function listParked(q: StoreTx, { states = PARKED_STATES, limit = 100 }: { states?: readonly ParkedState[]; limit?: number } = {}): Promise<ParkedEvent[]> {
  return (await q.inbox.listParked(states, limit)).map(view);
}

export async function getParked(q: StoreTx, provider: ProviderName, eventId: string): Promise<ParkedEvent | undefined> {
  const row = await q.inbox.getParked(provider, eventId);
  return row ? view(row) : undefined;
}

/** Parked events by provider and state, for the metrics gauge and the reconciliation answer. */
export function countParked(q: StoreTx): Promise<{ provider: string; state: ParkedState; n: number }[]> {
  return q.inbox.countParked();
}

/**
 * Puts a parked event back in the queue as if just received (attempts from zero, due now),
 * keeping why it was parked in its outcome. False when no such parked event exists.
 */
export function requeueParked(q: StoreTx, provider: ProviderName, eventId: string): Promise<boolean> {
  return q.inbox.requeueParked(provider, eventId);
}

function view(r: InboxRow): ParkedEvent {
  let type: string | null = null;
  try {
    const parsed = JSON.parse(r.event) as { type?: unknown } | null;
    type = typeof parsed?.type === 'string' ? parsed.type : null;
  } catch {
    // A stored body that is not JSON is one of the reasons an event ends here: shown without a type.
  }
  return {
    id: parkedId(r.provider, r.event_id),
    provider: r.provider as ProviderName,
    eventId: r.event_id,
    state: r.state as ParkedState,
    type,
    providerPaymentId: r.provider_payment_id,
    attempts: r.attempts,
    receivedAt: r.received_at,
    deadAt: r.dead_at,
    reason: r.outcome,
  };
}
