// The Stripe simulator over real HTTP next to a bare Hono endpoint on the same server stack, in
// the same run: the ratio says what the simulator's own work costs, whatever the machine.
import { Hono } from 'hono';
import { createStripeSimulator, seededRandom, serveSimulator } from '../../simulators/index.ts';
import { wallClock } from '../live/wall-clock.ts';
import { attack, type LoadOptions, type LoadReport } from './vegeta.ts';

export interface SimulatorBenchResult {
  bare: LoadReport;
  stripe: LoadReport;
  /** Stripe simulator throughput as a fraction of the bare endpoint's. */
  throughputRatio: number;
  /** Stripe simulator p99 over the bare endpoint's p99. */
  p99Ratio: number;
}

const FORM = 'Content-Type: application/x-www-form-urlencoded';

export async function benchSimulator(options: LoadOptions): Promise<SimulatorBenchResult> {
  const bareApp = new Hono();
  bareApp.post('/v1/payment_intents', async (c) => c.json({ object: 'payment_intent', received: Object.keys(await c.req.parseBody()).length }));
  const bare = await serveSimulator({ app: bareApp });
  const sim = createStripeSimulator({ env: { clock: wallClock, random: seededRandom(1), fetch: globalThis.fetch.bind(globalThis) } });
  const stripe = await serveSimulator(sim);
  const body = 'amount=2000&currency=usd&payment_method=pm_card_visa&confirm=true&metadata[reference]=bench';
  const headers = { Authorization: 'Bearer sk_test_bench', 'Content-Type': FORM.split(': ')[1]! };
  try {
    const bareReport = await attack({ method: 'POST', url: `${bare.url}/v1/payment_intents`, headers, body }, options);
    const stripeReport = await attack({ method: 'POST', url: `${stripe.url}/v1/payment_intents`, headers, body }, options);
    return {
      bare: bareReport,
      stripe: stripeReport,
      throughputRatio: stripeReport.throughput / bareReport.throughput,
      p99Ratio: stripeReport.p99Ms / bareReport.p99Ms,
    };
  } finally {
    await bare.close();
    await stripe.close();
  }
}
