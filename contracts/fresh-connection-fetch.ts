// A fetch for consumer tests that opens a new connection for every request. Each test gets its
// own Pact mock server, and the OS may hand a just-closed server's port to the next one: the
// global fetch's keep-alive pool could then send the request down a connection to the dead
// server. It also answers only once the mock server has recorded the request
// (mock-server-record.ts): that, not the connection, was the cause of the consumer tests' flaky
// "expected but not received".
import { request } from 'node:http';
import { mockServerBarrier } from './mock-server-record.ts';

export const freshConnectionFetch: typeof globalThis.fetch = async (input, init) => {
  const req = new Request(input, init);
  const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  return mockServerBarrier.recordedByMockServer(Number(url.port), () => send(url, req.method, headers, body, init?.signal ?? undefined));
};

function send(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const r = request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers: { ...headers, connection: 'close' }, agent: false, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 0;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      },
    );
    r.on('error', reject);
    if (body) r.write(body);
    r.end();
  });
}
