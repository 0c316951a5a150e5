import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { hopSignal, inProcessRequest } from './in-process-request.ts';

describe('inProcessRequest', () => {
  it('is a Request to whoever asks, with the method, URL and headers it was sent with', () => {
    const r = inProcessRequest('http://stripe.sim/v1/x?a=1', { method: 'post', headers: { 'idempotency-key': 'k1' }, body: 'a=1' });
    expect(r).toBeInstanceOf(Request);
    expect(r.method).toBe('POST');
    expect(r.url).toBe('http://stripe.sim/v1/x?a=1');
    expect(r.headers.get('idempotency-key')).toBe('k1');
  });

  it('declares the Content-Length a client sends with a string body (bytes, not characters)', () => {
    const r = inProcessRequest('http://core.sim/v1/payments', { method: 'POST', body: '{"name":"Zoë"}' });
    expect(r.headers.get('content-length')).toBe(String(Buffer.byteLength('{"name":"Zoë"}')));
    expect(r.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
  });

  it('reads its body once, as text or JSON; a second read fails as on a real Request', async () => {
    const r = inProcessRequest('http://core.sim/', { method: 'POST', body: '{"a":1}' });
    expect(await r.json()).toEqual({ a: 1 });
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow(TypeError);
    const real = new Request('http://core.sim/', { method: 'POST', body: '{"a":1}' });
    await real.json();
    await expect(real.text()).rejects.toThrow(TypeError);
  });

  it('answers everything else from a real Request built on first use', async () => {
    const r = inProcessRequest('http://adyen.sim/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2' });
    const copy = r.clone();
    expect(await copy.text()).toBe('a=1&b=2');
    const form = await r.formData();
    expect(form.get('b')).toBe('2');
    expect(r.body === null).toBe(false);
  });

  it('refuses what a real Request refuses (a GET with a body)', () => {
    expect(() => inProcessRequest('http://core.sim/', { method: 'GET', body: 'x' })).toThrow(TypeError);
  });

  it('keeps the signal it was sent with', () => {
    const controller = new AbortController();
    const r = inProcessRequest('http://core.sim/', { signal: controller.signal });
    expect(hopSignal(r)).toBe(controller.signal);
    controller.abort();
    expect(r.signal.aborted).toBe(true);
  });

  it('serves a Hono app as a real Request does: route, headers, JSON body, body limit by Content-Length', async () => {
    const app = new Hono();
    app.post('/echo/:id', async (c) => c.json({ id: c.req.param('id'), key: c.req.header('idempotency-key'), body: await c.req.json(), length: c.req.header('content-length') }));
    const init = { method: 'POST', headers: { 'idempotency-key': 'k' }, body: JSON.stringify({ amount: 1000 }) };
    const light = await (await app.fetch(inProcessRequest('http://x.sim/echo/p1', init))).json();
    const real = (await (await app.fetch(new Request('http://x.sim/echo/p1', init))).json()) as Record<string, unknown>;
    expect(light).toEqual({ ...real, length: String(init.body.length) });
  });
});
