// Provider-side idempotency keys, with the semantics each provider documents.
//
// Stripe: the first response (success or error, once the endpoint started executing) is saved
// and replayed with `Idempotent-Replayed: true`; the same key with other parameters is a 400
// idempotency_error; the same key while the first request runs is a 409; keys expire after 24 h.
// Adyen: keys up to 64 characters, replay returns the saved response, valid for at least 31 days;
// a key reused while the first request runs gets a transient error.
// What makes two requests the same one is spec's `fingerprint`, shared with the merchant API.
export { fingerprint } from '../../spec/index.ts';
import { BoundedMap } from './bounded-map.ts';

export interface SavedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyPolicy {
  ttlMs: number;
  maxKeyLength: number;
  /** Whether a reused key with a different request is refused (Stripe) or replayed (Adyen). */
  rejectMismatch: boolean;
}

export const STRIPE_IDEMPOTENCY: IdempotencyPolicy = { ttlMs: 24 * 3600_000, maxKeyLength: 255, rejectMismatch: true };
export const ADYEN_IDEMPOTENCY: IdempotencyPolicy = { ttlMs: 31 * 24 * 3600_000, maxKeyLength: 64, rejectMismatch: false };

export type IdempotencyBegin =
  | { kind: 'new' }
  | { kind: 'replay'; response: SavedResponse }
  | { kind: 'mismatch'; response: SavedResponse }
  | { kind: 'in_flight' }
  | { kind: 'key_too_long' };

interface Entry {
  fingerprint: string;
  createdAt: number;
  response?: SavedResponse;
}

/** Bounded: past `maxKeys` live keys, the oldest are evicted first (in O(1), see BoundedMap). */
export class IdempotencyStore {
  private readonly policy: IdempotencyPolicy;
  private readonly entries: BoundedMap<string, Entry>;

  constructor(
    policy: IdempotencyPolicy,
    maxKeys = 100_000,
  ) {
    this.policy = policy;
    this.entries = new BoundedMap(maxKeys);
  }

  /** Claims `key` within `scope` (an account) for a request identified by `fingerprint`. */
  begin(scope: string, key: string, fingerprint: string, now: number): IdempotencyBegin {
    if (key.length === 0 || key.length > this.policy.maxKeyLength) return { kind: 'key_too_long' };
    const id = `${scope}\u0000${key}`;
    const existing = this.entries.get(id);
    if (existing && now - existing.createdAt < this.policy.ttlMs) {
      if (!existing.response) return { kind: 'in_flight' };
      if (existing.fingerprint !== fingerprint && this.policy.rejectMismatch) {
        return { kind: 'mismatch', response: existing.response };
      }
      return { kind: 'replay', response: existing.response };
    }
    // A new claim (or one past its TTL) is the newest key; the oldest go past the bound.
    this.entries.set(id, { fingerprint, createdAt: now });
    return { kind: 'new' };
  }

  /** Saves the response of a request that executed, so retries replay it. */
  complete(scope: string, key: string, response: SavedResponse): void {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (entry) entry.response = response;
  }

  /** Forgets a claimed key whose request never executed (validation error, injected fault). */
  release(scope: string, key: string): void {
    const id = `${scope}\u0000${key}`;
    if (!this.entries.get(id)?.response) this.entries.delete(id);
  }

  size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
