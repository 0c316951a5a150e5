// watchWebhooks against a real Stripe simulator delivering to a real receiver: each attempt the
// receiver saw is reported once with its status and kind; what was there before the watch, and
// attempts lost in transit, are not.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveSimulator, type LiveSimulator } from './simulators.ts';
import { watchWebhooks, type WatchedWebhook } from './webhook-watch.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup() {
  let answered = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      answered += 1;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => receiver.close(() => r())));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const sims: LiveSimulator[] = [];
  for (const dialect of ['stripe', 'adyen'] as const) {
    const sim = await startLiveSimulator({ dialect, port: 0, seed: 5, webhookUrl: url });
    cleanup.push(() => sim.stop());
    sims.push(sim);
  }
  const stripe = new Stripe('sk_test_watch', { host: '127.0.0.1', port: sims[0]!.port, protocol: 'http' });
  return { stripe, sim: sims[0]!, world: { simulators: { stripe: sims[0]!.url, adyen: sims[1]!.url } }, answered: () => answered };
}

describe('watchWebhooks', () => {
  it('reports each attempt the SUT answered once, forged copies as forged; not what came before, not lost attempts', async () => {
    const s = await setup();
    await s.stripe.paymentIntents.create({ amount: 100, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
    await s.sim.sim.kernel.webhooks.flush();
    const before = s.answered();
    expect(before).toBeGreaterThan(0);

    const seen: WatchedWebhook[] = [];
    const { ready, watch } = watchWebhooks(s.world, (w) => seen.push(w), { intervalMs: 50 });
    await ready;
    s.sim.sim.kernel.faults.set({
      rules: [
        { match: { event: 'payment_intent.*' }, effect: { type: 'bad_signature' } },
        { match: { event: 'charge.*' }, effect: { type: 'drop', attempts: 1 } },
      ],
    });
    await s.stripe.paymentIntents.create({ amount: 200, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    for (let i = 0; i < 3; i++) await s.sim.sim.kernel.webhooks.flush();
    await watch.stop();

    expect(seen.length).toBe(s.answered() - before); // exactly what reached the receiver
    expect(seen.every((w) => w.provider === 'stripe' && w.status === 200)).toBe(true);
    const forged = seen.filter((w) => w.kind === 'forged');
    expect(forged.length).toBeGreaterThan(0);
    expect(forged.every((w) => w.eventType.startsWith('payment_intent.'))).toBe(true);
    // The dropped charge event's first attempt was lost; its retry got through and is reported once.
    const charge = seen.filter((w) => w.eventType === 'charge.succeeded');
    expect(charge).toHaveLength(1);
    expect(new Set(seen.map((w) => `${w.deliveryId}`)).size).toBe(seen.length);
  });
});
