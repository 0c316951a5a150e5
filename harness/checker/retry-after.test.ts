// The retry-after etiquette measure, pure over request logs. (Against the real simulators and the
// reference core: harness/explore/retry-after-etiquette.test.ts; the checker imports no core.)
import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../simulators/index.ts';
import { earlyRetries } from './retry-after.ts';

const req = (at: number, over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  at,
  answeredAt: at,
  requestId: `req_${at}`,
  operation: 'stripe.payment_intents.capture',
  method: 'POST',
  path: '/v1/payment_intents/pi_1/capture',
  idempotencyKey: 'k1',
  paymentId: 'pi_1',
  status: 200,
  ...over,
});
const limited = (at: number, over: Partial<RequestLogEntry> = {}) => req(at, { status: 429, retryAfterMs: 1000, ...over });

describe('earlyRetries (pure)', () => {
  it('finds a retry of the same key before Retry-After, and how early it came', () => {
    const early = earlyRetries([limited(0), req(40)]);
    expect(early).toEqual([expect.objectContaining({ requestId: 'req_40', rateLimitedAt: 0, retryAfterMs: 1000, retriedAt: 40, earlyByMs: 960, sameBy: 'idempotency-key' })]);
  });

  it('a retry at or after Retry-After is fine; Retry-After counts from the answer, not the arrival', () => {
    expect(earlyRetries([limited(0), req(1000)])).toEqual([]);
    expect(earlyRetries([limited(0, { answeredAt: 500 }), req(1200)])).toHaveLength(1);
    expect(earlyRetries([limited(0, { answeredAt: 500 }), req(1500)])).toEqual([]);
  });

  it('each 429 starts its own wait; a retry that is itself rate-limited starts another', () => {
    const early = earlyRetries([limited(0), limited(1000), req(1100), req(2100)]);
    expect(early.map((e) => e.retriedAt)).toEqual([1100]);
  });

  it('other keys, other payments, reads, and requests without a 429 are no retries', () => {
    expect(earlyRetries([limited(0), req(10, { idempotencyKey: 'k2' }), req(20, { method: 'GET', idempotencyKey: undefined }), req(30, { idempotencyKey: undefined, paymentId: 'pi_2' })])).toEqual([]);
    expect(earlyRetries([req(0), req(10)])).toEqual([]);
    // A 429 without Retry-After asks for no particular wait.
    expect(earlyRetries([limited(0, { retryAfterMs: undefined }), req(10)])).toEqual([]);
  });

  it('a client without keys is judged by operation and payment', () => {
    const keyless = { idempotencyKey: undefined };
    expect(earlyRetries([limited(0, keyless), req(10, keyless)])).toEqual([expect.objectContaining({ sameBy: 'operation-and-payment', paymentId: 'pi_1' })]);
    expect(earlyRetries([limited(0, keyless), req(10, { ...keyless, operation: 'stripe.payment_intents.cancel' })])).toEqual([]);
  });

  it('a request that arrived while the 429 was still on its way is not a retry of it', () => {
    expect(earlyRetries([limited(0, { answeredAt: 300 }), req(100)])).toEqual([]);
  });

  it('allows a tolerance for wall clocks', () => {
    expect(earlyRetries([limited(0), req(950)], { toleranceMs: 100 })).toEqual([]);
    expect(earlyRetries([limited(0), req(850)], { toleranceMs: 100 })).toHaveLength(1);
  });
});
