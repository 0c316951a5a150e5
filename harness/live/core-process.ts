// The reference core as a live server: wall clock, real sockets, a database (PGlite in memory or
// a directory, or the server in DATABASE_URL), recovery at start, and a background pump that
// applies webhooks, relays the outbox and re-sends stale operations.
import { type Core, type CoreOptions, createAdyenAdapter, createCore, createStripeAdapter, type MutantName, openDatabase, type SettlementEntry, sqlStore, withMutant } from '../../core/index.ts';
import { seededRandom, serveSimulator } from '../../simulators/index.ts';
import { generateWorldSecrets } from './secrets.ts';
import { wallClock } from './wall-clock.ts';

export interface LiveCoreOptions {
  port: number;
  hostname?: string;
  seed: number;
  databaseUrl?: string;
  dataDir?: string;
  stripeUrl?: string;
  adyenUrl?: string;
  stripeApiKey?: string;
  stripeWebhookSecret?: string;
  adyenApiKey?: string;
  adyenHmacKey?: string;
  adyenMerchantAccount?: string;
  /** Sent as a bearer token when the core asks the simulators' control API for settlement reports. */
  controlToken?: string;
  outboxUrl?: string;
  /** Where settlement reports come from: the simulators' control API (default when they are Gauntlet simulators). */
  settlementFromSimulators?: boolean;
  /** Test-only: SIGKILL this process right after the Nth provider call, before its outcome is written. */
  crashAfterProviderCall?: number;
  /** Harness selftest only: run as the named built-in mutant (core/mutants/). */
  mutant?: MutantName;
  pumpIntervalMs?: number;
  log?: (line: string) => void;
}

export interface LiveCore {
  core: Core;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startLiveCore(o: LiveCoreOptions): Promise<LiveCore> {
  await standbyPoint();
  // No committed default secrets (issue #10): what the caller does not give is made fresh here,
  // so webhooks verify only when the caller handed the same secrets to the simulators.
  const fresh = generateWorldSecrets();
  const fetch = globalThis.fetch.bind(globalThis);
  // The live core is a real process on real SQL (PGlite, or the server at DATABASE_URL): never memory.
  const store = sqlStore(await openDatabase({ url: o.databaseUrl, dataDir: o.dataDir, now: () => wallClock.now() }));
  const adapters = {
    ...(o.stripeUrl
      ? { stripe: createStripeAdapter({ baseUrl: o.stripeUrl, apiKey: o.stripeApiKey ?? fresh.stripe.apiKey, webhookSecret: o.stripeWebhookSecret ?? fresh.stripe.webhookSecret, fetch }) }
      : {}),
    ...(o.adyenUrl
      ? {
          adyen: createAdyenAdapter({
            baseUrl: o.adyenUrl,
            apiKey: o.adyenApiKey ?? fresh.adyen.apiKey,
            merchantAccount: o.adyenMerchantAccount ?? 'GauntletCore',
            hmacKey: o.adyenHmacKey ?? fresh.adyen.hmacKey,
            fetch,
          }),
        }
      : {}),
  };
  const urls: Record<string, string | undefined> = { stripe: o.stripeUrl, adyen: o.adyenUrl };
  let providerCalls = 0;
  // Ids come from the seeded random source: a restart on the same database with the same seed
  // must not mint the ids of the previous run again, so the rows already there move the seed on.
  const prior = await store.events.count();
  const coreOptions: CoreOptions = {
    env: { clock: wallClock, random: seededRandom((o.seed + Number(prior) * 0x9e3779b1) >>> 0), fetch },
    store,
    adapters,
    ...(o.settlementFromSimulators === false
      ? {}
      : {
          settlementSource: async (provider: string, date: string): Promise<SettlementEntry[]> => {
            const headers: Record<string, string> = o.controlToken ? { authorization: `Bearer ${o.controlToken}` } : {};
            const res = await fetch(`${urls[provider]}/__gauntlet/settlements?date=${date}&format=json`, { headers });
            if (!res.ok) throw new Error(`settlement report for ${provider} ${date}: HTTP ${res.status}`);
            const body = (await res.json()) as { lines: { type: SettlementEntry['type']; paymentId: string; currency: string; gross: number }[] };
            return body.lines.map((l) => ({ type: l.type, providerPaymentId: l.paymentId, currency: l.currency, gross: l.gross }));
          },
        }),
    ...(o.outboxUrl ? { outbox: { url: o.outboxUrl, fetch } } : {}),
    ...(o.crashAfterProviderCall
      ? {
          afterProviderCall: () => {
            providerCalls += 1;
            if (providerCalls === o.crashAfterProviderCall) process.kill(process.pid, 'SIGKILL');
          },
        }
      : {}),
    log: o.log ?? ((line) => console.log(line)),
  };
  const core = createCore(o.mutant ? withMutant(coreOptions, o.mutant) : coreOptions);
  const recovered = await core.recover();
  if (recovered.resolved.examined > 0 || recovered.keys > 0) {
    core.log(`recovery: re-sent ${recovered.resolved.examined} open operation(s), ${recovered.resolved.stillOpen} still open; answered ${recovered.keys} in-flight key(s)`);
  }
  const server = await serveSimulator(core, { port: o.port, hostname: o.hostname ?? '127.0.0.1' });
  let stopped = false;
  const pumping = (async () => {
    while (!stopped) {
      try {
        await core.pump();
      } catch (err) {
        core.log(`pump: ${(err as Error).message}`);
      }
      await wallClock.sleep(o.pumpIntervalMs ?? 200);
    }
  })();
  return {
    core,
    url: server.url,
    port: server.port,
    async stop() {
      stopped = true;
      await pumping;
      await server.close();
      await store.close();
    },
  };
}

/**
 * A core started as a standby (core-child.ts spawnStandbyCore, GAUNTLET_CORE_STANDBY=1) has loaded
 * everything and waits here, before it opens the database, for a line on stdin: the restart that
 * needs it. Its stdin closing first means it is not needed: it leaves, having touched nothing.
 */
async function standbyPoint(): Promise<void> {
  if (process.env.GAUNTLET_CORE_STANDBY !== '1') return;
  await new Promise<void>((resolve) => {
    let line = '';
    const onData = (d: Buffer) => {
      line += d.toString('utf8');
      if (line.includes('\n')) done();
    };
    const onEnd = () => process.exit(0);
    const done = () => {
      process.stdin.off('data', onData).off('end', onEnd);
      process.stdin.pause();
      resolve();
    };
    process.stdin.on('data', onData).once('end', onEnd);
  });
}
