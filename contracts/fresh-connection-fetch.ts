// A fetch for consumer tests that opens a new connection for every request. Each test gets its
// own Pact mock server, and the OS may hand a just-closed server's port to the next one: the
// global fetch's keep-alive pool would then send the request down a connection to the dead
// server, and the new mock would never see it (a flaky "expected but not received").
import { request } from 'node:http';

export const freshConnectionFetch: typeof globalThis.fetch = async (input, init) => {
  const req = new Request(input, init);
  const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  return new Promise<Response>((resolve, reject) => {
    const r = request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers: { ...headers, connection: 'close' }, agent: false, signal: init?.signal ?? undefined },
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
};
