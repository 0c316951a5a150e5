// The simulators' speed over real HTTP, as ratios measured in one run with the same vegeta
// settings (the machine is shared and noisy; a ratio survives that, an absolute figure does not):
//   - a bare Hono endpoint on the same server stack: what the HTTP layer alone costs;
//   - stripe-mock (Stripe's own, stateless mock, pinned): the yardstick for a fake Stripe;
//   - the Stripe simulator, stateful: create+confirm a PaymentIntent with manual capture;
//   - the same through a real toxiproxy-server proxy (no toxics): what the proxy hop costs;
//   - the Adyen simulator: /payments, authorise with manual capture.
// Each simulator starts fresh, so no run pays for the state an earlier one left; all of them are
// measured in turns (turns.ts) so that their ratios saw the same machine load.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { Toxiproxy } from 'toxiproxy-node-client';
import { createAdyenSimulator, createStripeSimulator, seededRandom, serveSimulator, type RunningSimulator } from '../../simulators/index.ts';
import { wallClock } from '../live/wall-clock.ts';
import { resolveToxiproxy } from '../toolchain/index.ts';
import { ownCpuMs, processCpuMs } from './cpu.ts';
import { startStripeMock } from './stripe-mock.ts';
import { inTurns, roundsOf, type Contender, type Measured, type TurnOptions } from './turns.ts';
import { attack, type LoadOptions, type LoadTarget } from './vegeta.ts';

export type { Measured } from './turns.ts';

/** A comparison that could not run here, and why. */
export interface Unavailable {
  unavailable: string;
}

export interface SimulatorBenchResult {
  /** Turns each server had (turns.ts), after its warm-up. */
  rounds: number;
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

/** What stripe-node sends for a create+confirm: a form body and an Idempotency-Key of its own. */
export function stripeTarget(baseUrl: string): LoadTarget {
  return { method: 'POST', url: `${baseUrl}/v1/payment_intents`, headers: STRIPE_HEADERS, body: STRIPE_CREATE_CONFIRM_BODY, uniqueHeader: 'Idempotency-Key' };
}

export function isUnavailable(x: Measured | Unavailable): x is Unavailable {
  return 'unavailable' in x;
}

/** A fresh Stripe simulator on the wall clock, no webhook endpoints (stripe-mock sends none either). */
export function freshStripeSimulator(seed = 1) {
  return createStripeSimulator({ env: { clock: wallClock, random: seededRandom(seed), fetch: globalThis.fetch.bind(globalThis) } });
}

export async function benchSimulator(options: TurnOptions): Promise<SimulatorBenchResult> {
  // Everything is started first and measured in turns (turns.ts): the ratios compare servers that
  // saw the same machine load. Each simulator is its own, fresh.
  const stack = new Cleanup();
  try {
    const bare = stack.server(await serveSimulator({ app: bareApp() }));
    const stripe = stack.server(await serveSimulator(freshStripeSimulator()));
    const adyenSim = createAdyenSimulator({ env: { clock: wallClock, random: seededRandom(1), fetch: globalThis.fetch.bind(globalThis) }, hmacKey: randomBytes(32).toString('hex') });
    const adyen = stack.server(await serveSimulator(adyenSim));
    const contenders: Contender[] = [
      { name: 'bare', target: stripeTarget(bare.url), cpuMs: ownCpuMs },
      { name: 'stripe', target: stripeTarget(stripe.url), cpuMs: ownCpuMs },
      { name: 'adyen', target: adyenTarget(adyen.url, adyenSim.merchantAccount), cpuMs: ownCpuMs },
    ];
    const mock = await startStripeMock();
    if (mock.ok) {
      stack.defer(() => mock.mock.stop());
      contenders.push({ name: 'stripe-mock', target: stripeTarget(mock.mock.url), cpuMs: () => processCpuMs(mock.mock.pid) });
    }
    const proxied = await proxiedStripe(stack);
    // The simulator's CPU only: toxiproxy-server's own is the hop's cost, seen in the throughput.
    if ('url' in proxied) contenders.push({ name: 'toxiproxy', target: stripeTarget(proxied.url), cpuMs: ownCpuMs });

    const m = await inTurns(contenders, options);
    const get = (name: string): Measured => m.get(name)!;
    const stripeMock: Measured | Unavailable = mock.ok ? get('stripe-mock') : { unavailable: mock.reason };
    const stripeViaToxiproxy: Measured | Unavailable = 'url' in proxied ? get('toxiproxy') : proxied;
    return {
      rounds: roundsOf(options),
      bare: get('bare'),
      stripeMock,
      stripe: get('stripe'),
      stripeViaToxiproxy,
      adyen: get('adyen'),
      ratios: {
        ...(isUnavailable(stripeMock) ? {} : { stripeVsStripeMock: get('stripe').throughput / stripeMock.throughput }),
        stripeVsBare: get('stripe').throughput / get('bare').throughput,
        adyenVsBare: get('adyen').throughput / get('bare').throughput,
        ...(isUnavailable(stripeViaToxiproxy) ? {} : { toxiproxyVsDirect: stripeViaToxiproxy.throughput / get('stripe').throughput }),
      },
    };
  } finally {
    await stack.run();
  }
}

/**
 * The floor: Hono on @hono/node-server reading the same form body and answering JSON, with no
 * state. It reads with text() + URLSearchParams, the cheapest honest parse (parseBody() goes
 * through a web-stream Request and FormData on node-server, which would flatter the simulators).
 */
function bareApp(): Hono {
  const app = new Hono();
  app.post('/v1/payment_intents', async (c) => c.json({ object: 'payment_intent', received: [...new URLSearchParams(await c.req.text()).keys()].length }));
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

/** A run against a server living in this process, alone (no turns): its CPU is this process's. */
export async function measureOwn(target: LoadTarget, options: LoadOptions): Promise<Measured> {
  const before = ownCpuMs();
  const report = await attack(target, options);
  const spent = ownCpuMs() - before;
  return report.requests > 0 ? { ...report, cpuMsPerRequest: spent / report.requests } : report;
}

/** A fresh Stripe simulator behind a proxy of a real toxiproxy-server (no toxics): its URL, or why not. */
async function proxiedStripe(stack: Cleanup): Promise<{ url: string } | Unavailable> {
  let toxiproxy;
  try {
    toxiproxy = await resolveToxiproxy({ sources: ['env', 'binary'] });
  } catch (err) {
    return { unavailable: (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 3).join(' ') };
  }
  stack.defer(() => toxiproxy.stop());
  const sim = stack.server(await serveSimulator(freshStripeSimulator()));
  const proxy = await new Toxiproxy(toxiproxy.url).createProxy({ name: `bench_stripe_${process.pid}`, listen: '127.0.0.1:0', upstream: new URL(sim.url).host, enabled: true });
  stack.defer(() => proxy.remove().catch(() => undefined));
  return { url: `http://${proxy.listen}` };
}

/** What to stop at the end, newest first (Node 20 has no AsyncDisposableStack). */
class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];
  defer(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }
  server<T extends RunningSimulator>(s: T): T {
    this.defer(() => s.close());
    return s;
  }
  async run(): Promise<void> {
    for (const step of this.steps.reverse()) await step().catch(() => undefined);
  }
}
