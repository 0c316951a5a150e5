// A running Toxiproxy for the live world: an existing server (TOXIPROXY_URL), else the pinned
// binary spawned on a free loopback port, else a container when Docker is reachable.
import type { ChildProcess } from 'node:child_process';
import { supervisor } from '../supervisor/index.ts';
import { type DockerStatus, detectDocker } from './docker.ts';
import { findTool } from './find-tool.ts';
import { freeLoopbackPort } from './free-port.ts';
import { MAKE_SETUP, goInstallCommand } from './install-hints.ts';
import { toxiproxyVersion, waitForToxiproxy } from './toxiproxy-api.ts';
import { type Env, TOXIPROXY_IMAGE, toolBinDir } from './versions.ts';

export type ToxiproxySource = 'env' | 'binary' | 'container';

export interface ToxiproxyHandle {
  /** Base URL of the API, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly source: ToxiproxySource;
  /** As GET /version reported it. */
  readonly version: string;
  /** Process id of a spawned binary. */
  readonly pid?: number;
  /**
   * Stops what this handle started and waits until it is gone; a server found through
   * TOXIPROXY_URL is not ours and is left running. Safe to call more than once.
   */
  stop(): Promise<void>;
}

export interface ResolveToxiproxyOptions {
  readonly env?: Env;
  /** Which ways to try, in this order (default: env, binary, container). */
  readonly sources?: readonly ToxiproxySource[];
  /** Deadline for a spawned server or container to answer (default 15 s). */
  readonly startTimeoutMs?: number;
  /** Injectable for tests; default detectDocker(). */
  readonly detectDocker?: () => Promise<DockerStatus>;
  /** Image for the container way (default the pinned release). */
  readonly image?: string;
}

const DEFAULT_SOURCES: readonly ToxiproxySource[] = ['env', 'binary', 'container'];
const API_PORT_IN_CONTAINER = 8474;

export async function resolveToxiproxy(
  options: ResolveToxiproxyOptions = {},
): Promise<ToxiproxyHandle> {
  const env = options.env ?? process.env;
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const tried: string[] = [];

  for (const source of options.sources ?? DEFAULT_SOURCES) {
    if (source === 'env') {
      const url = env.TOXIPROXY_URL;
      if (url === undefined || url === '') {
        tried.push('TOXIPROXY_URL: not set');
        continue;
      }
      return useExisting(url);
    }
    if (source === 'binary') {
      const tool = await findTool('toxiproxy-server', { env });
      if (tool === undefined) {
        tried.push(`binary: no toxiproxy-server in ${toolBinDir(env)} nor on PATH`);
        continue;
      }
      return spawnToxiproxy(tool.path, env, startTimeoutMs);
    }
    const docker = await (options.detectDocker ?? (() => detectDocker({ env })))();
    if (!docker.available) {
      tried.push(`container: Docker not available (${docker.detail})`);
      continue;
    }
    return startContainer(options.image ?? TOXIPROXY_IMAGE, startTimeoutMs);
  }

  throw new Error(
    [
      'No Toxiproxy server available.',
      ...tried.map((t) => `  - ${t}`),
      'Install the pinned toxiproxy-server with:',
      `  ${MAKE_SETUP}`,
      'or directly:',
      `  ${goInstallCommand('toxiproxy-server', env)}`,
      'or point TOXIPROXY_URL at a running server.',
    ].join('\n'),
  );
}

/** A server someone else runs: it must answer GET /version; stop() leaves it alone. */
async function useExisting(rawUrl: string): Promise<ToxiproxyHandle> {
  const url = rawUrl.replace(/\/+$/, '');
  let version: string;
  try {
    version = await toxiproxyVersion(url, 3_000);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`TOXIPROXY_URL=${rawUrl} does not answer GET /version (${why}); start that server or unset TOXIPROXY_URL`);
  }
  return { url, source: 'env', version, stop: async () => {} };
}

/**
 * Spawns the binary on a free loopback port. The port is picked, then bound by the child, so
 * another process may take it in between: then the child exits and we retry on a new port.
 */
export async function spawnToxiproxy(
  binPath: string,
  env: Env = process.env,
  startTimeoutMs = 15_000,
): Promise<ToxiproxyHandle> {
  const attempts = 3;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}`;
    // Through the supervisor: its own process group, stopped with everything else on a signal,
    // a crash or any exit of this process.
    const child = supervisor.spawn(binPath, ['-host', '127.0.0.1', '-port', String(port)], {
      name: 'toxiproxy-server',
      // Quiet by default: toxiproxy logs every API request at debug level.
      env: { ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' } as NodeJS.ProcessEnv,
    }).process;
    const proc = watch(child);
    try {
      const version = await waitForToxiproxy(url, startTimeoutMs, () =>
        proc.exited ? `toxiproxy-server exited (${proc.exitReason()}) before answering; output:\n${proc.output()}` : undefined,
      );
      return {
        url,
        source: 'binary',
        version,
        ...(child.pid !== undefined ? { pid: child.pid } : {}),
        stop: () => proc.stop(),
      };
    } catch (err) {
      await proc.stop();
      lastError = err instanceof Error ? err : new Error(String(err));
      if (!/address already in use/i.test(proc.output())) break;
    }
  }
  throw new Error(`could not start ${binPath}: ${lastError?.message ?? 'unknown error'}`);
}

interface Watched {
  readonly exited: boolean;
  exitReason(): string;
  /** The last few KiB the process printed. */
  output(): string;
  stop(): Promise<void>;
}

/** Tracks a child's exit and output; stop() is SIGTERM, then SIGKILL, each with a deadline. */
function watch(child: ChildProcess): Watched {
  let exited = child.exitCode !== null || child.signalCode !== null;
  let reason = '';
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exitPromise = new Promise<void>((resolve) => {
    if (exited) resolve();
    child.once('exit', (code, signal) => {
      exited = true;
      reason = signal !== null ? `signal ${signal}` : `code ${String(code)}`;
      resolve();
    });
    child.once('error', (err) => {
      // spawn failure (ENOENT, EACCES): no 'exit' follows
      exited = true;
      reason = err.message;
      resolve();
    });
  });
  // If our process ends without stop(), take the child with it (no orphans).
  const onParentExit = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', onParentExit);

  const waitExit = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (exited) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      void exitPromise.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  let stopping: Promise<void> | undefined;
  return {
    get exited() {
      return exited;
    },
    exitReason: () => reason,
    output: () => tail,
    stop: () => {
      stopping ??= (async () => {
        if (!exited) {
          child.kill('SIGTERM');
          if (!(await waitExit(5_000))) {
            child.kill('SIGKILL');
            if (!(await waitExit(5_000))) {
              throw new Error(`toxiproxy-server (pid ${String(child.pid)}) did not exit after SIGKILL`);
            }
          }
        }
        process.removeListener('exit', onParentExit);
        child.stdout?.destroy();
        child.stderr?.destroy();
      })();
      return stopping;
    },
  };
}

/**
 * The pinned image through testcontainers (imported only when this way is taken). Only the API
 * port is mapped: a proxy created in the container listens inside it, and reaches this host's
 * services through the container's network, so live-world wiring for this way is still to do.
 */
async function startContainer(image: string, startTimeoutMs: number): Promise<ToxiproxyHandle> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(image)
    .withExposedPorts(API_PORT_IN_CONTAINER)
    .withWaitStrategy(Wait.forHttp('/version', API_PORT_IN_CONTAINER))
    .withStartupTimeout(Math.max(startTimeoutMs, 60_000))
    .start();
  const url = `http://${container.getHost()}:${container.getMappedPort(API_PORT_IN_CONTAINER)}`;
  let version: string;
  try {
    version = await waitForToxiproxy(url, startTimeoutMs);
  } catch (err) {
    await container.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    source: 'container',
    version,
    stop: () => {
      stopping ??= container.stop().then(() => undefined);
      return stopping;
    },
  };
}
