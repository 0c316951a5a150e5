// How the inbox retries a stored event whose apply failed (the database refused a row, a bug):
// exponential backoff on the injected clock, then the event is parked as a dead letter for a human
// to look at and replay. No jitter: one process drains its inbox serially, so there is no herd to
// spread, and a run under a virtual clock stays deterministic.
//
// Not for an event whose payment is not known yet (it beat the API call that creates it): that one
// is expected to resolve within moments and is retried on every drain (inbox.ts, MAX_ORPHAN_ATTEMPTS).

export interface InboxRetryPolicy {
  /** Failed applies before the event is dead-lettered. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  /** Cap on the wait between two tries. */
  maxDelayMs: number;
}

/** 10 tries over about 17 minutes (1 s, 2 s, … 256 s between them): longer than a database failover. */
export const DEFAULT_INBOX_RETRY: InboxRetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 };

/** The wait before the next try, after `failures` failed applies (1 or more). */
export function retryDelayMs(policy: InboxRetryPolicy, failures: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

export function inboxRetryPolicy(overrides: Partial<InboxRetryPolicy> = {}): InboxRetryPolicy {
  const policy = { ...DEFAULT_INBOX_RETRY, ...overrides };
  if (!Number.isSafeInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError(`inbox retry: maxAttempts must be a positive integer, got ${policy.maxAttempts}`);
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) throw new RangeError('inbox retry: need 0 <= baseDelayMs <= maxDelayMs');
  return policy;
}
