// Bodies at the routes: read as JSON whatever the Content-Type says, refused in the core's own
// error shape with the field named and nothing stored, and an empty body is no body.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const order = { amount: 2500, currency: 'EUR', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-vb' };
let keys = 0;
async function post(path: string, body: string | undefined, contentType?: string) {
  const headers: Record<string, string> = { 'idempotency-key': `vb-${++keys}`, ...(contentType ? { 'content-type': contentType } : {}) };
  const res = await w.core.app.fetch(new Request(`http://core.sim${path}`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) }));
  return { status: res.status, body: (await res.json()) as { id?: string; status?: string; amounts?: { captured: number }; error?: Record<string, unknown> } };
}

describe('merchant API bodies at the routes', () => {
  it('answers a bad body with a 400 in the core shape, naming the field, storing nothing', async () => {
    w = await coreWorld();
    const r = await post('/v1/payments', JSON.stringify({ ...order, capture: 'later' }), 'application/json');
    expect(r).toEqual({ status: 400, body: { error: { type: 'invalid_request', code: 'parameter_invalid', message: 'capture must be manual or automatic', param: 'capture' } } });
    const unknown = await post('/v1/payments', JSON.stringify({ ...order, tip: 5 }), 'application/json');
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'tip' });
    expect(await w.db.query('SELECT id FROM payments')).toEqual([]);
    expect(await w.db.query('SELECT key FROM idempotency_keys')).toEqual([]);
  });

  it('reads a body as JSON under any Content-Type: a partial capture stays partial', async () => {
    w = await coreWorld();
    const created = await post('/v1/payments', JSON.stringify(order), 'text/plain');
    expect(created.status).toBe(201);
    const captured = await post(`/v1/payments/${created.body.id}/captures`, JSON.stringify({ amount: 1000 }), undefined);
    expect(captured.body).toMatchObject({ status: 'partially_captured', amounts: { captured: 1000 } });
  });

  it('takes an empty body as no body (void), and refuses text that is not JSON in the core shape', async () => {
    w = await coreWorld();
    const created = await post('/v1/payments', JSON.stringify(order), 'application/json');
    expect((await post(`/v1/payments/${created.body.id}/void`, undefined, 'application/json')).body.status).toBe('voided');
    const bad = await post(`/v1/payments/${created.body.id}/void`, '{oops', 'application/json');
    expect(bad).toEqual({ status: 400, body: { error: { type: 'invalid_request', code: 'body_invalid', message: 'The body is not valid JSON' } } });
  });

  it('fingerprints the body as sent, not as folded: the same key with another spelling is another request', async () => {
    w = await coreWorld();
    const send = (currency: string) => w.api('POST', '/v1/payments', { ...order, currency }, 'vb-same-key');
    expect((await send('EUR')).status).toBe(201);
    expect((await send('EUR')).headers.get('idempotent-replayed')).toBe('true');
    expect((await send('eur')).body.error).toMatchObject({ code: 'idempotency_key_reused' });
  });
});
