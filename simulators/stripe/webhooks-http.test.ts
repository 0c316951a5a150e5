// WebhookEndpoints through stripe-node, delivering to a real node:http receiver on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../kernel/index.ts';
import { serveSimulator, type RunningSimulator } from '../serve.ts';
import { createStripeSimulator, type StripeSimulator } from './index.ts';
import { testWallClock } from '../testing/wall-clock.ts';

let sim: StripeSimulator;
let server: RunningSimulator;
let stripe: Stripe;
let receiver: Server;
let receiverUrl: string;
const received: { body: string; signature: string }[] = [];

beforeAll(async () => {
  sim = createStripeSimulator({ env: { clock: testWallClock, random: seededRandom(21), fetch: globalThis.fetch } });
  server = await serveSimulator(sim);
  stripe = new Stripe('sk_test_123', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature']) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/stripe/webhooks`;
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
});

describe('webhook endpoints over HTTP', () => {
  it('create shows the secret once; retrieve and list do not; events verify at the receiver', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['*'], description: 'merchant' });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', url: receiverUrl, enabled_events: ['*'], description: 'merchant' });
    const again = await stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(again.secret).toBeUndefined();
    const list = await stripe.webhookEndpoints.list();
    expect(list.data.map((e) => e.id)).toContain(endpoint.id);
    expect(list.data.every((e) => e.secret === undefined)).toBe(true);

    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await stripe.refunds.create({ payment_intent: pi.id });
    await sim.kernel.webhooks.flush();

    const events = received.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, endpoint.secret!));
    expect(events.map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.refunded', 'refund.created']);
    expect(() => stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, 'whsec_someone_else')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('delete removes the endpoint; it is then a 404', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['charge.refunded'] });
    const deleted = await stripe.webhookEndpoints.del(endpoint.id);
    expect(deleted).toMatchObject({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    await expect(stripe.webhookEndpoints.retrieve(endpoint.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(stripe.webhookEndpoints.del(endpoint.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses a URL that is not http(s) and an endpoint without events', async () => {
    await expect(stripe.webhookEndpoints.create({ url: 'ftp://example.com/x', enabled_events: ['*'] })).rejects.toMatchObject({ statusCode: 400, param: 'url' });
    await expect(stripe.webhookEndpoints.create({ url: receiverUrl } as never)).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'enabled_events' });
  });
});
