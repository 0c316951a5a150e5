// The fault plan at the Stripe edge, in process on a virtual clock.
import { describe, expect, it } from 'vitest';
import { isDropped, type FaultPlan } from '../kernel/index.ts';
import { inProcess } from './test-support.ts';

async function authorized(h: ReturnType<typeof inProcess>, amount = 1000): Promise<string> {
  const res = await h.json('POST', '/v1/payment_intents', { amount, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
  expect(res.status).toBe(200);
  return res.body.id;
}

async function setPlan(h: ReturnType<typeof inProcess>, plan: FaultPlan) {
  const res = await h.sim.app.fetch(new Request('http://stripe.test/__gauntlet/faults', { method: 'PUT', body: JSON.stringify(plan) }));
  expect(res.status).toBe(200);
}

const captures = (h: ReturnType<typeof inProcess>, id: string) => h.sim.kernel.ledger.forPayment(id).filter((m) => m.kind === 'capture');

/** Resolves to the response, or to 'pending' if it has not arrived after the microtasks settle. */
async function settle<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
}

describe('fault plan at the edge', () => {
  it('fail_before_commit: the connection drops, nothing moves, the key stays usable', async () => {
    const h = inProcess(1);
    const id = await authorized(h);
    await setPlan(h, { rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'fail_before_commit' } }] });
    const dropped = await h.call('POST', `/v1/payment_intents/${id}/capture`, {}, { 'idempotency-key': 'cap-1' });
    expect(isDropped(dropped)).toBe(true);
    expect(captures(h, id)).toHaveLength(0);
    const retry = await h.json('POST', `/v1/payment_intents/${id}/capture`, {}, { 'idempotency-key': 'cap-1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(captures(h, id)).toHaveLength(1);
  });

  it('timeout_after_commit: the money moves, the answer never comes, a retry replays it', async () => {
    const h = inProcess(2);
    const id = await authorized(h);
    await setPlan(h, { rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 30_000 } }] });
    const pending = h.call('POST', `/v1/payment_intents/${id}/capture`, { amount_to_capture: 400 }, { 'idempotency-key': 'cap-2' });
    expect(await settle(pending)).toBe('pending');
    expect(captures(h, id).map((m) => [m.amount, m.idempotencyKey])).toEqual([[400, 'cap-2']]);
    // The client gives up and retries with the same key while the first answer hangs.
    const retry = await h.json('POST', `/v1/payment_intents/${id}/capture`, { amount_to_capture: 400 }, { 'idempotency-key': 'cap-2' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ status: 'succeeded', amount_received: 400 });
    await h.clock.advance(30_000);
    expect(isDropped(await pending)).toBe(true);
    expect(captures(h, id)).toHaveLength(1);
  });

  it('error: an injected 503 in Stripe’s shape, not saved under the key', async () => {
    const h = inProcess(3);
    await setPlan(h, { rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'error', status: 503, code: 'lock_timeout' } }] });
    const failed = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, { 'idempotency-key': 'create-1' });
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ type: 'api_error', code: 'lock_timeout', message: expect.any(String) });
    expect(failed.headers.get('request-id')).toMatch(/^req_/);
    expect(h.sim.kernel.payments.all()).toHaveLength(0);
    const retry = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, { 'idempotency-key': 'create-1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rate_limit: 429 with Retry-After in Stripe’s shape', async () => {
    const h = inProcess(4);
    await setPlan(h, { rules: [{ match: { path: '/v1/payment_intents' }, effect: { type: 'rate_limit', retryAfterSeconds: 7 } }] });
    const res = await h.json('GET', '/v1/payment_intents');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
  });

  it('decline: the issuer declines a good card; the 402 is saved and replayed', async () => {
    const h = inProcess(5);
    await setPlan(h, { rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'decline', code: 'insufficient_funds' } }] });
    const params = { amount: 100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true };
    const res = await h.json('POST', '/v1/payment_intents', params, { 'idempotency-key': 'pay-1' });
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
    const replay = await h.json('POST', '/v1/payment_intents', params, { 'idempotency-key': 'pay-1' });
    expect(replay.status).toBe(402);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(h.sim.kernel.ledger.all()).toHaveLength(0);
  });

  it('latency: the answer waits for the virtual clock; the key is in flight meanwhile (409)', async () => {
    const h = inProcess(6);
    await setPlan(h, { rules: [{ match: { operation: 'stripe.payment_intents.create' }, effect: { type: 'latency', ms: 2_000 } }] });
    const slow = h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, { 'idempotency-key': 'slow-1' });
    expect(await settle(slow)).toBe('pending');
    const concurrent = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, { 'idempotency-key': 'slow-1' });
    expect(concurrent.status).toBe(409);
    expect(concurrent.body.error).toMatchObject({ code: 'idempotency_key_in_use' });
    await h.clock.advance(1_999);
    expect(await settle(slow)).toBe('pending');
    await h.clock.advance(1);
    expect((await slow).status).toBe(200);
  });
});
