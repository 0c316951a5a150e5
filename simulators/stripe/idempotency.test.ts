// What is saved under an Idempotency-Key and what is not, in process.
import { describe, expect, it } from 'vitest';
import type { FormObject } from './form.ts';
import { formFingerprint } from './idempotency.ts';
import { inProcess } from './test-support.ts';

const key = (k: string) => ({ 'idempotency-key': k });

describe('Stripe idempotency', () => {
  it('replays status, body and Original-Request byte for byte', async () => {
    const h = inProcess(1);
    const params = { amount: 100, currency: 'usd', metadata: { reference: 'r1' } };
    const a = await h.call('POST', '/v1/payment_intents', params, key('k1'));
    const b = await h.call('POST', '/v1/payment_intents', params, key('k1'));
    expect(b.status).toBe(a.status);
    expect(await b.text()).toBe(await a.text());
    expect(b.headers.get('original-request')).toBe(a.headers.get('request-id'));
    expect(b.headers.get('idempotency-key')).toBe('k1');
    expect(h.sim.kernel.payments.all()).toHaveLength(1);
  });

  it('parameter order does not make a different request', async () => {
    const h = inProcess(2);
    await h.call('POST', '/v1/payment_intents', 'amount=100&currency=usd&metadata[a]=1&metadata[b]=2', key('k2'));
    const again = await h.call('POST', '/v1/payment_intents', 'metadata[b]=2&currency=usd&metadata[a]=1&amount=100', key('k2'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('a validation failure is not saved: the key then runs a valid request', async () => {
    const h = inProcess(3);
    const bad = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', payment_method: 'pm_card_nope', confirm: true }, key('k3'));
    expect(bad.status).toBe(400);
    expect(h.sim.kernel.idempotency.size()).toBe(0);
    const good = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, key('k3'));
    expect(good.status).toBe(200);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a state refusal is the endpoint’s answer and is saved', async () => {
    const h = inProcess(4);
    const pi = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' });
    const first = await h.json('POST', `/v1/payment_intents/${pi.body.id}/capture`, {}, key('k4'));
    expect(first.body.error.code).toBe('payment_intent_unexpected_state');
    expect(first.body.error.payment_intent.id).toBe(pi.body.id);
    const again = await h.json('POST', `/v1/payment_intents/${pi.body.id}/capture`, {}, key('k4'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keys are scoped per API key', async () => {
    const h = inProcess(5);
    await h.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, key('shared'));
    const other = await h.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, { ...key('shared'), authorization: 'Bearer sk_test_other' });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(h.sim.kernel.payments.all()).toHaveLength(2);
  });

  it('the same key on another endpoint is an idempotency_error', async () => {
    const h = inProcess(6);
    await h.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' }, key('k6'));
    const res = await h.json('POST', '/v1/webhook_endpoints', { url: 'http://x.test/', enabled_events: ['*'] }, key('k6'));
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('idempotency_error');
  });

  it('GET ignores the header', async () => {
    const h = inProcess(7);
    const a = await h.call('GET', '/v1/payment_intents', {}, key('k7'));
    await h.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' });
    const b = await h.json('GET', '/v1/payment_intents', {}, key('k7'));
    expect(a.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.data).toHaveLength(1);
  });

  it('the ledger records the request id and key that moved the money', async () => {
    const h = inProcess(8);
    const res = await h.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, key('k8'));
    const requestId = res.headers.get('request-id');
    expect(h.sim.kernel.ledger.all().map((m) => [m.kind, m.requestId, m.idempotencyKey])).toEqual([
      ['authorization', requestId, 'k8'],
      ['capture', requestId, 'k8'],
    ]);
  });
});

describe('formFingerprint', () => {
  it('ignores key order and keeps list order', () => {
    expect(formFingerprint('POST', '/v1/x', { a: '1', m: { x: '1', y: '2' } })).toBe(formFingerprint('POST', '/v1/x', { m: { y: '2', x: '1' }, a: '1' }));
    expect(formFingerprint('POST', '/v1/x', { e: ['a', 'b'] })).not.toBe(formFingerprint('POST', '/v1/x', { e: ['b', 'a'] }));
  });

  it('tells apart parameters a naive join would confuse', () => {
    const distinct: FormObject[] = [
      { a: 'b1:c' },
      { a: 'b', c: '' },
      { 'a1:b': '' },
      { a: ['b', 'c'] },
      { a: ['bc'] },
      { a: { b: 'c' } },
      { a: '[1:b]' },
      { a: '' },
      {},
    ];
    const prints = distinct.map((p) => formFingerprint('POST', '/v1/x', p));
    expect(new Set(prints).size).toBe(distinct.length);
    expect(formFingerprint('POST', '/v1/x', {})).not.toBe(formFingerprint('POST', '/v1/y', {}));
  });
});
