// Bad input, table-driven: Stripe's error shape and status, nothing stored, the server keeps serving.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../kernel/index.ts';
import { inProcess, type Harness } from './test-support.ts';

let h: Harness;
let pi: string;

beforeAll(async () => {
  h = inProcess(9);
  const res = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
  pi = res.body.id;
});

interface Case {
  name: string;
  method?: 'GET' | 'POST' | 'DELETE';
  path?: string | (() => string);
  body?: string | (() => string);
  headers?: Record<string, string>;
  status: number;
  code?: string;
  param?: string;
}

const CREATE = '/v1/payment_intents';
const CASES: Case[] = [
  { name: 'negative amount', body: 'amount=-100&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'zero amount', body: 'amount=0&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'fractional amount', body: 'amount=12.5&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'exponent amount', body: 'amount=1e3&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'amount with spaces', body: 'amount=+100&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'overflowing amount', body: 'amount=99999999999999999999&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'amount above the maximum', body: 'amount=100000000&currency=usd', status: 400, code: 'amount_too_large', param: 'amount' },
  { name: 'amount as a list', body: 'amount[]=1&currency=usd', status: 400, code: 'parameter_invalid_integer', param: 'amount' },
  { name: 'missing amount', body: 'currency=usd', status: 400, code: 'parameter_missing', param: 'amount' },
  { name: 'missing currency', body: 'amount=100', status: 400, code: 'parameter_missing', param: 'currency' },
  { name: 'unknown currency', body: 'amount=100&currency=xyz', status: 400, param: 'currency' },
  { name: 'currency not 3 letters', body: 'amount=100&currency=usdollar', status: 400, param: 'currency' },
  { name: 'unknown parameter', body: 'amount=100&currency=usd&foo=1', status: 400, code: 'parameter_unknown', param: 'foo' },
  { name: 'unknown nested parameter', body: 'amount=100&currency=usd&automatic_payment_methods[foo]=1', status: 400, code: 'parameter_unknown', param: 'automatic_payment_methods[foo]' },
  { name: 'nested metadata value', body: 'amount=100&currency=usd&metadata[a][b]=1', status: 400, param: 'metadata[a]' },
  { name: 'bad capture_method', body: 'amount=100&currency=usd&capture_method=later', status: 400, param: 'capture_method' },
  { name: 'bad boolean', body: 'amount=100&currency=usd&confirm=maybe', status: 400, param: 'confirm' },
  { name: 'confirm without a payment method', body: 'amount=100&currency=usd&confirm=true', status: 400, code: 'parameter_missing', param: 'payment_method' },
  { name: 'unknown payment method', body: 'amount=100&currency=usd&payment_method=pm_card_unknown', status: 400, code: 'resource_missing', param: 'payment_method' },
  { name: 'unexpandable field', body: 'amount=100&currency=usd&expand[]=customer', status: 400, param: 'expand[0]' },
  { name: 'malformed percent-encoding', body: 'amount=%ZZ&currency=usd', status: 400 },
  { name: 'duplicate parameter', body: 'amount=100&amount=200&currency=usd', status: 400, param: 'amount' },
  { name: 'value and hash under one name', body: 'amount=100&currency=usd&metadata=x&metadata[a]=1', status: 400, param: 'metadata[a]' },
  { name: 'malformed parameter name', body: 'amount=100&currency=usd&a]b=1', status: 400 },
  { name: 'JSON body', body: '{"amount":100,"currency":"usd"}', headers: { 'content-type': 'application/json' }, status: 400 },
  { name: 'oversize body', body: `amount=100&currency=usd&description=${'x'.repeat(MAX_BODY_BYTES)}`, status: 413 },
  { name: 'idempotency key too long', body: 'amount=100&currency=usd', headers: { 'idempotency-key': 'k'.repeat(256) }, status: 400 },
  { name: 'list limit 0', method: 'GET', path: `${CREATE}?limit=0`, status: 400, code: 'parameter_invalid_integer', param: 'limit' },
  { name: 'list limit 101', method: 'GET', path: `${CREATE}?limit=101`, status: 400, code: 'parameter_invalid_integer', param: 'limit' },
  { name: 'list with unknown cursor', method: 'GET', path: `${CREATE}?starting_after=pi_nope`, status: 400, code: 'resource_missing', param: 'starting_after' },
  { name: 'list with unknown query parameter', method: 'GET', path: `${CREATE}?colour=red`, status: 400, code: 'parameter_unknown', param: 'colour' },
  { name: 'capture an unknown PaymentIntent', path: '/v1/payment_intents/pi_nope/capture', body: '', status: 404, code: 'resource_missing', param: 'intent' },
  { name: 'capture zero', path: () => `/v1/payment_intents/${pi}/capture`, body: 'amount_to_capture=0', status: 400, param: 'amount_to_capture' },
  { name: 'refund without a target', path: '/v1/refunds', body: 'amount=100', status: 400, code: 'parameter_missing' },
  { name: 'refund an unknown PaymentIntent', path: '/v1/refunds', body: 'payment_intent=pi_nope', status: 400, code: 'resource_missing', param: 'payment_intent' },
  { name: 'refund a negative amount', path: '/v1/refunds', body: () => `payment_intent=${pi}&amount=-5`, status: 400, param: 'amount' },
  { name: 'unknown route', path: '/v1/payment_intents/pi_x/explode', body: '', status: 404 },
  { name: 'unknown method on a route', method: 'DELETE', path: CREATE, status: 404 },
];

function snapshot() {
  return {
    payments: h.sim.kernel.payments.all().length,
    ledger: h.sim.kernel.ledger.all().length,
    events: h.sim.kernel.webhooks.listEvents().length,
    keys: h.sim.kernel.idempotency.size(),
  };
}

describe('bad input', () => {
  it.each(CASES)('$name → $status', async (c) => {
    const before = snapshot();
    const path = typeof c.path === 'function' ? c.path() : (c.path ?? CREATE);
    const body = typeof c.body === 'function' ? c.body() : c.body;
    const res = await h.json(c.method ?? 'POST', path, body ?? '', c.headers);
    expect(res.status).toBe(c.status);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.any(String) });
    if (c.code) expect(res.body.error.code).toBe(c.code);
    if (c.param) expect(res.body.error.param).toBe(c.param);
    expect(snapshot()).toEqual(before);
    expect((await h.call('GET', CREATE, { limit: 1 })).status).toBe(200);
  });

  it('a handler that throws becomes a 500 api_error, and the server keeps serving', async () => {
    const payments = h.sim.kernel.payments;
    const original = payments.capturable.bind(payments);
    payments.capturable = () => {
      throw new Error('boom');
    };
    try {
      const res = await h.json('GET', `/v1/payment_intents/${pi}`);
      expect(res.status).toBe(500);
      expect(res.body.error).toMatchObject({ type: 'api_error' });
    } finally {
      payments.capturable = original;
    }
    expect((await h.json('GET', `/v1/payment_intents/${pi}`)).status).toBe(200);
  });
});
