// `--env local|containers` for the verbs that start a live world (gate, drill, run). `local` (the
// default) runs everything as local processes and needs no Docker; `containers` runs Toxiproxy and
// Postgres as containers and points TOXIPROXY_URL and DATABASE_URL at them until stop().
import { detectContainerRuntime, exportContainerEnvironment, startContainerEnvironment, type ContainerEnvironment, type ContainerEnvironmentOptions, type ContainerRuntime } from '../containers/index.ts';
import { UsageError } from './args.ts';

export type EnvironmentKind = 'local' | 'containers';

export const ENV_USAGE = '--env local|containers   (containers: Toxiproxy and Postgres in Docker; see harness/containers/README.md)';

/** Absent means local: the default path never needs Docker. */
export function parseEnvFlag(value: string | undefined): EnvironmentKind {
  if (value === undefined || value === 'local') return 'local';
  if (value === 'containers') return 'containers';
  throw new UsageError(`--env must be local or containers, not ${JSON.stringify(value)}`);
}

/**
 * `--env containers` without a reachable Docker engine. A UsageError, so the CLI prints the message
 * alone and exits 2 (setup failed): never a stack trace, never a silent fall back to local.
 */
export class ContainersUnavailable extends UsageError {
  readonly reason: string;
  constructor(reason: string) {
    super(
      `--env containers needs a Docker engine: ${reason}.\n` +
        '  It needs a Linux engine on this machine: on Debian `apt-get install -y docker.io`, then start the daemon ' +
        '(`gauntlet doctor` shows what it finds). With Docker Desktop or a remote engine, use `docker compose` ' +
        '(harness/containers/README.md).\n' +
        '  Or leave out --env containers: the local environment runs the same world as local processes (make setup).',
    );
    this.reason = reason;
  }
}

export interface PreparedEnvironment {
  readonly kind: EnvironmentKind;
  /** Puts TOXIPROXY_URL and DATABASE_URL back and removes the containers; safe to call twice. */
  stop(): Promise<void>;
}

export interface PrepareDeps {
  detect?: () => Promise<ContainerRuntime>;
  start?: (options: ContainerEnvironmentOptions) => Promise<ContainerEnvironment>;
  target?: NodeJS.ProcessEnv;
}

export async function prepareEnvironment(kind: EnvironmentKind, log: (line: string) => void = () => undefined, deps: PrepareDeps = {}): Promise<PreparedEnvironment> {
  if (kind === 'local') return { kind, stop: async () => undefined };
  const runtime = await (deps.detect ?? detectContainerRuntime)();
  if (!runtime.available) throw new ContainersUnavailable(runtime.reason);
  log(`containers: Docker engine found (${runtime.detail})`);
  const target = deps.target ?? process.env;
  for (const name of ['TOXIPROXY_URL', 'DATABASE_URL'] as const) {
    if (target[name]) log(`containers: ${name} is set; it is replaced by the container's until the run ends`);
  }
  // Host network: the only layout the live world's proxies (127.0.0.1 listen and upstream) work with.
  const env = await (deps.start ?? startContainerEnvironment)({ runtime, toxiproxyNetwork: 'host', log });
  const restore = exportContainerEnvironment(env, target);
  let stopping: Promise<void> | undefined;
  return {
    kind,
    stop: () =>
      (stopping ??= (async () => {
        restore();
        await env.stop();
      })()),
  };
}
