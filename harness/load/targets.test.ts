// The load's requests: every one a new payment (its own Idempotency-Key and reference), Stripe and
// Adyen in turn, automatic capture, the decline share as asked, and the reference recoverable
// from the URL vegeta copies into its result, without the SUT ever seeing it.
import { describe, expect, it } from 'vitest';
import { cardVerdict } from '../checker/cards.ts';
import { loadTargets, referenceOfUrl } from './targets.ts';

const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Record<string, unknown>;

describe('load targets', () => {
  it('gives every request its own Idempotency-Key and reference, alternating stripe and adyen', () => {
    const t = loadTargets({ sutUrl: 'http://127.0.0.1:9', seed: 1 });
    const batch = Array.from({ length: 500 }, () => t.next());
    const keys = batch.map((x) => x.header!['Idempotency-Key']![0]);
    expect(new Set(keys).size).toBe(500);
    const bodies = batch.map((x) => decode(x.body!));
    expect(new Set(bodies.map((b) => b.reference)).size).toBe(500);
    expect(bodies.slice(0, 4).map((b) => b.provider)).toEqual(['stripe', 'adyen', 'stripe', 'adyen']);
    for (const [i, x] of batch.entries()) {
      expect(x.method).toBe('POST');
      expect(x.url.startsWith('http://127.0.0.1:9/v1/payments#')).toBe(true);
      expect(x.header!['Content-Type']).toEqual(['application/json']);
      expect(bodies[i]).toMatchObject({ capture: 'automatic', currency: 'EUR' });
      expect(referenceOfUrl(x.url)).toBe(bodies[i]!.reference);
      expect(t.argsOf(bodies[i]!.reference as string)).toMatchObject({ idempotencyKey: keys[i], amount: bodies[i]!.amount, paymentMethod: bodies[i]!.paymentMethod });
    }
    expect(t.generated).toBe(500);
  });

  it('makes the decline share of the payments with a declining test card, spread over both providers', () => {
    const t = loadTargets({ sutUrl: 'http://sut', seed: 2 });
    const bodies = Array.from({ length: 1000 }, () => decode(t.next().body!));
    const declining = bodies.filter((b) => cardVerdict(b.paymentMethod) === 'decline');
    expect(declining).toHaveLength(300);
    expect(bodies.filter((b) => cardVerdict(b.paymentMethod) === 'approve')).toHaveLength(700);
    // Any stretch of 10 holds 3: declines come spread out, not in a burst at the start or end.
    for (let i = 0; i + 10 <= 1000; i += 10) expect(bodies.slice(i, i + 10).filter((b) => cardVerdict(b.paymentMethod) === 'decline')).toHaveLength(3);
    expect(new Set(declining.map((b) => b.provider))).toEqual(new Set(['stripe', 'adyen']));

    const none = loadTargets({ sutUrl: 'http://sut', seed: 2, declineShare: 0 });
    expect(Array.from({ length: 50 }, () => decode(none.next().body!)).every((b) => cardVerdict(b.paymentMethod) === 'approve')).toBe(true);
    expect(() => loadTargets({ sutUrl: 'http://sut', seed: 2, declineShare: 1.5 })).toThrow(RangeError);
  });

  it('keeps runs apart (a world left running keeps old keys) and amounts reproducible by seed', () => {
    const a = loadTargets({ sutUrl: 'http://sut', seed: 3 }).next();
    const b = loadTargets({ sutUrl: 'http://sut', seed: 3 }).next();
    expect(a.header!['Idempotency-Key']).not.toEqual(b.header!['Idempotency-Key']);
    expect(decode(a.body!).amount).toBe(decode(b.body!).amount);
  });

  it('reads the reference back from a result URL, and nothing from one without', () => {
    expect(referenceOfUrl('http://sut/v1/payments#load-ab-12')).toBe('load-ab-12');
    expect(referenceOfUrl('http://sut/v1/payments')).toBeUndefined();
    expect(referenceOfUrl('http://sut/v1/payments#')).toBeUndefined();
  });
});
