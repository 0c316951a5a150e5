// The PSP's access log over the control API: every request at the edge with its key, payment,
// status and a 429's Retry-After.
import { describe, expect, it } from 'vitest';
import { inProcess } from './test-support.ts';

describe('GET /__gauntlet/requests', () => {
  it('logs each request with its idempotency key, payment, status and Retry-After', async () => {
    const h = inProcess(21);
    const created = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'jpy', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true }, { 'idempotency-key': 'k-create' });
    const id = created.body.id as string;
    h.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'rate_limit', retryAfterSeconds: 2 } }] });
    await h.clock.advance(500);
    expect((await h.json('POST', `/v1/payment_intents/${id}/capture`, {}, { 'idempotency-key': 'k-cap' })).status).toBe(429);
    await h.clock.advance(2_000);
    expect((await h.json('POST', `/v1/payment_intents/${id}/capture`, {}, { 'idempotency-key': 'k-cap' })).status).toBe(200);
    const res = await h.sim.app.fetch(new Request('http://stripe.test/__gauntlet/requests'));
    const body = (await res.json()) as { requests: Record<string, unknown>[]; dropped: number };
    expect(body.dropped).toBe(0);
    const t0 = body.requests[0]!.at as number;
    expect(body.requests.map(({ at, answeredAt: _a, requestId: _r, ...rest }) => ({ dt: (at as number) - t0, ...rest }))).toEqual([
      { dt: 0, operation: 'stripe.payment_intents.create', method: 'POST', path: '/v1/payment_intents', idempotencyKey: 'k-create', status: 200 },
      { dt: 500, operation: 'stripe.payment_intents.capture', method: 'POST', path: `/v1/payment_intents/${id}/capture`, idempotencyKey: 'k-cap', paymentId: id, status: 429, retryAfterMs: 2000 },
      { dt: 2500, operation: 'stripe.payment_intents.capture', method: 'POST', path: `/v1/payment_intents/${id}/capture`, idempotencyKey: 'k-cap', paymentId: id, status: 200 },
    ]);
  });
});
