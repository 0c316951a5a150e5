import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDocker } from './docker.ts';

let root: string;
const servers: Server[] = [];

/** A fake daemon on a unix socket answering /_ping with `status`. */
async function fakeDaemon(name: string, status: number): Promise<string> {
  const socketPath = join(root, name);
  const server = createServer((_req, res) => {
    res.writeHead(status).end(status === 200 ? 'OK' : 'nope');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return socketPath;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gauntlet-docker-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await rm(root, { recursive: true, force: true });
});

describe('detectDocker', () => {
  it('answers for this machine within a few seconds, with a reason', async () => {
    const started = performance.now();
    const status = await detectDocker();
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(typeof status.available).toBe('boolean');
    expect(status.detail.length).toBeGreaterThan(0);
  });

  it('says no when DOCKER_HOST points at nothing', async () => {
    const status = await detectDocker({ env: { DOCKER_HOST: `unix://${join(root, 'missing.sock')}`, PATH: '' } });
    expect(status.available).toBe(false);
    expect(status.detail).toMatch(/missing\.sock: ENOENT/);
    expect(status.detail).toMatch(/no docker CLI/);
  });

  it('says yes when the daemon at DOCKER_HOST answers /_ping', async () => {
    const socket = await fakeDaemon('ok.sock', 200);
    const status = await detectDocker({ env: { DOCKER_HOST: `unix://${socket}`, PATH: '' } });
    expect(status).toEqual({ available: true, detail: `daemon answered at unix://${socket}`, endpoint: `unix://${socket}` });
  });

  it('says no when the daemon answers an error', async () => {
    const socket = await fakeDaemon('sick.sock', 500);
    const status = await detectDocker({ env: { DOCKER_HOST: `unix://${socket}`, PATH: '' } });
    expect(status.available).toBe(false);
    expect(status.detail).toContain('HTTP 500');
  });

  it('says no, quickly, when no socket exists and there is no CLI', async () => {
    const status = await detectDocker({ env: { HOME: root, PATH: '' } });
    // /var/run/docker.sock may exist on a developer's machine; only assert on machines without one.
    if (!status.available) expect(status.detail).toMatch(/no docker CLI on PATH/);
  });
});
