// PSP etiquette, not a money invariant: after a 429 with Retry-After, a client must not come back
// with the same request before that time has passed. Read from the simulators' request logs
// (GET /__gauntlet/requests, or `kernel.requests.all()` in process), never from the SUT's word.
//
// A retry is a request with the same idempotency key; for a client that sends no key, the same
// operation on the same payment. (With keys, a second capture of the same payment under its own key
// is a new merchant request, not a retry.) It is early when it reaches the PSP less than
// Retry-After (minus `toleranceMs`, for wall clocks in the live world) after the 429 was answered.
// Each request counts at most once; a request after the wait, or a later 429's own Retry-After,
// starts the reckoning again.
import type { RequestLogEntry } from '../../simulators/index.ts';

export interface EarlyRetry {
  /** The retry that came too soon. */
  requestId: string;
  operation: string;
  idempotencyKey?: string;
  paymentId?: string;
  /** When the 429 that asked to wait was answered, and how long it asked for. */
  rateLimitedAt: number;
  retryAfterMs: number;
  retriedAt: number;
  /** How much sooner than asked it came. */
  earlyByMs: number;
  /** Why it counts as a retry of the rate-limited request. */
  sameBy: 'idempotency-key' | 'operation-and-payment';
}

interface Window {
  rateLimitedAt: number;
  retryAfterMs: number;
}

/** Every early retry in one PSP's request log (order of arrival is taken from `at`). */
export function earlyRetries(log: readonly RequestLogEntry[], { toleranceMs = 0 }: { toleranceMs?: number } = {}): EarlyRetry[] {
  const windows = new Map<string, Window>();
  const early: EarlyRetry[] = [];
  const ordered = log.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.at - b.entry.at || a.i - b.i);
  for (const { entry } of ordered) {
    const keys = identities(entry);
    for (const [id, sameBy] of keys) {
      const w = windows.get(id);
      // Arrival order is by `at`: a request sent while the 429 was still on its way is no retry.
      if (!w || entry.at < w.rateLimitedAt) continue;
      windows.delete(id);
      const due = w.rateLimitedAt + w.retryAfterMs - toleranceMs;
      if (entry.at < due) {
        early.push({
          requestId: entry.requestId,
          operation: entry.operation,
          ...(entry.idempotencyKey !== undefined ? { idempotencyKey: entry.idempotencyKey } : {}),
          ...(entry.paymentId !== undefined ? { paymentId: entry.paymentId } : {}),
          rateLimitedAt: w.rateLimitedAt,
          retryAfterMs: w.retryAfterMs,
          retriedAt: entry.at,
          earlyByMs: w.rateLimitedAt + w.retryAfterMs - entry.at,
          sameBy,
        });
      }
    }
    if (entry.status === 429 && entry.retryAfterMs !== undefined && entry.retryAfterMs > 0) {
      for (const [id] of keys) windows.set(id, { rateLimitedAt: entry.answeredAt, retryAfterMs: entry.retryAfterMs });
    }
  }
  return early;
}

/** Early retries over several PSPs' logs, each judged on its own. */
export function earlyRetriesByProvider(logs: Record<string, readonly RequestLogEntry[]>, options?: { toleranceMs?: number }): Record<string, EarlyRetry[]> {
  return Object.fromEntries(Object.entries(logs).map(([provider, log]) => [provider, earlyRetries(log, options)]));
}

function identities(entry: RequestLogEntry): [string, EarlyRetry['sameBy']][] {
  const out: [string, EarlyRetry['sameBy']][] = [];
  // Reads (GET) are not retries of a money operation; only requests that change something count.
  if (entry.method.toUpperCase() !== 'POST') return out;
  if (entry.idempotencyKey !== undefined) out.push([`key:${entry.idempotencyKey}`, 'idempotency-key']);
  else if (entry.paymentId !== undefined) out.push([`op:${entry.operation}:${entry.paymentId}`, 'operation-and-payment']);
  return out;
}
