// The body limit answers from Content-Length when there is one (the served path) and counts the
// bytes when there is none (a Request built in process, a chunked upload): both refuse past the
// limit, both let a normal body through whole.
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { serveSimulator, type RunningSimulator } from '../serve.ts';
import { MAX_BODY_BYTES, limitBody } from './limits.ts';

function app(): Hono {
  const a = new Hono();
  a.use('*', limitBody(() => new Response('too large', { status: 413 })));
  a.post('/echo', async (c) => c.text(String((await c.req.text()).length)));
  a.get('/echo', (c) => c.text('get'));
  return a;
}

const big = 'x'.repeat(MAX_BODY_BYTES + 1);
const fits = 'x'.repeat(MAX_BODY_BYTES);

describe('limitBody', () => {
  let served: RunningSimulator | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('in process (no Content-Length): refuses one byte over, passes the limit itself whole', async () => {
    const a = app();
    expect((await a.request('/echo', { method: 'POST', body: big })).status).toBe(413);
    const ok = await a.request('/echo', { method: 'POST', body: fits });
    expect([ok.status, await ok.text()]).toEqual([200, String(MAX_BODY_BYTES)]);
    expect(await (await a.request('/echo')).text()).toBe('get');
  });

  it('over HTTP (Content-Length, and chunked): refuses one byte over, passes the limit itself whole', async () => {
    served = await serveSimulator({ app: app() });
    const post = (body: BodyInit, init: RequestInit = {}) => fetch(`${served!.url}/echo`, { method: 'POST', body, ...init });
    expect((await post(big)).status).toBe(413);
    const ok = await post(fits);
    expect([ok.status, await ok.text()]).toEqual([200, String(MAX_BODY_BYTES)]);
    // A stream body goes out chunked, with no Content-Length: counted as it arrives.
    const stream = (text: string) => new Blob([text]).stream();
    expect((await post(stream(big), { duplex: 'half' } as RequestInit)).status).toBe(413);
    const chunkedOk = await post(stream('amount=1'), { duplex: 'half' } as RequestInit);
    expect([chunkedOk.status, await chunkedOk.text()]).toEqual([200, '8']);
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const res = await app().request('/echo', { method: 'POST', headers: { 'content-length': String(MAX_BODY_BYTES + 1) }, body: 'short' });
    expect(res.status).toBe(413);
  });
});
