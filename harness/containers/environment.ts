// Toxiproxy and Postgres as containers (testcontainers), for CI machines that have a Docker engine
// but not the native tools. The live world takes them through the variables it already honours:
// TOXIPROXY_URL (resolveToxiproxy's 'env' source) and DATABASE_URL (chooseDatabase in live/up.ts).
//
// Why Toxiproxy runs on the host's network by default: the live world creates its proxies with
// `listen 127.0.0.1:0` and `upstream 127.0.0.1:<port>` (harness/live/up.ts). In a bridged container
// both addresses would be the container's own loopback: unreachable from here, and not where the
// simulators and the core listen. With NetworkMode=host the container's loopback IS this machine's,
// so those proxies work unchanged. That needs a Linux engine on this machine (not Docker Desktop,
// not a remote DOCKER_HOST); start() checks it and says so. 'bridge' is the layout for such
// engines, ready for a live world that can use it (see README.md: what up.ts would need).
import { type DetectDockerOptions, detectDocker, freeLoopbackPort, TOXIPROXY_IMAGE } from '../toolchain/index.ts';
import { loadTestcontainers } from './load-testcontainers.ts';

/** Pinned like the Toxiproxy image; docker-compose.yml uses the same tag. */
export const POSTGRES_IMAGE = 'postgres:16.9';
/** A throwaway database's credentials: documented, local, never valid anywhere real. */
export const LOCAL_POSTGRES = { user: 'gauntlet', password: 'gauntlet_local_test_only', database: 'gauntlet' } as const;

export type ContainerRuntime = { available: true; detail: string } | { available: false; reason: string };

/** Whether a Docker engine answers (harness/toolchain/docker.ts: socket ping, then `docker info`). */
export async function detectContainerRuntime(options: DetectDockerOptions = {}): Promise<ContainerRuntime> {
  const status = await detectDocker(options);
  if (status.available) return { available: true, detail: status.detail };
  return { available: false, reason: `no Docker engine is reachable (${status.detail})` };
}

export type ToxiproxyNetwork = 'host' | 'bridge';

export interface ContainerEnvironmentOptions {
  /** 'host' (default): what the live world can use today. 'bridge': API and a port range published. */
  toxiproxyNetwork?: ToxiproxyNetwork;
  /** Bridge only: how many proxy ports to publish, from 8475 up (default 8). */
  proxyPortCount?: number;
  /** Deadline for each container to be ready (default 120 s: the first run pulls the images). */
  startTimeoutMs?: number;
  /** Answered already (prepareEnvironment detects first); default: detect now. */
  runtime?: ContainerRuntime;
  log?: (line: string) => void;
}

export interface ContainerEnvironment {
  /** Toxiproxy's API as seen from this process, e.g. http://127.0.0.1:41234. */
  readonly toxiproxyUrl: string;
  /** postgres://… to the container's mapped port. */
  readonly databaseUrl: string;
  readonly toxiproxyNetwork: ToxiproxyNetwork;
  /** Bridge only: proxy port inside the container → the port this machine reaches it on. */
  readonly proxyPorts: ReadonlyMap<number, number>;
  /** What a proxy's `upstream` must say to reach a port of this machine from inside Toxiproxy. */
  upstreamFor(hostPort: number): Promise<string>;
  /** Both containers stopped and removed; safe to call more than once. */
  stop(): Promise<void>;
}

const API_PORT = 8474;
const FIRST_PROXY_PORT = 8475;

export async function startContainerEnvironment(options: ContainerEnvironmentOptions = {}): Promise<ContainerEnvironment> {
  const runtime = options.runtime ?? (await detectContainerRuntime());
  if (!runtime.available) throw new Error(`containers: ${runtime.reason}`);
  const log = options.log ?? (() => undefined);
  const network = options.toxiproxyNetwork ?? 'host';
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  // Imported here: the local path (and every test without Docker) never loads testcontainers.
  const tc = await loadTestcontainers();
  const started: Array<{ stop(): Promise<unknown> }> = [];
  const stopAll = async () => {
    const errors: string[] = [];
    for (const c of started.splice(0).reverse()) await c.stop().catch((err: unknown) => errors.push((err as Error).message));
    if (errors.length) throw new Error(`containers did not all stop: ${errors.join('; ')}`);
  };

  try {
    log(`containers: starting ${POSTGRES_IMAGE}`);
    const pg = await new tc.GenericContainer(POSTGRES_IMAGE)
      .withEnvironment({ POSTGRES_USER: LOCAL_POSTGRES.user, POSTGRES_PASSWORD: LOCAL_POSTGRES.password, POSTGRES_DB: LOCAL_POSTGRES.database })
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off'])
      .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
      .withExposedPorts(5432)
      // Over TCP on purpose: during initdb the entrypoint's temporary server listens on the socket only.
      .withHealthCheck({ test: ['CMD-SHELL', `pg_isready -h 127.0.0.1 -U ${LOCAL_POSTGRES.user} -d ${LOCAL_POSTGRES.database}`], interval: 1_000, timeout: 3_000, retries: 60 })
      .withWaitStrategy(tc.Wait.forHealthCheck())
      .withStartupTimeout(timeoutMs)
      .start();
    started.push(pg);
    const { user, password, database } = LOCAL_POSTGRES;
    const databaseUrl = `postgres://${user}:${password}@${pg.getHost()}:${pg.getMappedPort(5432)}/${database}`;

    log(`containers: starting ${TOXIPROXY_IMAGE} (${network} network)`);
    const toxiproxy = network === 'host' ? await hostToxiproxy(tc, timeoutMs, started) : await bridgedToxiproxy(tc, options.proxyPortCount ?? 8, timeoutMs, started);
    log(`containers: toxiproxy ${toxiproxy.url}, postgres ${pg.getHost()}:${pg.getMappedPort(5432)}`);

    let stopping: Promise<void> | undefined;
    return {
      toxiproxyUrl: toxiproxy.url,
      databaseUrl,
      toxiproxyNetwork: network,
      proxyPorts: toxiproxy.proxyPorts,
      upstreamFor: toxiproxy.upstreamFor,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll().catch((e: unknown) => log(`containers: cleanup after a failed start: ${(e as Error).message}`));
    throw err;
  }
}

type Testcontainers = typeof import('testcontainers');
interface StartedToxiproxy {
  url: string;
  proxyPorts: ReadonlyMap<number, number>;
  upstreamFor(hostPort: number): Promise<string>;
}

/** On the host's network, API on a free loopback port: proxies on 127.0.0.1 are this machine's. */
async function hostToxiproxy(tc: Testcontainers, timeoutMs: number, started: Array<{ stop(): Promise<unknown> }>): Promise<StartedToxiproxy> {
  const port = await freeLoopbackPort();
  const container = await new tc.GenericContainer(TOXIPROXY_IMAGE)
    .withNetworkMode('host')
    .withEnvironment({ LOG_LEVEL: 'warn' })
    .withCommand([`-host=127.0.0.1`, `-port=${port}`])
    .withStartupTimeout(timeoutMs)
    .start();
  started.push(container);
  const url = `http://127.0.0.1:${port}`;
  try {
    await answersVersion(url, 15_000);
  } catch (err) {
    // The container runs, but its loopback is not ours: Docker Desktop's VM, or a remote engine.
    throw new Error(
      `containers: Toxiproxy on the host network does not answer at ${url} (${(err as Error).message}). ` +
        'The live world needs Toxiproxy on this machine\'s loopback, which host networking gives only with a Linux ' +
        'Docker engine on this machine (not Docker Desktop, not a remote DOCKER_HOST). Use the local toxiproxy-server ' +
        '(make setup) there, or `docker compose up` (harness/containers/README.md).',
    );
  }
  return { url, proxyPorts: new Map(), upstreamFor: async (hostPort) => `127.0.0.1:${hostPort}` };
}

/** Polls GET /version until it answers 200 or the deadline passes. */
async function answersVersion(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  let last = 'no attempt';
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/version`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer within ${deadlineMs} ms (last: ${last})`);
}

/**
 * Bridged, API and proxy ports published on random host ports. A proxy must listen on 0.0.0.0 and
 * one of the published ports, and reach this machine through testcontainers' port forwarder
 * (host.testcontainers.internal), which must run before the container starts to be in its hosts file.
 */
async function bridgedToxiproxy(tc: Testcontainers, count: number, timeoutMs: number, started: Array<{ stop(): Promise<unknown> }>): Promise<StartedToxiproxy> {
  await tc.TestContainers.exposeHostPorts();
  const proxyPorts = Array.from({ length: count }, (_, i) => FIRST_PROXY_PORT + i);
  const container = await new tc.GenericContainer(TOXIPROXY_IMAGE)
    .withEnvironment({ LOG_LEVEL: 'warn' })
    .withExposedPorts(API_PORT, ...proxyPorts)
    // Only the API: the proxy ports listen once proxies exist, so "all ports open" would never come.
    .withWaitStrategy(tc.Wait.forHttp('/version', API_PORT))
    .withStartupTimeout(timeoutMs)
    .start();
  started.push(container);
  return {
    url: `http://${container.getHost()}:${container.getMappedPort(API_PORT)}`,
    proxyPorts: new Map(proxyPorts.map((p) => [p, container.getMappedPort(p)])),
    upstreamFor: async (hostPort) => {
      await tc.TestContainers.exposeHostPorts(hostPort);
      return `host.testcontainers.internal:${hostPort}`;
    },
  };
}

/**
 * Points TOXIPROXY_URL and DATABASE_URL at the environment; returns what puts the previous values
 * back. Only the host network layout works with the live world as it is (see the top of this file).
 */
export function exportContainerEnvironment(env: Pick<ContainerEnvironment, 'toxiproxyUrl' | 'databaseUrl'>, target: NodeJS.ProcessEnv = process.env): () => void {
  const saved = { TOXIPROXY_URL: target.TOXIPROXY_URL, DATABASE_URL: target.DATABASE_URL };
  target.TOXIPROXY_URL = env.toxiproxyUrl;
  target.DATABASE_URL = env.databaseUrl;
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete target[key];
      else target[key] = value;
    }
  };
}

export interface WithContainerEnvironmentOptions extends Omit<ContainerEnvironmentOptions, 'toxiproxyNetwork'> {
  /** Injectable for tests; default startContainerEnvironment. */
  start?: (options: ContainerEnvironmentOptions) => Promise<ContainerEnvironment>;
  target?: NodeJS.ProcessEnv;
}

/** Runs `fn` with the live world's variables pointing at fresh containers; all gone afterwards. */
export async function withContainerEnvironment<T>(fn: (env: ContainerEnvironment) => Promise<T>, options: WithContainerEnvironmentOptions = {}): Promise<T> {
  const { start = startContainerEnvironment, target, ...rest } = options;
  const env = await start({ ...rest, toxiproxyNetwork: 'host' });
  const restore = exportContainerEnvironment(env, target);
  try {
    return await fn(env);
  } finally {
    restore();
    await env.stop();
  }
}
