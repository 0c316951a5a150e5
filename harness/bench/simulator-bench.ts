// The simulators' speed over real HTTP, as ratios measured in one run with the same vegeta
// settings (the machine is shared and noisy; a ratio survives that, an absolute figure does not):
//   - a bare Hono endpoint on the same server stack: what the HTTP layer alone costs;
//   - stripe-mock (Stripe's own, stateless mock, pinned): the yardstick for a fake Stripe;
//   - the Stripe simulator, stateful: create+confirm a PaymentIntent with manual capture;
//   - the same through a real toxiproxy-server proxy (no toxics): what the proxy hop costs;
//   - the Adyen simulator: /payments, authorise with manual capture.
// Each simulator starts fresh, so no run pays for the state an earlier one left.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { Toxiproxy } from 'toxiproxy-node-client';
import { createAdyenSimulator, createStripeSimulator, seededRandom, serveSimulator, type RunningSimulator } from '../../simulators/index.ts';
import { wallClock } from '../live/wall-clock.ts';
import { resolveToxiproxy } from '../toolchain/index.ts';
import { ownCpuMs, processCpuMs } from './cpu.ts';
import { startStripeMock } from './stripe-mock.ts';
import { attack, type LoadOptions, type LoadReport, type LoadTarget } from './vegeta.ts';

/** A load run, with the CPU the server spent per request when it can be told. */
export interface Measured extends LoadReport {
  /** Server CPU (user + system) over the run divided by the requests answered, in ms. */
  cpuMsPerRequest?: number;
}

/** A comparison that could not run here, and why. */
export interface Unavailable {
  unavailable: string;
}

export interface SimulatorBenchResult {
  bare: Measured;
  stripeMock: Measured | Unavailable;
  stripe: Measured;
  /** The Stripe simulator through a toxiproxy-server proxy. */
  stripeViaToxiproxy: Measured | Unavailable;
  adyen: Measured;
  /** Throughputs divided, in the same run. Absent when one side is unavailable. */
  ratios: {
    stripeVsStripeMock?: number;
    stripeVsBare: number;
    adyenVsBare: number;
    toxiproxyVsDirect?: number;
  };
}

export const STRIPE_CREATE_CONFIRM_BODY = 'amount=2000&currency=usd&payment_method=pm_card_visa&confirm=true&capture_method=manual&metadata[reference]=bench';
const STRIPE_HEADERS = { Authorization: 'Bearer sk_test_bench', 'Content-Type': 'application/x-www-form-urlencoded' };

export function stripeTarget(baseUrl: string): LoadTarget {
  return { method: 'POST', url: `${baseUrl}/v1/payment_intents`, headers: STRIPE_HEADERS, body: STRIPE_CREATE_CONFIRM_BODY };
}

export function isUnavailable(x: Measured | Unavailable): x is Unavailable {
  return 'unavailable' in x;
}

/** A fresh Stripe simulator on the wall clock, no webhook endpoints (stripe-mock sends none either). */
export function freshStripeSimulator(seed = 1) {
  return createStripeSimulator({ env: { clock: wallClock, random: seededRandom(seed), fetch: globalThis.fetch.bind(globalThis) } });
}

export async function benchSimulator(options: LoadOptions): Promise<SimulatorBenchResult> {
  const bare = await withServer(serveSimulator({ app: bareApp() }), (url) => measureOwn(stripeTarget(url), options));
  const stripeMock = await measureStripeMock(options);
  const stripe = await withServer(serveSimulator(freshStripeSimulator()), (url) => measureOwn(stripeTarget(url), options));
  const stripeViaToxiproxy = await measureThroughToxiproxy(options);
  const adyenSim = createAdyenSimulator({ env: { clock: wallClock, random: seededRandom(1), fetch: globalThis.fetch.bind(globalThis) }, hmacKey: randomBytes(32).toString('hex') });
  const adyen = await withServer(serveSimulator(adyenSim), (url) => measureOwn(adyenTarget(url, adyenSim.merchantAccount), options));
  return {
    bare,
    stripeMock,
    stripe,
    stripeViaToxiproxy,
    adyen,
    ratios: {
      ...(isUnavailable(stripeMock) ? {} : { stripeVsStripeMock: stripe.throughput / stripeMock.throughput }),
      stripeVsBare: stripe.throughput / bare.throughput,
      adyenVsBare: adyen.throughput / bare.throughput,
      ...(isUnavailable(stripeViaToxiproxy) ? {} : { toxiproxyVsDirect: stripeViaToxiproxy.throughput / stripe.throughput }),
    },
  };
}

/** The baseline: Hono on @hono/node-server reading the same form body and answering JSON. */
function bareApp(): Hono {
  const app = new Hono();
  app.post('/v1/payment_intents', async (c) => c.json({ object: 'payment_intent', received: Object.keys(await c.req.parseBody()).length }));
  return app;
}

function adyenTarget(baseUrl: string, merchantAccount: string): LoadTarget {
  const body = {
    amount: { value: 2000, currency: 'EUR' },
    reference: 'bench',
    merchantAccount,
    returnUrl: 'https://merchant.example/return',
    paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737', holderName: 'John Smith' },
    additionalData: { manualCapture: 'true' },
  };
  return { method: 'POST', url: `${baseUrl}/v71/payments`, headers: { 'X-API-Key': 'bench_api_key', 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

async function withServer<T>(starting: Promise<RunningSimulator>, run: (url: string) => Promise<T>): Promise<T> {
  const server = await starting;
  try {
    return await run(server.url);
  } finally {
    await server.close();
  }
}

/** A run against a server living in this process: its CPU is this process's. */
export async function measureOwn(target: LoadTarget, options: LoadOptions): Promise<Measured> {
  return measure(target, options, ownCpuMs);
}

async function measure(target: LoadTarget, options: LoadOptions, cpuMs: () => number | undefined): Promise<Measured> {
  const before = cpuMs();
  const report = await attack(target, options);
  const after = cpuMs();
  const answered = report.requests;
  return before !== undefined && after !== undefined && answered > 0 ? { ...report, cpuMsPerRequest: (after - before) / answered } : report;
}

async function measureStripeMock(options: LoadOptions): Promise<Measured | Unavailable> {
  const started = await startStripeMock();
  if (!started.ok) return { unavailable: started.reason };
  try {
    return await measure(stripeTarget(started.mock.url), options, () => processCpuMs(started.mock.pid));
  } finally {
    await started.mock.stop();
  }
}

/** A fresh Stripe simulator behind a proxy of a real toxiproxy-server (no toxics). */
async function measureThroughToxiproxy(options: LoadOptions): Promise<Measured | Unavailable> {
  let toxiproxy;
  try {
    toxiproxy = await resolveToxiproxy({ sources: ['env', 'binary'] });
  } catch (err) {
    return { unavailable: (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 3).join(' ') };
  }
  try {
    return await withServer(serveSimulator(freshStripeSimulator()), async (url) => {
      const client = new Toxiproxy(toxiproxy.url);
      const proxy = await client.createProxy({ name: `bench_stripe_${process.pid}`, listen: '127.0.0.1:0', upstream: new URL(url).host, enabled: true });
      try {
        // The simulator's CPU only: toxiproxy-server's own is the hop's cost, seen in the throughput.
        return await measureOwn(stripeTarget(`http://${proxy.listen}`), options);
      } finally {
        await proxy.remove().catch(() => undefined);
      }
    });
  } finally {
    await toxiproxy.stop();
  }
}
