// The simulation world: both simulators and the reference core in one process, on one virtual
// clock, talking through the in-process network (with its nemesis), on a store (in memory by
// default, or SQL: ./sim-store.ts) emptied between runs. Everything random derives from the seed.
import { createHash } from 'node:crypto';
import { clockDeadline } from '../../spec/index.ts';
import type { Scheduler } from 'fast-check';
import { type Core, type CoreOptions, createAdyenAdapter, createCore, createStripeAdapter, type SettlementEntry, type Store, withMutant } from '../../core/index.ts';
import { DELIVERY_HEADER, VirtualClock, type InProcessApp, createAdyenSimulator, createStripeSimulator, installLightResponse, seededRandom, type Simulator } from '../../simulators/index.ts';
import type { AdapterFactories } from './adapter-env.ts';
import { untilStoreIdle } from './sim-store.ts';
import { createMerchantApiDriver } from '../driver/index.ts';
import type { Driver } from '../driver/types.ts';
import { HistoryRecorder, describeForgery } from '../history/index.ts';
import { InProcessNetwork } from '../nemesis/network.ts';

export const SIM_START = Date.UTC(2026, 5, 1, 9, 0, 0);
/**
 * The world's signing secrets, derived from its seed: nothing here listens on a socket, and a
 * committed constant (Adyen's documentation sample key, say) is what a forger would try first.
 */
function simSecrets(seed: number): { stripe: string; adyen: string } {
  const digest = createHash('sha256').update(`gauntlet-sim-world:${seed}`).digest('hex');
  return { stripe: `whsec_${digest.slice(0, 32)}`, adyen: digest.toUpperCase() };
}
export const ORIGINS = { stripe: 'http://stripe.sim', adyen: 'http://adyen.sim', core: 'http://core.sim', merchant: 'http://merchant.sim' } as const;
/** Where the core relays its merchant events (its outbox): the merchant's receiver. */
export const MERCHANT_EVENTS_URL = `${ORIGINS.merchant}/events`;

export interface SimWorld {
  clock: VirtualClock;
  network: InProcessNetwork;
  sims: { stripe: Simulator; adyen: Simulator };
  core: Core;
  driver: Driver;
  history: HistoryRecorder;
  /**
   * Runs `work` while moving virtual time, so latency, timeouts, backoff and held answers pass.
   * Work still pending after `maxVirtualMs` (default 300 s) of virtual time is a harness bug.
   */
  whileTimePasses<T>(work: () => Promise<T>, o?: { maxVirtualMs?: number }): Promise<T>;
  /** Delivers the webhooks that are due now, and lets the core apply them. */
  deliverDue(): Promise<void>;
  /**
   * deliverDue without moving time itself: for work already running inside whileTimePasses
   * (a nested whileTimePasses would move time twice as fast and release hops from two loops).
   */
  pumpOnce(): Promise<void>;
  /**
   * `work` with the PSPs' webhooks crossing the wire while it runs, each when it is due: a webhook
   * can land before the API answer it is about, as in production. Run it inside whileTimePasses.
   */
  withWebhooks<T>(work: () => Promise<T>): () => Promise<T>;
  /** The core relays its outbox once to the merchant's receiver (at most one batch). */
  relayMerchantEvents(): Promise<void>;
  /**
   * The liveness phase after every fault healed: time for the SUT's breakers to cool down, rounds
   * of webhook delivery (retries included) and SUT reconciliation, then the time that held
   * deliveries (a stale replay, a long delay) wait for.
   */
  settle(): Promise<void>;
}

export interface SimWorldOptions {
  seed: number;
  /** The core's storage (./sim-store.ts): emptied before the run. */
  store: Store;
  mutant?: string;
  core?: Partial<CoreOptions>;
  /** fast-check's scheduler: decides the order of every hop on the in-process network. */
  interleaver?: Scheduler;
  /**
   * `gauntlet certify`: a team's adapter in place of the built-in one for its dialect, built from
   * the same endpoint, keys and in-process fetch. Absent: the built-in adapters, as always.
   */
  adapterFactories?: AdapterFactories;
}

/** The merchant's request timeout as an abort reason, built once (abort() would build a DOMException per request). */
const REQUEST_TIMED_OUT = new DOMException('no answer within the request timeout (virtual clock)', 'TimeoutError');

/** Why a webhook pump's sleep is cut short: the work it ran beside is over. */
const PUMP_STOPPED = 'work over';

/** How often, in virtual time, due webhooks are sent while an operation is in flight. */
const WEBHOOK_PUMP_MS = 250;
/** Virtual time between healing and the liveness rounds (the reference core's breaker cools down in 10 s). */
const HEAL_GRACE_MS = 30_000;

/** Bound on outbox batches relayed after healing: far beyond any run's events. */
const MAX_RELAY_ROUNDS = 1_000;

/**
 * The merchant's receiver: takes in every merchant event the core POSTs and records it in the
 * history as it arrives. A body that is not a merchant event is refused with a 400 and recorded
 * as nothing.
 */
export function merchantReceiver(history: HistoryRecorder): InProcessApp {
  return {
    fetch: async (req: Request) => {
      if (req.method !== 'POST' || new URL(req.url).pathname !== '/events') return Response.json({ error: 'not found' }, { status: 404 });
      let body: { id?: unknown; type?: unknown; paymentId?: unknown; payload?: { status?: unknown } };
      try {
        body = (await req.json()) as typeof body;
      } catch {
        return Response.json({ error: 'the body is not JSON' }, { status: 400 });
      }
      if (body === null || typeof body !== 'object' || (typeof body.id !== 'number' && typeof body.id !== 'string') || typeof body.type !== 'string' || typeof body.paymentId !== 'string') {
        return Response.json({ error: 'a merchant event needs id, type and paymentId' }, { status: 400 });
      }
      const status = body.payload && typeof body.payload === 'object' && typeof body.payload.status === 'string' ? body.payload.status : undefined;
      history.merchantEvent({ type: 'merchant_event', eventId: String(body.id), eventType: body.type, paymentId: body.paymentId, ...(status ? { status } : {}) });
      return Response.json({ received: true });
    },
  };
}

/** Releases of scheduled hops within one whileTimePasses: far beyond any run, a bound on a harness bug. */
const MAX_RELEASES = 200_000;

export async function buildSimWorld(o: SimWorldOptions): Promise<SimWorld> {
  // The apps' answers are read once, whole, in this process: no stream per answer (see the file).
  installLightResponse();
  await o.store.reset();
  const clock = new VirtualClock(SIM_START);
  const network = new InProcessNetwork(clock);
  network.interleaver = o.interleaver;
  const history = new HistoryRecorder(() => clock.now());
  const stripe = createStripeSimulator({ env: { clock, random: seededRandom(o.seed), fetch: network.fetch, appRouter: 'linear' }, webhookTimeScale: 0.01 });
  const { stripe: STRIPE_SECRET, adyen: ADYEN_HMAC } = simSecrets(o.seed);
  const adyen = createAdyenSimulator({ env: { clock, random: seededRandom(o.seed ^ 0x5bd1e995), fetch: network.fetch, appRouter: 'linear' }, hmacKey: ADYEN_HMAC, webhookTimeScale: 0.01 });
  network.routes[ORIGINS.stripe] = stripe.app;
  network.routes[ORIGINS.adyen] = adyen.app;
  network.routes[ORIGINS.merchant] = merchantReceiver(history);
  const settlementSource = async (provider: string, date: string): Promise<SettlementEntry[]> => {
    const sim = provider === 'stripe' ? stripe : adyen;
    return sim.kernel.settlement(date).map((l) => ({ type: l.type, providerPaymentId: l.paymentId, currency: l.currency, gross: l.gross }));
  };
  const stripeEnv = { baseUrl: ORIGINS.stripe, apiKey: 'sk_test_simulation', webhookSecret: STRIPE_SECRET, fetch: network.fetch };
  const adyenEnv = { baseUrl: ORIGINS.adyen, apiKey: 'simulation_key', merchantAccount: 'GauntletSim', hmacKey: ADYEN_HMAC, fetch: network.fetch };
  const coreOptions: CoreOptions = {
    env: { clock, random: seededRandom(o.seed ^ 0x27d4eb2f), fetch: network.fetch, appRouter: 'linear' },
    store: o.store,
    adapters: {
      stripe: (o.adapterFactories?.stripe ?? createStripeAdapter)(stripeEnv),
      adyen: (o.adapterFactories?.adyen ?? createAdyenAdapter)(adyenEnv),
    },
    settlementSource,
    // Merchant events cross the network's faults (a fault on ORIGINS.merchant shapes them like any
    // other hop) but not the interleaver: relayed between steps, they race nothing money depends on.
    outbox: { url: MERCHANT_EVENTS_URL, fetch: network.fetchUnscheduled },
    ...o.core,
  };
  const core = createCore(o.mutant ? withMutant(coreOptions, o.mutant) : coreOptions);
  network.routes[ORIGINS.core] = core.app;
  stripe.kernel.webhooks.addEndpoint({ url: `${ORIGINS.core}/v1/webhooks/stripe`, secret: STRIPE_SECRET });
  adyen.kernel.webhooks.addEndpoint({ url: `${ORIGINS.core}/v1/webhooks/adyen`, secret: ADYEN_HMAC });

  // Webhooks are recorded as they cross the wire, with the simulator's word on what each copy was.
  network.observer = (request, response) => {
    const id = request.headers.get(DELIVERY_HEADER);
    if (!id) return;
    const provider = request.url.includes('/stripe') ? 'stripe' : 'adyen';
    const sim = provider === 'stripe' ? stripe : adyen;
    const delivery = sim.kernel.webhooks.list().find((d) => d.id === id);
    if (!delivery) return;
    history.webhook({
      type: 'webhook',
      provider,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      kind: delivery.kind,
      ...(response ? { status: response.status } : {}),
      deliveryId: delivery.id,
      ...(delivery.forgery ? { forgery: describeForgery(delivery.forgery) } : {}),
    });
  };

  const driver = createMerchantApiDriver({
    baseUrl: ORIGINS.core,
    fetch: network.fetch,
    name: o.mutant ? `core (mutant ${o.mutant})` : 'core',
    requestTimeoutMs: 30_000,
    deadline: (ms) => clockDeadline(clock, ms, REQUEST_TIMED_OUT),
  });

  const whileTimePasses = async <T>(work: () => Promise<T>, opts: { maxVirtualMs?: number } = {}): Promise<T> => {
    let done = false;
    const steps = Math.ceil((opts.maxVirtualMs ?? 300_000) / 100);
    const pending = work().finally(() => (done = true));
    // Hops waiting at the wire go first, one at a time in the scheduler's order; time moves only
    // when nothing is waiting there.
    // Whether the last thing done was the clock's advance, which ends on a turn that let every
    // woken sleeper's work run to its next wait (so the in-memory store cannot be busy).
    let settled = false;
    for (let i = 0, released = 0; i < steps && !done; ) {
      if (o.interleaver && o.interleaver.count() > 0 && released < MAX_RELEASES) {
        released += 1;
        settled = false;
        // Every hop already on its way reaches the wire before the scheduler picks one, so it
        // picks among all of them. fast-check's waitNext(1) gives them 50 microtask ticks (an
        // async loop, two promises a tick: a sixth of an explored run's allocations); one
        // macrotask turn lets them all run, and picks the same hops (same digests).
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (o.interleaver.count() > 0) await o.interleaver.waitOne();
        continue;
      }
      // The work runs until it waits on time or the wire before the clock moves; storage takes no
      // virtual time on any engine (./sim-store.ts).
      const busy = await untilStoreIdle(o.store, { settled });
      settled = false;
      if (busy || done || (o.interleaver && o.interleaver.count() > 0 && released < MAX_RELEASES)) continue;
      // Nothing waits at the wire or on storage, so until the clock's next deadline no step would
      // wake anyone: jump straight to the step that reaches it (the same 100 ms grid, the same
      // wake-ups, without the empty turns; a 60 s wait was 600 of them).
      const next = clock.nextDeadline();
      const n = Math.min(steps - i, next === undefined ? steps - i : Math.max(1, Math.ceil((next - clock.now()) / 100)));
      // untilStoreIdle has just taken a turn and nothing ran since: advance need not take another.
      await clock.advance(100 * n, { settled: true });
      settled = true;
      i += n;
    }
    if (!done) {
      // Nothing in the world can still be waiting after 5 minutes of virtual time: a harness bug.
      pending.catch(() => undefined);
      throw new Error(`work still pending after ${steps / 10} s of virtual time`);
    }
    return pending;
  };

  // IfAny: this core is the only one writing its outbox (its store is its own), so a relay that
  // cannot find anything skips its query (core/core.ts).
  const relayOnce = async () => {
    await core.relayOutboxIfAny();
  };
  const relayMerchantEvents = () => whileTimePasses(relayOnce);

  // Deliveries cross the network too (a latency fault on the core's side holds them). The core
  // then relays what it announced since (its outbox pump, between steps).
  // The world's drains are drainIfDue: this core is the only one writing its inbox (its store is
  // its own, emptied above), so a drain that cannot find anything skips its query (core/webhooks/inbox.ts).
  const pumpOnce = async () => {
    await stripe.kernel.webhooks.deliverDue();
    await adyen.kernel.webhooks.deliverDue();
    await core.inbox.drainIfDue();
    await relayOnce();
  };
  const deliverDue = () => whileTimePasses(pumpOnce);

  const sendDue = async () => {
    await stripe.kernel.webhooks.deliverDue();
    await adyen.kernel.webhooks.deliverDue();
    await core.inbox.drainIfDue();
  };

  const withWebhooks = <T>(work: () => Promise<T>) => async (): Promise<T> => {
    let done = false;
    // The work's end cuts the pump's sleep short: an operation that is over does not wait out the
    // rest of a pump interval (it did, up to 250 ms of virtual time, on an engine that answered
    // within a turn, and not on one that was still busy, so the same run's times differed).
    const stop = new AbortController();
    let finished!: () => void;
    const over = new Promise<void>((resolve) => (finished = resolve));
    const pump = (async () => {
      while (!done) {
        await Promise.race([clock.sleep(WEBHOOK_PUMP_MS, stop.signal), over]);
        if (!done) await sendDue();
      }
    })();
    try {
      return await work();
    } finally {
      done = true;
      stop.abort(PUMP_STOPPED);
      finished();
      await pump;
    }
  };

  const settle = async () => {
    await clock.advance(HEAL_GRACE_MS);
    for (let round = 0; round < 3; round++) {
      await whileTimePasses(async () => {
        await stripe.kernel.webhooks.flush();
        await adyen.kernel.webhooks.flush();
        await core.inbox.drainIfDue();
        await driver.reconcile?.();
        await core.inbox.drainIfDue();
      });
    }
    for (let i = 0; i < 20; i++) {
      const next = Math.min(...[stripe, adyen].map((sim) => sim.kernel.webhooks.nextDueAt() ?? Infinity));
      if (!Number.isFinite(next)) break;
      await clock.advance(Math.max(0, next - clock.now()));
      await deliverDue();
    }
    // Everything healed: the core relays its outbox until nothing is left or a POST still fails.
    await whileTimePasses(async () => {
      for (let i = 0; i < MAX_RELAY_ROUNDS; i++) {
        const r = await core.relayOutboxIfAny();
        if (r.delivered === 0 || r.failed > 0) break;
      }
    });
  };

  return { clock, network, sims: { stripe, adyen }, core, driver, history, whileTimePasses, deliverDue, pumpOnce, withWebhooks, relayMerchantEvents, settle };
}
