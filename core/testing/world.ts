// The simulation world for the core's tests: both simulators and the core in one process, talking
// through `app.fetch` on one virtual clock, on a fresh database (PGlite, or the server named by
// GAUNTLET_TEST_DATABASE_URL), with webhook endpoints registered both ways.
import {
  VirtualClock,
  createAdyenSimulator,
  createStripeSimulator,
  inProcessFetch,
  seededRandom,
  type InProcessApp,
} from '../../simulators/index.ts';
import { createAdyenAdapter } from '../adapters/adyen/index.ts';
import { createStripeAdapter } from '../adapters/stripe/index.ts';
import { createCore, type Core, type CoreOptions } from '../core.ts';
import { testDb, untilDbIdle } from '../db/test-db.ts';
import type { PaymentView } from '../payments/view.ts';
import { sqlStore } from '../storage/sql-store.ts';
import type { SettlementEntry } from '../reconciliation/settlement.ts';

export const START = Date.UTC(2026, 4, 4, 10, 0, 0);
export const STRIPE_WEBHOOK_SECRET = 'whsec_core_world_test';
export const ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

export type World = Awaited<ReturnType<typeof coreWorld>>;

/**
 * `core`: options merged over the world's; `shape`: a last say over the assembled options (a test
 * that wraps the adapters or swaps policies in, the way a test builds a core with one bug planted).
 */
export async function coreWorld(opts: { seed?: number; core?: Partial<CoreOptions>; shape?: (options: CoreOptions) => CoreOptions } = {}) {
  const seed = opts.seed ?? 1;
  const clock = new VirtualClock(START);
  const routes: Record<string, InProcessApp> = {};
  const net = inProcessFetch(routes);
  const stripe = createStripeSimulator({ env: { clock, random: seededRandom(seed), fetch: net } });
  const adyen = createAdyenSimulator({ env: { clock, random: seededRandom(seed + 1), fetch: net }, hmacKey: ADYEN_HMAC_KEY });
  routes['http://stripe.sim'] = stripe.app;
  routes['http://adyen.sim'] = adyen.app;
  // The core's own suite keeps exercising the SQL engine (PGlite, or Postgres in make test's second
  // run); `db` stays at hand for tests that look at the tables with SQL.
  const db = await testDb();
  const store = sqlStore(db);
  const settlementSource = async (provider: string, date: string): Promise<SettlementEntry[]> => {
    const res = await net(`http://${provider}.sim/__gauntlet/settlements?date=${date}&format=json`);
    const body = (await res.json()) as { lines: { type: SettlementEntry['type']; paymentId: string; currency: string; gross: number }[] };
    return body.lines.map((l) => ({ type: l.type, providerPaymentId: l.paymentId, currency: l.currency, gross: l.gross }));
  };
  const options: CoreOptions = {
    env: { clock, random: seededRandom(seed + 2), fetch: net },
    store,
    adapters: {
      stripe: createStripeAdapter({ baseUrl: 'http://stripe.sim', apiKey: 'sk_test_core', webhookSecret: STRIPE_WEBHOOK_SECRET, fetch: net }),
      adyen: createAdyenAdapter({ baseUrl: 'http://adyen.sim', apiKey: 'core_api_key', merchantAccount: 'GauntletCore', hmacKey: ADYEN_HMAC_KEY, fetch: net }),
    },
    settlementSource,
    ...opts.core,
  };
  const core: Core = createCore(opts.shape ? opts.shape(options) : options);
  routes['http://core.sim'] = core.app;
  const endpoints = {
    stripe: stripe.kernel.webhooks.addEndpoint({ url: 'http://core.sim/v1/webhooks/stripe', secret: STRIPE_WEBHOOK_SECRET }),
    adyen: adyen.kernel.webhooks.addEndpoint({ url: 'http://core.sim/v1/webhooks/adyen', secret: ADYEN_HMAC_KEY }),
  };

  let keys = 0;
  /** Calls the merchant API; POSTs get a fresh Idempotency-Key unless one is given. */
  const api = async (method: string, path: string, body?: unknown, key?: string | null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (method === 'POST' && key !== null) headers['idempotency-key'] = key ?? `test-key-${++keys}`;
    const res = await core.app.fetch(new Request(`http://core.sim${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as PaymentView & { error?: { type: string; code: string; param?: string } } };
  };

  /** Runs `call` while moving the virtual clock, so latency, timeouts and backoff can pass. */
  const whileTimePasses = async <T>(call: () => Promise<T>, stepMs = 250, maxSteps = 400): Promise<T> => {
    let done = false;
    const pending = call().finally(() => (done = true));
    // A server answers in real milliseconds: let the database go idle before virtual time moves on.
    for (let i = 0; i < maxSteps && !done; i++) {
      await untilDbIdle(db);
      await clock.advance(stepMs);
    }
    return pending;
  };

  /** Delivers every pending webhook from both simulators and applies them. */
  const drainWebhooks = async () => {
    await stripe.kernel.webhooks.flush();
    await adyen.kernel.webhooks.flush();
    await core.inbox.drain();
  };

  return { seed, clock, stripe, adyen, core, db, store, net, routes, endpoints, api, whileTimePasses, drainWebhooks, close: () => db.close() };
}
