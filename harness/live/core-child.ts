// The reference core as its OWN process (`gauntlet core …`), so drills can SIGKILL it and start
// it again on the same database: spawn, wait until GET /healthz answers, stop (SIGTERM, then
// SIGKILL), kill (SIGKILL), always awaiting the exit. A child that dies before it is healthy
// fails the start with what it printed on stderr.
import { join } from 'node:path';
import { type FlatSecrets, secretsEnv } from './secrets.ts';
import { type ChildExit, type SupervisedChild, describeChildExit as describeExit, supervisor } from '../supervisor/index.ts';

export const GAUNTLET_BIN = join(import.meta.dirname, '../../bin/gauntlet.js');

/** Where the core keeps its data: PGlite in memory, a PGlite directory, or a Postgres server. */
export type CoreDatabase = { kind: 'memory' } | { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

export interface CoreChildOptions {
  port: number;
  seed: number;
  stripeUrl?: string;
  adyenUrl?: string;
  database?: CoreDatabase;
  /** The core's secrets, handed over in its environment (GAUNTLET_*), never on its command line where ps shows them. */
  secrets?: FlatSecrets;
  /** Test-only: the core SIGKILLs itself right after its Nth provider call (GAUNTLET_CRASH_AFTER_PROVIDER_CALL). */
  crashAfterProviderCall?: number;
  /** Harness selftest only: the core runs as this built-in mutant (`gauntlet core --mutant`). */
  mutant?: string;
  /** Base environment (default process.env); DATABASE_URL and the crash variable in it are replaced by the options above. */
  env?: NodeJS.ProcessEnv;
  /**
   * Deadline for GET /healthz to answer (default 90 s: tsx, the migrations, PGlite's initdb take
   * about 3 s on a quiet machine, over 30 s on a loaded CI runner; a deadline, not a wait).
   */
  readyTimeoutMs?: number;
}

/** How the core's process ended (the supervisor's word for any child). */
export type CoreExit = ChildExit;

/** The core's supervised process, and where it answers. */
export type CoreChild = SupervisedChild & {
  readonly url: string;
  readonly port: number;
};

/** The process died before answering /healthz: its exit and output are on the error. */
export class CoreStartError extends Error {
  readonly exit: CoreExit | undefined;
  readonly stderr: string;
  readonly stdout: string;
  constructor(
    message: string,
    exit: CoreExit | undefined,
    stderr: string,
    stdout: string,
  ) {
    super(message);
    this.exit = exit;
    this.stderr = stderr;
    this.stdout = stdout;
  }
}

export async function spawnCore(o: CoreChildOptions): Promise<CoreChild> {
  return startedCore(launch(o, false), o.readyTimeoutMs);
}

/**
 * A core process started ahead of a restart: node, the TypeScript loader and every module loaded
 * (the seconds a restart spends before its first statement, more on a loaded machine), then held
 * before it opens the database — so it never touches the files the running core writes. activate()
 * lets it go on, as a restart would, from opening the database (recovery runs at its start).
 */
export interface StandbyCore {
  readonly options: CoreChildOptions;
  /** Still able to become the core (it has not died meanwhile). */
  alive(): boolean;
  activate(): Promise<CoreChild>;
  /** Not needed after all: ended without having opened anything. */
  discard(): Promise<void>;
}

/** The environment variable that holds a core at the standby point (read by core-process.ts). */
export const STANDBY_ENV = 'GAUNTLET_CORE_STANDBY';

export function spawnStandbyCore(o: CoreChildOptions): StandbyCore {
  const handle = launch(o, true);
  return {
    options: o,
    alive: () => handle.exit() === undefined,
    activate: () => {
      // Buffered in the pipe if the process is still loading: it goes on as soon as it gets there.
      handle.process.stdin?.end('go\n');
      return startedCore(handle, o.readyTimeoutMs);
    },
    discard: async () => void (await handle.kill()),
  };
}

function launch(o: CoreChildOptions, standby: boolean): CoreChild {
  const args = [GAUNTLET_BIN, 'core', '--port', String(o.port), '--seed', String(o.seed)];
  if (o.stripeUrl) args.push('--stripe-url', o.stripeUrl);
  if (o.adyenUrl) args.push('--adyen-url', o.adyenUrl);
  if (o.database?.kind === 'pglite') args.push('--db', o.database.dir);
  if (o.mutant) args.push('--mutant', o.mutant);
  const env: NodeJS.ProcessEnv = secretsEnv(o.env ?? process.env, o.secrets ?? {});
  delete env.DATABASE_URL;
  delete env.GAUNTLET_CRASH_AFTER_PROVIDER_CALL;
  if (o.database?.kind === 'postgres') env.DATABASE_URL = o.database.url;
  if (o.crashAfterProviderCall !== undefined) env.GAUNTLET_CRASH_AFTER_PROVIDER_CALL = String(o.crashAfterProviderCall);
  delete env[STANDBY_ENV];
  if (standby) env[STANDBY_ENV] = '1';

  // Through the supervisor: its own process group (a Ctrl-C in the terminal reaches only us, and
  // we stop the core in order), stopped with everything else on a signal or at exit.
  const child = supervisor.spawn(process.execPath, args, { name: `core :${o.port}${standby ? ' (standby)' : ''}`, env, ...(standby ? { stdin: 'pipe' as const } : {}) });
  return {
    ...child,
    url: `http://127.0.0.1:${o.port}`,
    port: o.port,
    get stopRequested() {
      return child.stopRequested;
    },
  };
}

async function startedCore(handle: CoreChild, readyTimeoutMs: number | undefined): Promise<CoreChild> {
  try {
    await waitHealthy(handle, readyTimeoutMs ?? 90_000);
  } catch (err) {
    const exit = handle.exit();
    if (!exit) await handle.kill();
    throw new CoreStartError(
      `${(err as Error).message}${handle.stderr().trim() ? `\n--- core stderr ---\n${handle.stderr().trim()}` : ''}`,
      handle.exit(),
      handle.stderr(),
      handle.stdout(),
    );
  }
  return handle;
}

async function waitHealthy(core: CoreChild, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = 'no attempt';
  while (Date.now() < until) {
    const exit = core.exit();
    if (exit) throw new Error(`the core (pid ${core.pid}) exited (${describeExit(exit)}) before answering GET /healthz`);
    try {
      const res = await fetch(`${core.url}/healthz`, { signal: AbortSignal.timeout(Math.max(100, Math.min(2_000, until - Date.now()))) });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const exit = core.exit();
  if (exit) throw new Error(`the core (pid ${core.pid}) exited (${describeExit(exit)}) before answering GET /healthz`);
  throw new Error(`the core (pid ${core.pid}) did not answer GET ${core.url}/healthz within ${timeoutMs} ms (last: ${last})`);
}

export { describeChildExit as describeExit } from '../supervisor/index.ts';

/**
 * The seed for the nth start of a core on the same database. The core mints ids from its seeded
 * random source, so a restart with the same seed would mint the ids it minted before the crash.
 */
export function generationSeed(seed: number, generation: number): number {
  return generation === 0 ? seed : (seed + Math.imul(generation, 0x9e3779b1)) >>> 0;
}
