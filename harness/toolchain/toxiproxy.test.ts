// Drives the REAL toxiproxy-server (installed by `make setup`) through toxiproxy-node-client.
import { request, createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Proxy, Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDocker } from './docker.ts';
import { resolveToxiproxy, type ToxiproxyHandle } from './toxiproxy.ts';

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** One GET on a fresh connection (no keep-alive, so every request meets the current toxics). */
function get(url: string, timeoutMs = 5_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

describe('resolveToxiproxy with the real binary', () => {
  let handle: ToxiproxyHandle;
  let upstream: Server;
  let upstreamPort: number;
  let toxiproxy: Toxiproxy;
  let proxy: Proxy;

  beforeAll(async () => {
    upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('pong'));
    upstreamPort = await listenOnLoopback(upstream);
    // Fails with the install instructions when the binary is missing: run `make setup`.
    handle = await resolveToxiproxy({ sources: ['binary'] });
    toxiproxy = new Toxiproxy(handle.url);
    proxy = await toxiproxy.createProxy({
      name: 'psp',
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${upstreamPort}`,
    });
  });

  afterAll(async () => {
    await handle?.stop();
    await new Promise((r) => upstream?.close(r));
  });

  it('spawns the pinned server on a loopback port', async () => {
    expect(handle.source).toBe('binary');
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(handle.version).toBe('2.12.0');
    expect(await toxiproxy.getVersion()).toContain('2.12.0');
    expect(handle.pid).toBeGreaterThan(0);
    expect(isAlive(handle.pid!)).toBe(true);
  });

  it('passes traffic through a proxy', async () => {
    expect(proxy.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect(await get(`http://${proxy.listen}/`)).toEqual({ status: 200, body: 'pong' });
  });

  it('applies a latency toxic', async () => {
    const toxic = await proxy.addToxic({
      name: 'slow',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 300, jitter: 0 },
    });
    try {
      const listed = await proxy.getToxic<{ latency: number }>('slow');
      expect(listed.type).toBe('latency');
      expect(listed.attributes.latency).toBe(300);
      const started = performance.now();
      expect(await get(`http://${proxy.listen}/`)).toEqual({ status: 200, body: 'pong' });
      // Loose lower bound only: the response cannot beat the injected delay.
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      await toxic.remove();
    }
  });

  it('fails requests under a timeout toxic', async () => {
    const toxic = await proxy.addToxic({
      name: 'blackhole',
      type: 'timeout',
      stream: 'downstream',
      toxicity: 1,
      attributes: { timeout: 100 },
    });
    try {
      await expect(get(`http://${proxy.listen}/`)).rejects.toThrow();
    } finally {
      await toxic.remove();
    }
    expect(await get(`http://${proxy.listen}/`)).toEqual({ status: 200, body: 'pong' });
  });

  it('fails requests under a reset_peer toxic', async () => {
    const toxic = await proxy.addToxic({
      name: 'rst',
      type: 'reset_peer',
      stream: 'upstream',
      toxicity: 1,
      attributes: { timeout: 0 },
    });
    try {
      await expect(get(`http://${proxy.listen}/`)).rejects.toThrow(/ECONNRESET|socket hang up/);
    } finally {
      await toxic.remove();
    }
    expect(await get(`http://${proxy.listen}/`)).toEqual({ status: 200, body: 'pong' });
  });

  it('is reused through TOXIPROXY_URL, and that handle leaves the server running', async () => {
    const viaEnv = await resolveToxiproxy({ env: { ...process.env, TOXIPROXY_URL: `${handle.url}/` } });
    expect(viaEnv).toMatchObject({ source: 'env', url: handle.url, version: '2.12.0' });
    expect(Object.keys(await new Toxiproxy(viaEnv.url).getAll())).toContain('psp');
    await viaEnv.stop();
    expect(isAlive(handle.pid!)).toBe(true);
    expect(await toxiproxy.getVersion()).toContain('2.12.0');
  });
});

describe('resolveToxiproxy lifecycle', () => {
  it('stop() ends the spawned process and waits for it', async () => {
    const handle = await resolveToxiproxy({ sources: ['binary'] });
    const pid = handle.pid!;
    expect(isAlive(pid)).toBe(true);
    await handle.stop();
    expect(isAlive(pid)).toBe(false);
    await expect(fetch(`${handle.url}/version`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    await handle.stop(); // twice is fine
  });

  it('rejects a TOXIPROXY_URL that does not answer', async () => {
    const server = createServer();
    const port = await listenOnLoopback(server);
    await new Promise((r) => server.close(r)); // the port is now closed
    await expect(
      resolveToxiproxy({ env: { ...process.env, TOXIPROXY_URL: `http://127.0.0.1:${port}` } }),
    ).rejects.toThrow(/TOXIPROXY_URL=http:\/\/127\.0\.0\.1:\d+ does not answer GET \/version/);
  });

  it('without binary or Docker, says exactly how to install', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'gauntlet-no-tools-'));
    try {
      const attempt = resolveToxiproxy({
        env: { HOME: empty, GAUNTLET_TOOLS_DIR: empty, PATH: empty },
        detectDocker: async () => ({ available: false, detail: 'no daemon (test)' }),
      });
      await expect(attempt).rejects.toThrow(/make setup/);
      await expect(attempt).rejects.toThrow(
        `GOBIN=${empty}/bin go install -ldflags '-X github.com/Shopify/toxiproxy/v2.Version=2.12.0' github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0`,
      );
      await expect(attempt).rejects.toThrow(/TOXIPROXY_URL: not set/);
      await expect(attempt).rejects.toThrow(/Docker not available \(no daemon \(test\)\)/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

const docker = await detectDocker();
if (!docker.available) {
  console.warn(`[toxiproxy] container path SKIPPED: Docker not available (${docker.detail})`);
}

describe('resolveToxiproxy with a container', () => {
  it.skipIf(!docker.available)(
    `starts ${'ghcr.io/shopify/toxiproxy:2.12.0'}${docker.available ? '' : ' (skipped: Docker not available)'}`,
    async () => {
      const handle = await resolveToxiproxy({ sources: ['container'], startTimeoutMs: 120_000 });
      try {
        expect(handle.source).toBe('container');
        expect(handle.version).toBe('2.12.0');
        expect(await new Toxiproxy(handle.url).getVersion()).toContain('2.12.0');
      } finally {
        await handle.stop();
      }
    },
    180_000,
  );
});
