// The live world on loopback: both simulators (in this process), a real toxiproxy-server with a
// proxy in front of each simulator and one in front of the core's HTTP port (so webhooks cross
// Toxiproxy too), and the core as its own process behind them, so a drill can SIGKILL it and
// start it again on the same database. `stop()` leaves nothing behind.
//
//   merchant ──▶ core ──▶ toxiproxy[stripe|adyen] ──▶ simulator
//   simulator ──webhooks──▶ toxiproxy[core_webhooks] ──▶ core
import { type Proxy, Toxiproxy } from 'toxiproxy-node-client';
import { serial, supervisor } from '../supervisor/index.ts';
import { freeLoopbackPort, resolveToxiproxy, type ResolveToxiproxyOptions, type ToxiproxyHandle } from '../toolchain/index.ts';
import { type CoreChild, type CoreChildOptions, type CoreDatabase, type CoreExit, generationSeed, spawnCore, spawnStandbyCore, type StandbyCore } from './core-child.ts';
import { flattenSecrets, generateWorldSecrets, type WorldSecrets } from './secrets.ts';
import { DEFAULT_PORTS, type Dialect, type LiveSimulator, startLiveSimulator } from './simulators.ts';
import { freshSeed } from './wall-clock.ts';
import { PROXY_NAMES, type LiveWorldDescription, type ProxyDescription, type ProxyName } from './world-schema.ts';

// The world file's format is a schema (world-schema.ts); its types are inferred there.
export { PROXY_NAMES, type LiveWorldDescription, type ProxyDescription, type ProxyName } from './world-schema.ts';

export interface LiveWorldOptions {
  seed?: number;
  /**
   * Where the core keeps its data. Default: DATABASE_URL from the environment when set, else a
   * PGlite directory in a temp dir (removed by stop()), so restartCore() keeps what was there.
   */
  database?: CoreDatabase;
  /** Simulator ports: the usual 12111/12112 when free, else ephemeral (default); or always ephemeral. */
  simulatorPorts?: 'default' | 'ephemeral';
  /** Passed to resolveToxiproxy (default: TOXIPROXY_URL, else the pinned binary). */
  toxiproxy?: ResolveToxiproxyOptions;
  /** Base environment of the core process (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * The system under test is the user's own service, already listening at this URL: no core is
   * started; its webhooks still cross Toxiproxy (core_webhooks forwards to it). Point its Stripe
   * and Adyen base URLs at the stripe/adyen proxies that describe() lists.
   */
  sutUrl?: string;
  /**
   * Where the external SUT takes each provider's webhooks: a path on its base URL (default
   * `/v1/webhooks/<provider>`, the reference core's). Only the path: deliveries still go to the
   * core_webhooks proxy, which forwards to the SUT, so webhook faults on the wire still apply.
   */
  webhookPaths?: Partial<Record<Dialect, string>>;
  /** The webhook secrets the simulators sign with (default: fresh random ones, see secrets.ts). */
  webhookSecrets?: { stripe?: string; adyen?: string };
  /** Test-only crash hook for the FIRST core process (GAUNTLET_CRASH_AFTER_PROVIDER_CALL). */
  crashAfterProviderCall?: number;
  /** Harness selftest only: every core process runs as this built-in mutant. */
  mutant?: string;
  /** Webhook retry compression of the simulators (default 0.001, as `gauntlet sim`). */
  webhookTimeScale?: number;
  /** Deadline for each core start (default 90 s, see core-child.ts). */
  coreReadyTimeoutMs?: number;
  /**
   * Keep the next core process loaded and waiting (core-child.ts spawnStandbyCore), so a restart
   * after a SIGKILL costs opening the database and recovery, not booting node and loading every
   * module again — seconds on a loaded machine, during which a drill's traffic finds no SUT at all.
   * For worlds that kill their core (drills); default off (`gauntlet up` keeps one process). A
   * number keeps that many generations ready (true: 1), for drills that kill it again soon after.
   */
  standbyCore?: boolean | number;
  log?: (line: string) => void;
}

/** A webhook path on the SUT: absolute, no scheme or host, no `..`. */
export function checkWebhookPath(path: string, provider: string): string {
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$/.test(path) || path.split(/[/?]/).includes('..')) {
    throw new Error(`webhook path for ${provider} must be an absolute path such as /hooks/${provider}, got ${JSON.stringify(path)}`);
  }
  return path;
}

export interface LiveWorld {
  readonly seed: number;
  /** Generated at start (secrets.ts); the world file (describe()) hands them over. */
  readonly secrets: WorldSecrets;
  readonly database: CoreDatabase;
  readonly simulators: Record<Dialect, LiveSimulator>;
  readonly toxiproxy: ToxiproxyHandle;
  /** toxiproxy-node-client against this world's server. */
  readonly toxiproxyClient: Toxiproxy;
  readonly proxies: Record<ProxyName, Proxy>;
  /** The current core process (a new one after restartCore); undefined when the SUT is external. */
  readonly core: CoreChild | undefined;
  /** The SUT's URL (the core's, the same across restarts, or the external service's). */
  readonly coreUrl: string;
  describe(): LiveWorldDescription;
  /** SIGKILL the core, as a crash, and wait until it is gone. */
  killCore(): Promise<CoreExit | undefined>;
  /**
   * Stops the core (SIGKILL by default, or SIGTERM) if it still runs, then starts a new one on
   * the same port and database and waits until it is healthy. Recovery runs at its start.
   */
  restartCore(options?: { signal?: 'SIGKILL' | 'SIGTERM'; crashAfterProviderCall?: number }): Promise<CoreChild>;
  /** Everything down, in reverse order; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startLiveWorld(options: LiveWorldOptions = {}): Promise<LiveWorld> {
  const seed = options.seed ?? freshSeed();
  const log = options.log ?? (() => undefined);
  // Fresh secrets for every world, none committed (issue #10); the SUT's own webhook secrets win.
  const generated = generateWorldSecrets();
  const secrets: WorldSecrets = {
    ...generated,
    stripe: { ...generated.stripe, webhookSecret: options.webhookSecrets?.stripe ?? generated.stripe.webhookSecret },
    adyen: { ...generated.adyen, hmacKey: options.webhookSecrets?.adyen ?? generated.adyen.hmacKey },
  };
  // The reference core takes its webhooks at /v1/webhooks/<provider>, with the secrets made here.
  if (!options.sutUrl && (options.webhookPaths || options.webhookSecrets)) {
    throw new Error('webhook paths and secrets are for an external SUT (sutUrl); the reference core uses its own');
  }
  // Undo stack: each started piece registers how to stop it; a failed start unwinds it.
  const undo: Array<() => Promise<void>> = [];
  const unwind = async () => {
    const errors: unknown[] = [];
    for (const step of undo.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, `live world teardown: ${errors.map((e) => (e as Error).message).join('; ')}`);
  };

  try {
    const database = await chooseDatabase(options, undo);

    const toxiproxy = await resolveToxiproxy({ sources: ['env', 'binary'], ...options.toxiproxy });
    undo.push(() => toxiproxy.stop());
    const client = new Toxiproxy(toxiproxy.url);
    log(`toxiproxy ${toxiproxy.version} (${toxiproxy.source}) ${toxiproxy.url}`);

    // The core's port is chosen now, before the core starts: the webhook proxy forwards to it.
    const external = options.sutUrl ? new URL(options.sutUrl) : undefined;
    let corePort = external ? Number(external.port || (external.protocol === 'https:' ? 443 : 80)) : await freeLoopbackPort();
    const coreWebhooks = await createProxy(client, 'core_webhooks', external ? `${external.hostname}:${corePort}` : corePort, undo);

    const simulators = {} as Record<Dialect, LiveSimulator>;
    const webhookUrls = {} as Record<Dialect, string>;
    for (const [i, dialect] of (['stripe', 'adyen'] as const).entries()) {
      const path = options.webhookPaths?.[dialect] ? checkWebhookPath(options.webhookPaths[dialect]!, dialect) : `/v1/webhooks/${dialect}`;
      webhookUrls[dialect] = `${httpUrl(coreWebhooks.listen)}${path}`;
      const sim = await startSimulator(dialect, {
        seed: seed + i + 1,
        webhookUrl: webhookUrls[dialect],
        ...(dialect === 'stripe' ? { webhookSecret: secrets.stripe.webhookSecret } : { hmacKey: secrets.adyen.hmacKey, apiKey: secrets.adyen.apiKey }),
        controlToken: secrets.controlToken,
        preferDefaultPort: options.simulatorPorts === 'default',
        ...(options.webhookTimeScale !== undefined ? { webhookTimeScale: options.webhookTimeScale } : {}),
      });
      undo.push(() => sim.stop());
      simulators[dialect] = sim;
    }
    const proxies: Record<ProxyName, Proxy> = {
      stripe: await createProxy(client, 'stripe', simulators.stripe.port, undo),
      adyen: await createProxy(client, 'adyen', simulators.adyen.port, undo),
      core_webhooks: coreWebhooks,
    };

    let generation = 0;
    const coreOptions = (gen: number, crashAfterProviderCall?: number): CoreChildOptions => ({
      port: corePort,
      seed: generationSeed(seed, gen),
      stripeUrl: httpUrl(proxies.stripe.listen),
      adyenUrl: httpUrl(proxies.adyen.listen),
      database,
      secrets: flattenSecrets(secrets),
      ...(options.env ? { env: options.env } : {}),
      ...(crashAfterProviderCall !== undefined ? { crashAfterProviderCall } : {}),
      ...(options.mutant ? { mutant: options.mutant } : {}),
      ...(options.coreReadyTimeoutMs !== undefined ? { readyTimeoutMs: options.coreReadyTimeoutMs } : {}),
    });
    const start = async (crashAfterProviderCall?: number): Promise<CoreChild> => {
      // The port was free when chosen; if something took it meanwhile, move and repoint the proxy.
      for (let attempt = 1; ; attempt++) {
        try {
          return await spawnCore(coreOptions(generation, crashAfterProviderCall));
        } catch (err) {
          if (attempt >= 3 || !/EADDRINUSE/.test((err as Error).message)) throw err;
          corePort = await freeLoopbackPort();
          proxies.core_webhooks = await proxies.core_webhooks.update({ enabled: true, listen: proxies.core_webhooks.listen, upstream: `127.0.0.1:${corePort}` });
          log(`core port was taken; moved to ${corePort}`);
        }
      }
    };
    // The next generations' processes, loaded and held (standbyCore): started beside the first core.
    const depth = external ? 0 : options.standbyCore === true ? 1 : Math.max(0, Math.floor(Number(options.standbyCore ?? 0)));
    const standbys: StandbyCore[] = [];
    const prepareStandby = () => {
      try {
        while (standbys.length < depth) standbys.push(spawnStandbyCore(coreOptions(generation + standbys.length + 1)));
      } catch (err) {
        log(`no standby core: ${(err as Error).message}`); // the next restarts start one from scratch
      }
    };
    undo.push(async () => {
      await Promise.all(standbys.splice(0).map((s) => s.discard()));
    });
    prepareStandby();
    let core = external ? undefined : await start(options.crashAfterProviderCall);
    undo.push(async () => {
      await core?.stop();
    });
    /** The restart's process: the standby when it is the one this restart would start, else a new one. */
    const nextCore = async (crashAfterProviderCall: number | undefined): Promise<CoreChild> => {
      const ready = standbys.shift();
      const wanted = coreOptions(generation, crashAfterProviderCall);
      if (ready && ready.alive() && crashAfterProviderCall === undefined && ready.options.port === wanted.port && ready.options.seed === wanted.seed) {
        try {
          return await ready.activate();
        } catch (err) {
          log(`standby core did not start (${(err as Error).message.split('\n')[0]}); starting a new one`);
        }
      } else if (ready) await ready.discard().catch(() => undefined);
      return start(crashAfterProviderCall);
    };
    const coreUrl = external ? options.sutUrl!.replace(/\/$/, '') : core!.url;
    log(external ? `system under test: ${coreUrl} (external: not started, not restarted by Gauntlet)` : `core ${coreUrl} (pid ${core!.pid}, seed ${seed}, db ${describeDatabase(database)})`);

    let stopping: Promise<void> | undefined;
    // Kills and restarts one at a time: two SIGKILL faults landing together must not start two
    // replacement cores on one port (the first would never be stopped, and would keep this
    // process alive). Each restart stops the core it replaces, whichever that is by then.
    const oneAtATime = serial();
    // A signal or a crash of this process stops the world with everything else.
    const release = supervisor.adopt('live world', () => world.stop());
    undo.unshift(async () => release());
    const world: LiveWorld = {
      seed,
      secrets,
      database,
      simulators,
      toxiproxy,
      toxiproxyClient: client,
      proxies,
      get core() {
        return core;
      },
      coreUrl,
      describe: () => ({
        core: coreUrl,
        simulators: { stripe: simulators.stripe.url, adyen: simulators.adyen.url },
        toxiproxy: {
          api: toxiproxy.url,
          proxies: Object.fromEntries(PROXY_NAMES.map((n) => [n, { listen: httpUrl(proxies[n].listen), upstream: httpUrl(proxies[n].upstream) }])) as Record<ProxyName, ProxyDescription>,
        },
        webhooks: { stripe: { url: webhookUrls.stripe, secret: secrets.stripe.webhookSecret }, adyen: { url: webhookUrls.adyen, hmacKey: secrets.adyen.hmacKey } },
        apiKeys: { stripe: secrets.stripe.apiKey, adyen: secrets.adyen.apiKey },
        control: { token: secrets.controlToken },
      }),
      killCore() {
        return oneAtATime(async () => {
          if (!core) throw new Error('the system under test is external: Gauntlet does not own its process');
          return core.exit() ?? (await core.kill());
        });
      },
      restartCore(restart = {}) {
        return oneAtATime(async () => {
          if (stopping) throw new Error('the live world is stopping');
          if (!core) throw new Error('the system under test is external: Gauntlet does not own its process');
          if (!core.exit()) await (restart.signal === 'SIGTERM' ? core.stop() : core.kill());
          generation += 1;
          const next = await nextCore(restart.crashAfterProviderCall);
          prepareStandby();
          // stop() may have begun while it started: it stopped the previous core, not this one.
          if (stopping) {
            await next.kill();
            throw new Error('the live world is stopping');
          }
          core = next;
          log(`core restarted (pid ${core.pid}, generation ${generation})`);
          return core;
        });
      },
      stop() {
        // After any kill or restart in progress, so the core it leaves is the one stopped.
        stopping ??= oneAtATime(async () => undefined).then(unwind, unwind);
        return stopping;
      },
    };
    return world;
  } catch (err) {
    await unwind().catch((teardown: unknown) => log(`cleanup after a failed start: ${(teardown as Error).message}`));
    throw err;
  }
}

async function chooseDatabase(options: LiveWorldOptions, undo: Array<() => Promise<void>>): Promise<CoreDatabase> {
  if (options.database) return options.database;
  const url = (options.env ?? process.env).DATABASE_URL;
  if (url) return { kind: 'postgres', url };
  const dir = await supervisor.tempDir('gauntlet-up-db-');
  undo.push(() => supervisor.removeTempDir(dir));
  return { kind: 'pglite', dir };
}

async function startSimulator(
  dialect: Dialect,
  o: { seed: number; webhookUrl: string; preferDefaultPort: boolean; controlToken: string; webhookTimeScale?: number; webhookSecret?: string; hmacKey?: string; apiKey?: string },
): Promise<LiveSimulator> {
  const base = {
    dialect,
    seed: o.seed,
    webhookUrl: o.webhookUrl,
    controlToken: o.controlToken,
    ...(o.apiKey !== undefined ? { apiKey: o.apiKey } : {}),
    ...(o.webhookTimeScale !== undefined ? { webhookTimeScale: o.webhookTimeScale } : {}),
    ...(o.webhookSecret !== undefined ? { webhookSecret: o.webhookSecret } : {}),
    ...(o.hmacKey !== undefined ? { hmacKey: o.hmacKey } : {}),
  };
  if (o.preferDefaultPort) {
    try {
      return await startLiveSimulator({ ...base, port: DEFAULT_PORTS[dialect] });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  return startLiveSimulator({ ...base, port: 0 });
}

/** A proxy on an ephemeral loopback port; one left by an earlier run on a shared server is replaced. */
async function createProxy(client: Toxiproxy, name: ProxyName, upstream: number | string, undo: Array<() => Promise<void>>): Promise<Proxy> {
  const body = { name, listen: '127.0.0.1:0', upstream: typeof upstream === 'number' ? `127.0.0.1:${upstream}` : upstream, enabled: true };
  let proxy: Proxy;
  try {
    proxy = await client.createProxy(body);
  } catch (err) {
    if (!/status code 409/.test((err as Error).message)) throw err;
    await (await client.get(name)).remove();
    proxy = await client.createProxy(body);
  }
  // Removing matters on a server we do not own (TOXIPROXY_URL); a spawned one dies with the world.
  undo.push(() => proxy.remove().catch(() => undefined));
  return proxy;
}

/** Toxiproxy's `host:port` as a URL. */
export function httpUrl(hostPort: string): string {
  return `http://${hostPort}`;
}

export function describeDatabase(db: CoreDatabase): string {
  return db.kind === 'postgres' ? 'postgres (DATABASE_URL)' : db.kind === 'pglite' ? `pglite ${db.dir}` : 'pglite (in memory)';
}
