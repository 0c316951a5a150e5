import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { ContainersUnavailable, parseEnvFlag, prepareEnvironment } from '../cli/env.ts';
import { PROXY_NAMES } from '../live/up.ts';
import { parseWorldDescription } from '../live/world-control.ts';
import { TOXIPROXY_IMAGE } from '../toolchain/index.ts';
import { type ContainerEnvironment, detectContainerRuntime, LOCAL_POSTGRES, POSTGRES_IMAGE, startContainerEnvironment, withContainerEnvironment } from './index.ts';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const runtime = await detectContainerRuntime();
if (!runtime.available) console.warn(`[containers] container tests SKIPPED: ${runtime.reason}`);

/** A stand-in environment: what prepareEnvironment and withContainerEnvironment do around it. */
function fakeEnvironment(): ContainerEnvironment & { stops: number } {
  const env = {
    toxiproxyUrl: 'http://127.0.0.1:1',
    databaseUrl: 'postgres://gauntlet:x@127.0.0.1:2/gauntlet',
    toxiproxyNetwork: 'host' as const,
    proxyPorts: new Map<number, number>(),
    upstreamFor: async (p: number) => `127.0.0.1:${p}`,
    stops: 0,
    stop: async () => void (env.stops += 1),
  };
  return env;
}

describe('container runtime detection', () => {
  it('says unavailable, naming Docker, when there is no engine', async () => {
    // An environment with no socket, no CLI: the same answer on every machine.
    const r = await detectContainerRuntime({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', PATH: '', HOME: '/nonexistent' } });
    expect(r.available).toBe(false);
    if (!r.available) expect(r.reason).toMatch(/Docker/);
  });

  it.skipIf(runtime.available)(`on this machine: unavailable with a reason naming Docker${runtime.available ? ' (skipped: Docker is available here)' : ''}`, () => {
    expect(runtime.available).toBe(false);
    if (!runtime.available) expect(runtime.reason).toMatch(/Docker/);
  });
});

describe('--env', () => {
  it('parses local (the default) and containers, refuses anything else', () => {
    expect(parseEnvFlag(undefined)).toBe('local');
    expect(parseEnvFlag('local')).toBe('local');
    expect(parseEnvFlag('containers')).toBe('containers');
    expect(() => parseEnvFlag('docker')).toThrow(/--env must be local or containers/);
  });

  it('local starts nothing and touches no variable', async () => {
    const target: NodeJS.ProcessEnv = { DATABASE_URL: 'postgres://mine' };
    const start = vi.fn();
    const prepared = await prepareEnvironment('local', undefined, { target, start });
    await prepared.stop();
    expect(start).not.toHaveBeenCalled();
    expect(target).toEqual({ DATABASE_URL: 'postgres://mine' });
  });

  it.skipIf(runtime.available)(`containers without Docker on this machine: rejects with the reason and how to get Docker${runtime.available ? ' (skipped: Docker is available here)' : ''}`, async () => {
    const attempt = prepareEnvironment('containers');
    await expect(attempt).rejects.toBeInstanceOf(ContainersUnavailable);
    await expect(attempt).rejects.toThrow(/--env containers needs a Docker engine: no Docker engine is reachable/);
    await expect(attempt).rejects.toThrow(/apt-get install -y docker\.io/);
    await expect(attempt).rejects.toThrow(/leave out --env containers/);
  });

  it('containers without Docker never starts anything nor changes a variable', async () => {
    const target: NodeJS.ProcessEnv = { TOXIPROXY_URL: 'http://mine' };
    const start = vi.fn();
    const attempt = prepareEnvironment('containers', undefined, { detect: async () => ({ available: false, reason: 'no Docker engine is reachable (test)' }), start, target });
    await expect(attempt).rejects.toThrow('--env containers needs a Docker engine: no Docker engine is reachable (test).');
    expect(start).not.toHaveBeenCalled();
    expect(target).toEqual({ TOXIPROXY_URL: 'http://mine' });
  });

  it('containers with Docker: the variables point at the containers until stop(), then are put back', async () => {
    const target: NodeJS.ProcessEnv = { TOXIPROXY_URL: 'http://mine' };
    const fake = fakeEnvironment();
    const start = vi.fn(async () => fake);
    const prepared = await prepareEnvironment('containers', undefined, { detect: async () => ({ available: true, detail: 'test' }), start, target });
    expect(start).toHaveBeenCalledWith(expect.objectContaining({ toxiproxyNetwork: 'host' }));
    expect(target).toEqual({ TOXIPROXY_URL: fake.toxiproxyUrl, DATABASE_URL: fake.databaseUrl });
    await prepared.stop();
    await prepared.stop();
    expect(target).toEqual({ TOXIPROXY_URL: 'http://mine' });
    expect(fake.stops).toBe(1);
  });

  it('withContainerEnvironment restores the variables and stops the containers when fn throws', async () => {
    const target: NodeJS.ProcessEnv = {};
    const fake = fakeEnvironment();
    const seen: Array<string | undefined> = [];
    const run = withContainerEnvironment(
      async () => {
        seen.push(target.TOXIPROXY_URL, target.DATABASE_URL);
        throw new Error('boom');
      },
      { start: async () => fake, target },
    );
    await expect(run).rejects.toThrow('boom');
    expect(seen).toEqual([fake.toxiproxyUrl, fake.databaseUrl]);
    expect(target).toEqual({});
    expect(fake.stops).toBe(1);
  });
});

describe('startContainerEnvironment', () => {
  it('refuses to start without a runtime, with the reason', async () => {
    await expect(startContainerEnvironment({ runtime: { available: false, reason: 'no Docker engine is reachable (test)' } })).rejects.toThrow(/no Docker engine is reachable \(test\)/);
  });

  it.skipIf(!runtime.available)(
    `starts ${TOXIPROXY_IMAGE} on the host network and ${POSTGRES_IMAGE}; a live-world style proxy (127.0.0.1:0 → 127.0.0.1:port) carries traffic${runtime.available ? '' : ' (skipped: Docker not available)'}`,
    async () => {
      const upstream = createServer((_req, res) => res.end('through the proxy'));
      await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
      const port = (upstream.address() as { port: number }).port;
      try {
        await withContainerEnvironment(async (env) => {
          expect(process.env.TOXIPROXY_URL).toBe(env.toxiproxyUrl);
          expect(process.env.DATABASE_URL).toBe(env.databaseUrl);
          const client = new Toxiproxy(env.toxiproxyUrl);
          expect(await client.getVersion()).toContain('2.12.0');
          // Exactly what harness/live/up.ts createProxy asks for.
          const proxy = await client.createProxy({ name: 'containers_test', listen: '127.0.0.1:0', upstream: await env.upstreamFor(port), enabled: true });
          expect(await (await fetch(`http://${proxy.listen}/`)).text()).toBe('through the proxy');
          const { default: pg } = await import('pg');
          const db = new pg.Client({ connectionString: env.databaseUrl });
          await db.connect();
          try {
            expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
          } finally {
            await db.end();
          }
        });
      } finally {
        await new Promise((r) => upstream.close(r));
      }
    },
    240_000,
  );
});

// ---- docker-compose.yml ----------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const composeText = read('docker-compose.yml');
// merge: docker compose honours YAML merge keys (`<<: *gauntlet`); yaml 2 wants them asked for.
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const toxiproxyConfig = JSON.parse(read('harness/containers/toxiproxy.json')) as Array<{ name: string; listen: string; upstream: string; enabled: boolean }>;

/** `--name=value` from a command list. */
function flag(args: string[] | undefined, name: string): string | undefined {
  return args?.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** Secret-shaped strings in a text that are not among the documented local test credentials. */
function undocumentedSecrets(text: string, allowed: readonly string[]): string[] {
  const patterns = [
    /\bwhsec_[A-Za-z0-9_]+/g,
    /\b[sr]k_(?:live|test)_[A-Za-z0-9_]+/g,
    /\b[0-9A-Fa-f]{32,}\b/g,
    // A `${VAR:?…}` interpolation (its `VAR:?` too) names a variable, it holds no secret.
    /(?:PASSWORD|SECRET|TOKEN|API_KEY|HMAC_KEY)["']?\s*[:=]\s*["']?([^\s"',}$?][^\s"',}]*)/gi,
    /--(?:webhook-secret|hmac-key|stripe-api-key|adyen-api-key|stripe-webhook-secret|adyen-hmac-key)[= ]([^\s"',\]]+)/g,
    /:\/\/[^/\s:@]+:([^@\s]+)@/g,
  ];
  const found = new Set<string>();
  for (const re of patterns) for (const m of text.matchAll(re)) found.add(m[1] ?? m[0]);
  return [...found].filter((s) => !allowed.includes(s));
}
/** The only credential committed: a throwaway password of a database that lives in tmpfs. */
const DOCUMENTED = [LOCAL_POSTGRES.password];

describe('docker-compose.yml', () => {
  it('has the live world: toxiproxy (pinned), postgres, stripe, adyen, core, and the gate under a profile', () => {
    expect(Object.keys(services).sort()).toEqual(['adyen', 'core', 'gate', 'postgres', 'stripe', 'toxiproxy']);
    expect(services.toxiproxy?.image).toBe('ghcr.io/shopify/toxiproxy:2.12.0');
    expect(services.toxiproxy?.image).toBe(TOXIPROXY_IMAGE);
    expect(services.postgres?.image).toBe(POSTGRES_IMAGE);
    expect(POSTGRES_IMAGE).toMatch(/^postgres:\d+\.\d+$/);
    expect(services.postgres?.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(services.gate?.profiles).toEqual(['gate']);
    for (const name of ['toxiproxy', 'postgres', 'stripe', 'adyen', 'core']) expect(services[name]?.profiles, name).toBeUndefined();
    for (const name of ['stripe', 'adyen', 'core', 'gate']) expect(services[name]?.build, name).toEqual({ context: '.', dockerfile: 'harness/containers/Dockerfile' });
  });

  it('runs the simulators and the core through the CLI on 0.0.0.0, the core on postgres and behind the proxies', () => {
    const proxy = Object.fromEntries(toxiproxyConfig.map((p) => [p.name, p]));
    for (const dialect of ['stripe', 'adyen'] as const) {
      const cmd = services[dialect]?.command;
      expect(cmd?.slice(0, 3)).toEqual(['gauntlet', 'sim', dialect]);
      expect(flag(cmd, 'host')).toBe('0.0.0.0');
      // The proxy in front of this simulator forwards to where it listens.
      expect(proxy[dialect]?.upstream).toBe(`${dialect}:${flag(cmd, 'port')}`);
      // Its webhooks reach the core through the core_webhooks proxy.
      expect(flag(cmd, 'webhook-url')).toBe(`http://toxiproxy:${proxy.core_webhooks?.listen.split(':')[1]}/v1/webhooks/${dialect}`);
    }
    const core = services.core?.command;
    expect(core?.slice(0, 2)).toEqual(['gauntlet', 'core']);
    expect(flag(core, 'host')).toBe('0.0.0.0');
    expect(proxy.core_webhooks?.upstream).toBe(`core:${flag(core, 'port')}`);
    expect(flag(core, 'stripe-url')).toBe(`http://toxiproxy:${proxy.stripe?.listen.split(':')[1]}`);
    expect(flag(core, 'adyen-url')).toBe(`http://toxiproxy:${proxy.adyen?.listen.split(':')[1]}`);
    const { user, password, database } = LOCAL_POSTGRES;
    expect(services.core?.environment?.DATABASE_URL).toBe(`postgres://${user}:${password}@postgres:5432/${database}`);
    expect(services.postgres?.environment).toEqual({ POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: database });
    expect(services.core?.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it("creates the harness's proxies at start, listening on 0.0.0.0, from the file the toxiproxy service mounts", () => {
    expect(toxiproxyConfig.map((p) => p.name).sort()).toEqual([...PROXY_NAMES].sort());
    for (const p of toxiproxyConfig) {
      expect(p.listen).toMatch(/^0\.0\.0\.0:\d+$/);
      expect(p.enabled).toBe(true);
    }
    expect(services.toxiproxy?.command).toContain('-config=/config/toxiproxy.json');
    expect(composeText).toContain('./harness/containers/toxiproxy.json:/config/toxiproxy.json:ro');
  });

  it('runs the gate against that world: the world file names the same services and proxies', () => {
    const gate = services.gate?.entrypoint;
    expect(gate?.slice(0, 2)).toEqual(['gauntlet', 'gate']);
    const worldFile = flag(gate, 'world-file')!;
    const world = parseWorldDescription(read(worldFile), worldFile);
    expect(world.core).toBe(`http://core:${flag(services.core?.command, 'port')}`);
    expect(world.simulators.stripe).toBe(`http://stripe:${flag(services.stripe?.command, 'port')}`);
    expect(world.simulators.adyen).toBe(`http://adyen:${flag(services.adyen?.command, 'port')}`);
    expect(world.toxiproxy.api).toBe('http://toxiproxy:8474');
    for (const p of toxiproxyConfig) {
      expect(world.toxiproxy.proxies[p.name as (typeof PROXY_NAMES)[number]]).toEqual({ listen: `http://toxiproxy:${p.listen.split(':')[1]}`, upstream: `http://${p.upstream}` });
    }
    expect(flag(gate, 'out')).toBe('reports/out');
    expect(composeText).toContain('./reports/out:/app/reports/out');
    for (const dep of ['core', 'stripe', 'adyen']) expect(services.gate?.depends_on?.[dep]?.condition, dep).toBe('service_healthy');
  });

  it('holds no secret but the documented local test credentials (nor does the Dockerfile or the proxy file)', () => {
    for (const file of ['docker-compose.yml', 'harness/containers/Dockerfile', 'harness/containers/toxiproxy.json', 'harness/containers/compose-world.json']) {
      expect(undocumentedSecrets(read(file), DOCUMENTED), file).toEqual([]);
    }
    // The check itself bites.
    const leaky = 'environment:\n  POSTGRES_PASSWORD: hunter2\n  STRIPE: sk_live_51Habc\ncommand: ["--webhook-secret=whsec_realOne"]\nurl: postgres://u:s3cret@db/x';
    expect(undocumentedSecrets(leaky, DOCUMENTED).sort()).toEqual(['hunter2', 's3cret', 'sk_live_51Habc', 'whsec_realOne'].sort());
  });

  it('takes every secret from the environment (.env), required, for the simulators, the core and the gate', () => {
    for (const name of ['GAUNTLET_STRIPE_API_KEY', 'GAUNTLET_STRIPE_WEBHOOK_SECRET', 'GAUNTLET_ADYEN_API_KEY', 'GAUNTLET_ADYEN_HMAC_KEY', 'GAUNTLET_CONTROL_TOKEN']) {
      for (const service of ['stripe', 'adyen', 'core', 'gate']) {
        expect((services[service]?.environment as Record<string, string> | undefined)?.[name], `${service} ${name}`).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
      }
    }
    // The committed world file names no token: the gate takes it from its environment.
    const worldFile = flag(services.gate?.entrypoint, 'world-file')!;
    expect(parseWorldDescription(read(worldFile), worldFile, { GAUNTLET_CONTROL_TOKEN: 'from-env-0123456789' }).control).toEqual({ token: 'from-env-0123456789' });
  });
});
