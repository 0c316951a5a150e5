// The classification table (README.md) row by row, on answers the simulator cannot be made to
// give: proxies' non-JSON bodies, odd statuses, Stripe-Should-Retry, a 200 of the wrong shape,
// a 200 replay, network errors.
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../env.ts';
import { classifyResponse, retryAfter } from './classify.ts';
import { createStripeAdapter } from './index.ts';

const stripeError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  classifyResponse(status, new Headers(headers), JSON.stringify({ error }));

describe('classifyResponse', () => {
  it('402 card_error: declined with decline_code, else code, and the intent id', () => {
    expect(stripeError(402, { type: 'card_error', code: 'card_declined', decline_code: 'stolen_card', message: 'm', payment_intent: { id: 'pi_1' } })).toEqual({
      kind: 'declined',
      code: 'stolen_card',
      message: 'm',
      providerPaymentId: 'pi_1',
    });
    expect(stripeError(402, { type: 'card_error', code: 'expired_card', message: 'm' })).toEqual({ kind: 'declined', code: 'expired_card', message: 'm' });
  });

  it('402 of another type is an invalid request', () => {
    expect(stripeError(402, { type: 'invalid_request_error', code: 'x', message: 'm' })).toMatchObject({ kind: 'invalid_request', status: 402, code: 'x' });
  });

  it('4xx invalid_request_error: invalid_request with the code, else the type', () => {
    expect(stripeError(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'm' })).toEqual({
      kind: 'invalid_request',
      status: 400,
      code: 'payment_intent_unexpected_state',
      message: 'm',
    });
    expect(stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key' })).toMatchObject({ kind: 'invalid_request', status: 401, code: 'invalid_request_error' });
    expect(stripeError(403, { type: 'permission_error', message: 'm' })).toMatchObject({ kind: 'invalid_request', status: 403, code: 'permission_error' });
  });

  it('400 idempotency_error: invalid_request, code idempotency_error', () => {
    expect(stripeError(400, { type: 'idempotency_error', code: 'whatever', message: 'm' })).toMatchObject({ kind: 'invalid_request', status: 400, code: 'idempotency_error' });
  });

  it('409, 429, 5xx: retryable provider errors; Retry-After only for 429', () => {
    expect(stripeError(409, { type: 'idempotency_error', message: 'm' })).toEqual({ kind: 'provider_error', status: 409, code: 'idempotency_key_in_use', message: 'm', retryable: true });
    expect(stripeError(429, { type: 'invalid_request_error', message: 'm' }, { 'retry-after': '1.5' })).toMatchObject({ status: 429, code: 'rate_limit', retryAfterMs: 1500 });
    expect(stripeError(429, { type: 'invalid_request_error', message: 'm' })).not.toHaveProperty('retryAfterMs');
    expect(stripeError(500, { type: 'api_error', message: 'm' }, { 'retry-after': '3' })).toMatchObject({ kind: 'indeterminate' });
    expect(stripeError(503, { type: 'api_error', message: 'm' }, {})).toEqual({ kind: 'provider_error', status: 503, code: 'api_error', message: 'm', retryable: true });
    expect(stripeError(503, { type: 'api_error', code: 'lock_timeout', message: 'm' })).toMatchObject({ status: 503, code: 'lock_timeout', retryable: true });
  });

  it('Stripe-Should-Retry: false makes a provider error not retryable', () => {
    expect(stripeError(503, { type: 'api_error', message: 'm' }, { 'stripe-should-retry': 'false' })).toMatchObject({ kind: 'provider_error', retryable: false });
    expect(stripeError(503, { type: 'api_error', message: 'm' }, { 'stripe-should-retry': 'true' })).toMatchObject({ kind: 'provider_error', retryable: true });
  });

  it('no Stripe error object (a proxy spoke, or the body is cut): indeterminate, whatever the status', () => {
    for (const [status, text] of [
      [502, '<html>Bad Gateway</html>'],
      [504, ''],
      [429, 'slow down'],
      [400, '{"message":"not stripe"}'],
      [500, '{"error":"flat"}'],
      [200, '{"id":"pi_1"'],
      [200, '[]'],
    ] as const) {
      expect(classifyResponse(status, new Headers(), text)).toMatchObject({ kind: 'indeterminate' });
    }
  });

  it('1xx/3xx with an error body: indeterminate', () => {
    expect(stripeError(302, { type: 'api_error', message: 'm' })).toMatchObject({ kind: 'indeterminate', reason: 'unexpected HTTP 302' });
  });

  it('Retry-After: seconds only', () => {
    expect(retryAfter('2')).toBe(2000);
    expect(retryAfter(' 0 ')).toBe(0);
    expect(retryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(retryAfter('-1')).toBeUndefined();
    expect(retryAfter(null)).toBeUndefined();
  });
});

describe('the adapter on odd answers', () => {
  const adapterAnswering = (answer: () => Response | Promise<Response>) => {
    const fetch: FetchLike = async () => answer();
    return createStripeAdapter({ baseUrl: 'http://stripe.sim/', apiKey: 'sk_test_x', webhookSecret: 'whsec_x', fetch });
  };
  const request = { paymentId: 'pay_1', merchantReference: 'o1', amount: 100, currency: 'USD', paymentMethod: 'pm_card_visa', capture: 'manual' as const };
  const ctx = { idempotencyKey: 'k', timeoutMs: 1_000 };
  const json = (body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status: 200, headers });

  it('a network error is indeterminate', async () => {
    const adapter = adapterAnswering(() => {
      throw new TypeError('fetch failed: ECONNRESET');
    });
    expect(await adapter.authorize(request, ctx)).toEqual({ kind: 'indeterminate', reason: 'POST /v1/payment_intents: fetch failed: ECONNRESET' });
  });

  it('a body that cannot be read is indeterminate', async () => {
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    const adapter = adapterAnswering(() => new Response(broken, { status: 200 }));
    expect(await adapter.capture({ paymentId: 'p', providerPaymentId: 'pi_1', amount: 1, currency: 'USD' }, ctx)).toMatchObject({ kind: 'indeterminate' });
  });

  it('a 200 that is not the expected object is indeterminate', async () => {
    expect(await adapterAnswering(() => json({ object: 'refund', id: 're_1' })).authorize(request, ctx)).toMatchObject({ kind: 'indeterminate' });
    expect(await adapterAnswering(() => json({ object: 'payment_intent', id: 'pi_1' })).authorize(request, ctx)).toMatchObject({ kind: 'indeterminate' });
    expect(await adapterAnswering(() => json({ object: 'payment_intent', id: 'pi_1', amount: 1, currency: 'usd', status: 'x' })).refund({ ...request, providerPaymentId: 'pi_1' }, ctx)).toMatchObject({
      kind: 'indeterminate',
    });
  });

  it('a 200 replay (Idempotent-Replayed: true) reads like a fresh answer', async () => {
    const pi = { object: 'payment_intent', id: 'pi_1', amount: 100, amount_received: 0, currency: 'usd', status: 'requires_capture' };
    const fresh = await adapterAnswering(() => json(pi)).authorize(request, ctx);
    const replayed = await adapterAnswering(() => json(pi, { 'idempotent-replayed': 'true' })).authorize(request, ctx);
    expect(replayed).toEqual(fresh);
    expect(fresh).toMatchObject({ kind: 'ok' });
  });

  it('an authorization that is neither held nor refused yet (requires_action, processing) is indeterminate', async () => {
    for (const status of ['requires_action', 'processing']) {
      const pi = { object: 'payment_intent', id: 'pi_1', amount: 100, currency: 'usd', status };
      expect(await adapterAnswering(() => json(pi)).authorize(request, ctx)).toEqual({ kind: 'indeterminate', reason: expect.stringContaining(status) });
    }
  });

  it('refund statuses: pending is accepted pending, failed is declined', async () => {
    const refund = (status: string, extra = {}) => json({ object: 'refund', id: 're_1', status, ...extra });
    const modification = { paymentId: 'p', providerPaymentId: 'pi_1', amount: 1, currency: 'USD' };
    expect(await adapterAnswering(() => refund('pending')).refund(modification, ctx)).toEqual({ kind: 'ok', value: { providerReference: 're_1', status: 'pending' } });
    expect(await adapterAnswering(() => refund('failed', { failure_reason: 'lost_or_stolen_card' })).refund(modification, ctx)).toMatchObject({
      kind: 'declined',
      code: 'lost_or_stolen_card',
    });
  });

  it('ids are escaped in the path; a trailing slash in baseUrl is dropped', async () => {
    const urls: string[] = [];
    const fetch: FetchLike = async (input) => {
      urls.push(String(input));
      return new Response('{}', { status: 200 });
    };
    const adapter = createStripeAdapter({ baseUrl: 'http://stripe.sim//', apiKey: 'sk_test_x', webhookSecret: 'whsec_x', fetch });
    await adapter.retrieve('pi_1/../x', { timeoutMs: 1_000 });
    expect(urls).toEqual(['http://stripe.sim/v1/payment_intents/pi_1%2F..%2Fx?expand[]=latest_charge']);
  });
});
