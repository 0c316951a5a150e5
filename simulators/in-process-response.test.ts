import { describe, expect, it } from 'vitest';
import { LightResponse } from './in-process-response.ts';

const Light = LightResponse as unknown as typeof Response;

/** What a caller can observe of a response, read the way `read` reads it. */
async function observe(r: Response, read: (r: Response) => Promise<unknown>) {
  const head = { status: r.status, ok: r.ok, statusText: r.statusText, headers: [...r.headers], type: r.type, redirected: r.redirected };
  const body = await read(r).then((v) => ({ value: v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v instanceof Uint8Array ? new TextDecoder().decode(v) : v }), (e: Error) => ({ error: e.name }));
  const again = await r.text().then(() => 'read again', (e: Error) => e.name);
  return { head, body, bodyUsed: r.bodyUsed, again };
}

const answers: [string, BodyInit | null | undefined, ResponseInit | undefined][] = [
  ['JSON with headers', '{"id":"pi_1","amount":1000}', { status: 200, headers: { 'content-type': 'application/json', 'request-id': 'req_1' } }],
  ['a string without a content type', 'plain words', { status: 402 }],
  ['no body', null, { status: 204, statusText: 'No Content' }],
  ['undefined body and init', undefined, undefined],
  ['Headers object', 'x', { status: 429, headers: new Headers({ 'retry-after': '1' }) }],
  ['a byte body (built at once)', new TextEncoder().encode('bytes'), { status: 201 }],
];
const reads: [string, (r: Response) => Promise<unknown>][] = [
  ['text', (r) => r.text()],
  ['json', (r) => r.json()],
  ['arrayBuffer', (r) => r.arrayBuffer()],
  ['body stream', async (r) => (r.body ? new Response(r.body).text() : null)],
  ['clone then text', async (r) => [await r.clone().text(), await r.text()]],
];

describe('LightResponse answers like a real Response', () => {
  for (const [what, body, init] of answers) {
    for (const [how, read] of reads) {
      it(`${what}, read by ${how}`, async () => {
        expect(await observe(new Light(body, init), read)).toEqual(await observe(new Response(body, init), read));
      });
    }
  }

  it('is a Response to instanceof, and its statics are Response statics', async () => {
    const r = new Light('x');
    expect(r instanceof Response).toBe(true);
    expect(Object.prototype.toString.call(Light.json({ a: 1 }))).toBe(Object.prototype.toString.call(Response.json({ a: 1 })));
    expect(await Light.json({ a: 1 }).json()).toEqual({ a: 1 });
  });

  it('refuses an impossible status as the real one does', () => {
    expect(() => new Response('x', { status: 99 })).toThrow(RangeError);
    expect(() => new Light('x', { status: 99 })).toThrow(RangeError);
  });

  it('takes another response as init (Hono rebuilds c.res so)', async () => {
    const first = new Light('{"a":1}', { status: 201, headers: { 'x-a': '1' } });
    const second = new Light(first.body, first);
    expect(second.status).toBe(201);
    expect(second.headers.get('x-a')).toBe('1');
    expect(await second.json()).toEqual({ a: 1 });
  });

  it('keeps headers set before the real one is built', async () => {
    const r = new Light('x', { status: 200 });
    r.headers.set('x-late', 'yes');
    expect(await new Response(r.body).text()).toBe('x');
    expect(r.headers.get('x-late')).toBe('yes');
  });
});
