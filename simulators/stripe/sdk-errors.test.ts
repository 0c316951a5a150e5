// stripe-node's error classes and idempotency against the simulator over real HTTP.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../serve.ts';
import type { StripeSimulator } from './index.ts';
import { overHttp } from './test-support.ts';

let sim: StripeSimulator;
let server: RunningSimulator;
let stripe: Stripe;

beforeAll(async () => {
  ({ sim, server, stripe } = await overHttp(3, globalThis.fetch));
});
afterAll(() => server.close());

describe('idempotency through the SDK', () => {
  it('replays the saved answer for the same key, once in the ledger', async () => {
    const params = { amount: 4200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true } as const;
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
    expect(again.id).toBe(first.id);
    expect(again).toEqual(first);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(again.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(again.lastResponse.requestId).not.toBe(first.lastResponse.requestId);
    expect(sim.kernel.ledger.forPayment(first.id).map((m) => [m.kind, m.idempotencyKey])).toEqual([
      ['authorization', 'order-42'],
      ['capture', 'order-42'],
    ]);
  });

  it('the same key with other parameters is a StripeIdempotencyError', async () => {
    await stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'reused' });
    const err = await stripe.paymentIntents.create({ amount: 200, currency: 'usd' }, { idempotencyKey: 'reused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
  });

  it('a replayed decline is the same 402', async () => {
    const params = { amount: 100, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true } as const;
    const e1 = (await stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const e2 = (await stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(e2).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(e2.payment_intent?.id).toBe(e1.payment_intent?.id);
    expect(e2.headers?.['idempotent-replayed']).toBe('true');
  });
});

describe('errors through the SDK', () => {
  it('an unknown id is a StripeInvalidRequestError resource_missing (404)', async () => {
    const err = await stripe.paymentIntents.retrieve('pi_doesnotexist').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'intent' });
    await expect(stripe.charges.retrieve('ch_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(stripe.refunds.retrieve('re_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(stripe.events.retrieve('evt_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('a bad API key is a StripeAuthenticationError (401)', async () => {
    const bad = new Stripe('sk_live_not_here', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
    const err = await bad.paymentIntents.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((err as Stripe.errors.StripeError).message).toMatch(/^Invalid API Key provided: sk_live_\*+here$/);
  });

  it('takes HTTP Basic with the key as user name, and refuses a missing key', async () => {
    const basic = await fetch(`${server.url}/v1/payment_intents`, { headers: { authorization: `Basic ${Buffer.from('sk_test_123:').toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(basic.headers.get('request-id')).toMatch(/^req_/);
    const none = await fetch(`${server.url}/v1/payment_intents`);
    expect(none.status).toBe(401);
    expect(none.headers.get('request-id')).toMatch(/^req_/);
    expect(((await none.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('an unknown route is Stripe’s 404 and the server keeps serving', async () => {
    const res = await fetch(`${server.url}/v1/nothing_here`, { headers: { authorization: 'Bearer sk_test_123' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('Unrecognized request URL (GET: /v1/nothing_here)') });
    const list = await stripe.paymentIntents.list({ limit: 1 });
    expect(list.object).toBe('list');
  });

  it('echoes the Stripe-Version asked for, and refuses a malformed one', async () => {
    const pinned = new Stripe('sk_test_123', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: '2024-06-20' as never });
    const list = await pinned.paymentIntents.list({ limit: 1 });
    expect(list.lastResponse.apiVersion).toBe('2024-06-20');
    const res = await fetch(`${server.url}/v1/payment_intents`, { headers: { authorization: 'Bearer sk_test_123', 'stripe-version': 'yesterday' } });
    expect(res.status).toBe(400);
  });
});
