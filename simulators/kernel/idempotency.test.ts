import { describe, expect, it } from 'vitest';
import { ADYEN_IDEMPOTENCY, IdempotencyStore, STRIPE_IDEMPOTENCY, fingerprint } from './idempotency.ts';

const saved = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"pi_1"}' };

describe('IdempotencyStore, Stripe semantics', () => {
  it('replays the saved response, refuses a different request, and reports in-flight', () => {
    const store = new IdempotencyStore(STRIPE_IDEMPOTENCY);
    const fp = fingerprint('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' });
    expect(store.begin('sk', 'k1', fp, 0)).toEqual({ kind: 'new' });
    expect(store.begin('sk', 'k1', fp, 1)).toEqual({ kind: 'in_flight' });
    store.complete('sk', 'k1', saved);
    expect(store.begin('sk', 'k1', fp, 2)).toEqual({ kind: 'replay', response: saved });
    const other = fingerprint('POST', '/v1/payment_intents', { amount: 101, currency: 'usd' });
    expect(store.begin('sk', 'k1', other, 3).kind).toBe('mismatch');
    // Keys are per account.
    expect(store.begin('sk_other', 'k1', other, 3)).toEqual({ kind: 'new' });
  });

  it('forgets keys after 24 hours of simulator time', () => {
    const store = new IdempotencyStore(STRIPE_IDEMPOTENCY);
    store.begin('sk', 'k', 'fp', 0);
    store.complete('sk', 'k', saved);
    expect(store.begin('sk', 'k', 'fp', 24 * 3600_000 - 1).kind).toBe('replay');
    expect(store.begin('sk', 'k', 'fp', 24 * 3600_000).kind).toBe('new');
  });

  it('releases a key whose request never executed', () => {
    const store = new IdempotencyStore(STRIPE_IDEMPOTENCY);
    store.begin('sk', 'k', 'fp', 0);
    store.release('sk', 'k');
    expect(store.begin('sk', 'k', 'other', 1)).toEqual({ kind: 'new' });
  });

  it('ignores parameter order in fingerprints', () => {
    expect(fingerprint('POST', '/x', { a: 1, b: { c: 2, d: 3 } })).toBe(fingerprint('POST', '/x', { b: { d: 3, c: 2 }, a: 1 }));
  });

  it('stays bounded', () => {
    const store = new IdempotencyStore(STRIPE_IDEMPOTENCY, 3);
    for (let i = 0; i < 10; i++) {
      store.begin('sk', `k${i}`, 'fp', i);
      store.complete('sk', `k${i}`, saved);
    }
    expect(store.size()).toBe(3);
    // Oldest first: k7..k9 are remembered, k6 is forgotten (a new claim, not a replay).
    for (const k of ['k7', 'k8', 'k9']) expect(store.begin('sk', k, 'fp', 10).kind).toBe('replay');
    expect(store.begin('sk', 'k6', 'fp', 10).kind).toBe('new');
  });

  it('a key claimed again after its TTL counts as the newest', () => {
    const store = new IdempotencyStore(STRIPE_IDEMPOTENCY, 2);
    const day = 24 * 3600_000;
    store.begin('sk', 'a', 'fp', 0);
    store.begin('sk', 'b', 'fp', 1);
    store.begin('sk', 'a', 'fp', day + 1); // expired: claimed anew, now newer than b
    store.begin('sk', 'c', 'fp', day + 2); // evicts b
    expect(store.begin('sk', 'a', 'fp', day + 3).kind).toBe('in_flight');
    expect(store.begin('sk', 'b', 'fp', day + 3).kind).toBe('new');
  });
});

describe('IdempotencyStore, Adyen semantics', () => {
  it('refuses keys over 64 characters and replays even a different body', () => {
    const store = new IdempotencyStore(ADYEN_IDEMPOTENCY);
    expect(store.begin('ws', 'x'.repeat(65), 'fp', 0)).toEqual({ kind: 'key_too_long' });
    store.begin('ws', 'k', 'fp', 0);
    store.complete('ws', 'k', saved);
    expect(store.begin('ws', 'k', 'different', 1)).toEqual({ kind: 'replay', response: saved });
    expect(store.begin('ws', 'k', 'fp', 30 * 24 * 3600_000).kind).toBe('replay');
  });
});
