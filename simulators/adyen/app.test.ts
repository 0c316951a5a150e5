import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../kernel/index.ts';
import { API_KEY, adyenInProcess, paymentRequest } from './test-support/in-process.ts';

describe('the Checkout host', () => {
  it('requires x-api-key before routing: 401 for no key, even on an unknown path', async () => {
    const t = adyenInProcess();
    for (const path of ['/v72/payments', '/v72/not-a-route']) {
      const res = await t.sim.app.fetch(new Request(`http://adyen.test${path}`, { method: 'POST', body: '{}' }));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ status: 401, errorCode: '000', message: 'HTTP Status Response - Unauthorized', errorType: 'security' });
    }
  });

  it('checks the key against the configured one', async () => {
    const t = adyenInProcess({ apiKey: 'the-right-key' });
    expect((await t.send('/v72/payments', paymentRequest(), { 'x-api-key': 'a-wrong-key' })).status).toBe(401);
    expect((await t.send('/v72/payments', paymentRequest(), { 'x-api-key': 'the-right-key' })).status).toBe(200);
  });

  it('accepts any non-empty key when none is configured', async () => {
    const t = adyenInProcess();
    expect((await t.send('/v72/payments', paymentRequest(), { 'x-api-key': API_KEY + '-other' })).status).toBe(200);
    expect((await t.send('/v72/payments', paymentRequest(), { 'x-api-key': '' })).status).toBe(401);
  });

  it("answers unknown routes and methods with 404 in Adyen's shape", async () => {
    const t = adyenInProcess();
    const get = await t.sim.app.fetch(new Request('http://adyen.test/v72/payments', { headers: { 'x-api-key': API_KEY } }));
    expect(get.status).toBe(404);
    expect(await get.json()).toMatchObject({ status: 404, errorCode: '000', errorType: 'security' });
    expect((await t.send('/v72/payments/ABC/refundz', {})).status).toBe(404);
  });

  it("refuses a body over the limit with 413 in Adyen's shape", async () => {
    const t = adyenInProcess();
    const res = await t.send('/v72/payments', JSON.stringify({ ...paymentRequest(), pad: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, errorType: 'validation' });
    expect(t.sim.kernel.payments.all()).toHaveLength(0);
  });

  it("turns an unexpected failure into a 500 in Adyen's shape, stores nothing, and keeps serving", async () => {
    const t = adyenInProcess();
    const book = t.sim.kernel.payments;
    const create = book.create.bind(book);
    book.create = () => {
      throw new Error('disk on fire');
    };
    const res = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'k' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ status: 500, errorCode: '903', errorType: 'internal' });
    book.create = create;
    const after = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'k' });
    expect(after.status).toBe(200);
    expect(t.sim.kernel.ledger.all()).toHaveLength(1);
  });

  it('answers 503 when the simulator holds its maximum of payments', async () => {
    const t = adyenInProcess({ maxPayments: 1 });
    expect((await t.pay()).res.status).toBe(200);
    const full = await t.pay();
    expect(full.res.status).toBe(503);
    expect(full.json).toMatchObject({ errorType: 'internal' });
  });

  it('serves the control API without an API key, in its own error shape', async () => {
    const t = adyenInProcess();
    const ledger = await t.sim.app.fetch(new Request('http://adyen.test/__gauntlet/ledger'));
    expect(ledger.status).toBe(200);
    expect(await ledger.json()).toEqual({ provider: 'adyen', movements: [] });
    const missing = await t.sim.app.fetch(new Request('http://adyen.test/__gauntlet/nothing'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty('error.message');
  });

  it('sets faults over the control API', async () => {
    const t = adyenInProcess();
    const put = await t.sim.app.fetch(
      new Request('http://adyen.test/__gauntlet/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules: [{ match: { operation: 'adyen.payments' }, effect: { type: 'rate_limit' } }] }),
      }),
    );
    expect(put.status).toBe(200);
    expect((await t.pay()).res.status).toBe(429);
  });

  it('rejects a simulator built with a key that is not hex', async () => {
    expect(() => adyenInProcess({ hmacKey: 'secret' })).toThrow(/hex/);
  });
});
