// Parked webhook events: dead letters (apply failed maxAttempts times, or the event contradicts
// what is booked) and orphans (no payment ever matched). Each was acknowledged to the provider,
// which will not send it again, so parking must never lose it: it is listed here, counted in the
// metrics and the reconciliation answer, and can be replayed once the cause is fixed.
import type { ProviderName } from '../adapters/types.ts';
import type { Queryable } from '../db/types.ts';

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

interface Row {
  provider: ProviderName;
  event_id: string;
  state: ParkedState;
  event: string;
  provider_payment_id: string | null;
  attempts: number | string;
  received_at: number | string;
  dead_at: number | string | null;
  outcome: string | null;
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

export async function listParked(q: Queryable, { states = PARKED_STATES, limit = 100 }: { states?: readonly ParkedState[]; limit?: number } = {}): Promise<ParkedEvent[]> {
  const rows = await q.query<Row>(
    `SELECT provider, event_id, state, event, provider_payment_id, attempts, received_at, dead_at, outcome FROM webhook_inbox
      WHERE ${inStates(states)} ORDER BY received_at, provider, event_id LIMIT $1`,
    [limit],
  );
  return rows.map(view);
}

export async function getParked(q: Queryable, provider: ProviderName, eventId: string): Promise<ParkedEvent | undefined> {
  const rows = await q.query<Row>(
    `SELECT provider, event_id, state, event, provider_payment_id, attempts, received_at, dead_at, outcome FROM webhook_inbox
      WHERE provider = $1 AND event_id = $2 AND ${inStates(PARKED_STATES)}`,
    [provider, eventId],
  );
  return rows[0] ? view(rows[0]) : undefined;
}

/** Parked events by provider and state, for the metrics gauge and the reconciliation answer. */
export async function countParked(q: Queryable): Promise<{ provider: string; state: ParkedState; n: number }[]> {
  const rows = await q.query<{ provider: string; state: ParkedState; n: number | string }>(
    `SELECT provider, state, COUNT(*) AS n FROM webhook_inbox WHERE ${inStates(PARKED_STATES)} GROUP BY provider, state ORDER BY provider, state`,
  );
  return rows.map((r) => ({ provider: r.provider, state: r.state, n: Number(r.n) }));
}

/**
 * Puts a parked event back in the queue as if just received (attempts from zero, due now),
 * keeping why it was parked in its outcome. False when no such parked event exists.
 */
export async function requeueParked(q: Queryable, provider: ProviderName, eventId: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, dead_at = NULL, outcome = LEFT('replayed after: ' || COALESCE(outcome, state), 500)
      WHERE provider = $1 AND event_id = $2 AND ${inStates(PARKED_STATES)} RETURNING event_id`,
    [provider, eventId],
  );
  return rows.length > 0;
}

/** `state IN (…)` over known state names only (never caller text), so it is safe to inline. */
function inStates(states: readonly ParkedState[]): string {
  const known = states.filter((s) => (PARKED_STATES as readonly string[]).includes(s));
  return known.length === 0 ? 'FALSE' : `state IN (${known.map((s) => `'${s}'`).join(', ')})`;
}

function view(r: Row): ParkedEvent {
  let type: string | null = null;
  try {
    const parsed = JSON.parse(r.event) as { type?: unknown } | null;
    type = typeof parsed?.type === 'string' ? parsed.type : null;
  } catch {
    // A stored body that is not JSON is one of the reasons an event ends here: shown without a type.
  }
  return {
    id: parkedId(r.provider, r.event_id),
    provider: r.provider,
    eventId: r.event_id,
    state: r.state,
    type,
    providerPaymentId: r.provider_payment_id,
    attempts: Number(r.attempts),
    receivedAt: Number(r.received_at),
    deadAt: r.dead_at === null ? null : Number(r.dead_at),
    reason: r.outcome,
  };
}
