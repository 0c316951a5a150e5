import { describe, expect, it } from 'vitest';
import { REPLAYED_HEADER } from './edge.ts';
import { adyenInProcess, paymentRequest, whileTimePasses } from './test-support/in-process.ts';

describe('Idempotency-Key', () => {
  it('replays the first response byte for byte and moves money once', async () => {
    const t = adyenInProcess();
    const first = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'pay-1' });
    const again = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'pay-1' });
    const firstBody = await first.text();
    expect(await again.text()).toBe(firstBody);
    expect(again.status).toBe(first.status);
    expect(first.headers.get('idempotency-key')).toBe('pay-1');
    expect(first.headers.get(REPLAYED_HEADER)).toBeNull();
    expect(again.headers.get(REPLAYED_HEADER)).toBe('true');
    expect(t.sim.kernel.ledger.all()).toHaveLength(1);
    expect(t.sim.kernel.webhooks.listEvents()).toHaveLength(1);
  });

  it('replays even when the retried body differs (Adyen does not compare requests)', async () => {
    const t = adyenInProcess();
    const first = await t.send('/v72/payments', paymentRequest({ reference: 'a' }), { 'idempotency-key': 'pay-1' });
    const again = await t.send('/v72/payments', paymentRequest({ reference: 'b' }), { 'idempotency-key': 'pay-1' });
    expect(await again.text()).toBe(await first.text());
    expect(t.sim.kernel.payments.all()).toHaveLength(1);
  });

  it('scopes keys to the API key (the company account)', async () => {
    const t = adyenInProcess();
    await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'shared' });
    await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'shared', 'x-api-key': 'another-company' });
    expect(t.sim.kernel.payments.all()).toHaveLength(2);
  });

  it('accepts 64 characters and refuses 65 with 422, storing nothing', async () => {
    const t = adyenInProcess();
    expect((await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'k'.repeat(64) })).status).toBe(200);
    const long = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'k'.repeat(65) });
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({ status: 422, errorType: 'validation' });
    expect(t.sim.kernel.payments.all()).toHaveLength(1);
  });

  it('answers a key still in use with the transient error 704 and transient-error: true', async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.payments' }, times: 1, effect: { type: 'latency', ms: 2000 } }] });
    const slow = t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'busy' });
    await Promise.resolve();
    const concurrent = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'busy' });
    expect(concurrent.status).toBe(409);
    expect(concurrent.headers.get('transient-error')).toBe('true');
    expect(await concurrent.json()).toMatchObject({ errorCode: '704', message: 'request already processed or in progress' });
    const done = await whileTimePasses(t.clock, slow);
    expect(done.status).toBe(200);
    expect(t.sim.kernel.payments.all()).toHaveLength(1);
    const retry = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'busy' });
    expect(retry.headers.get(REPLAYED_HEADER)).toBe('true');
  });

  it('does not save a validation error: the corrected retry with the same key executes', async () => {
    const t = adyenInProcess();
    const bad = await t.send('/v72/payments', paymentRequest({ amount: { value: -1, currency: 'EUR' } }), { 'idempotency-key': 'fix-me' });
    expect(bad.status).toBe(422);
    const good = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'fix-me' });
    expect(good.status).toBe(200);
    expect(good.headers.get(REPLAYED_HEADER)).toBeNull();
    expect(t.sim.kernel.ledger.all()).toHaveLength(1);
  });

  it('does not save an injected error: the retry with the same key executes', async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ times: 1, effect: { type: 'error', status: 500 } }] });
    expect((await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'k' })).status).toBe(500);
    const retry = await t.send('/v72/payments', paymentRequest(), { 'idempotency-key': 'k' });
    expect(retry.status).toBe(200);
    expect(t.sim.kernel.ledger.all()).toHaveLength(1);
  });

  it('replays a modification: one capture however often it is retried', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay();
    const bodies = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await t.send(`/v72/payments/${json.pspReference}/captures`, { merchantAccount: 'GauntletECOM', amount: { value: 1000, currency: 'EUR' } }, { 'idempotency-key': 'cap' });
      bodies.add(await r.text());
    }
    expect(bodies.size).toBe(1);
    expect(t.sim.kernel.ledger.forPayment(json.pspReference).filter((m) => m.kind === 'capture')).toHaveLength(1);
  });
});
