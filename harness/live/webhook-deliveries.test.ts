// The live world's webhook record, against real simulators on real sockets and a real receiver:
// the delivery logs, read over the control API (through WorldControl), become the history's
// webhook events, and webhook integrity judges them: a receiver that verifies passes, one that
// takes everything in (forgeries included) or refuses everything is caught.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import adyen from '@adyen/api-library';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookIntegrity } from '../checker/webhook-integrity.ts';
import { HistoryRecorder } from '../history/index.ts';
import type { RunRecord } from '../history/types.ts';
import { generateWorldSecrets } from './secrets.ts';
import { startLiveSimulator, type LiveSimulator } from './simulators.ts';
import { eventually } from './test-support.ts';
import { recordDeliveries, type DeliveryLogs } from './webhook-deliveries.ts';
import { worldControl } from './world-control.ts';

type Policy = 'verify' | 'accept-all' | 'refuse-all';

const stops: (() => Promise<void>)[] = [];
/** This file's own secrets, made fresh (no committed default exists): the simulators sign with them, the receiver verifies. */
const SECRETS = generateWorldSecrets();
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A merchant's webhook receiver: verifies both dialects (and fails each delivery's first attempt with a 503), or takes everything in, or refuses everything. */
async function receiver(policy: Policy): Promise<string> {
  const validator = new adyen.hmacValidator();
  const seen = new Set<string>();
  const verifies = (path: string, body: string, headers: Record<string, string | string[] | undefined>): boolean => {
    try {
      if (path.endsWith('/stripe')) return Boolean(Stripe.webhooks.constructEvent(body, String(headers['stripe-signature'] ?? ''), SECRETS.stripe.webhookSecret));
      const item = JSON.parse(body).notificationItems[0].NotificationRequestItem;
      return validator.validateHMAC(item, SECRETS.adyen.hmacKey);
    } catch {
      return false;
    }
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const delivery = `${req.url} ${String(req.headers['x-gauntlet-delivery'])}`; // ids are per simulator
      const ok = policy === 'accept-all' || (policy === 'verify' && verifies(req.url ?? '', body, req.headers));
      if (!ok) return void res.writeHead(400).end('refused');
      // Verifying, the first attempt of every accepted delivery fails: the PSP's retry must get it in.
      const first = policy === 'verify' && !seen.has(delivery);
      seen.add(delivery);
      res.writeHead(first ? 503 : 200).end(first ? 'busy' : '[accepted]');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stops.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function world(policy: Policy) {
  const hooks = await receiver(policy);
  const forge = (lie: string, signature: string) => ({ rules: [{ match: { event: '*' }, times: 1, effect: { type: 'forge', lie, signature } }] }) as never;
  const start = (dialect: 'stripe' | 'adyen', plan: never): Promise<LiveSimulator> =>
    startLiveSimulator({ dialect, port: 0, seed: 5, webhookUrl: `${hooks}/hooks/${dialect}`, plan, ...(dialect === 'stripe' ? { webhookSecret: SECRETS.stripe.webhookSecret } : { hmacKey: SECRETS.adyen.hmacKey }) }).then((s) => (stops.push(() => s.stop()), s));
  const stripe = await start('stripe', forge('refund', 'missing'));
  const adyenSim = await start('adyen', forge('capture', 'wrong_secret'));
  const control = worldControl({ core: hooks, simulators: { stripe: stripe.url, adyen: adyenSim.url }, toxiproxy: { api: 'http://127.0.0.1:1', proxies: {} as never } });
  return { stripe, adyen: adyenSim, control };
}

/** One payment at each PSP, then every delivery settled; the run as the checkers see it. */
async function run(policy: Policy, since?: number): Promise<{ record: RunRecord; logs: DeliveryLogs }> {
  const w = await world(policy);
  const started = Date.now();
  const pi = await fetch(`${w.stripe.url}/v1/payment_intents`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_live', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'amount=1200&currency=usd&payment_method=pm_card_visa&confirm=true&capture_method=manual',
  });
  expect(pi.status).toBe(200);
  const pay = await fetch(`${w.adyen.url}/v71/payments`, {
    method: 'POST',
    headers: { 'x-api-key': 'gauntlet_local_test_key', 'content-type': 'application/json' },
    body: JSON.stringify({ amount: { value: 1200, currency: 'EUR' }, reference: 'live-1', merchantAccount: 'GauntletLive', returnUrl: 'https://merchant.test/return', paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737', holderName: 'Ada Lovelace' } }),
  });
  expect(pay.status, await pay.clone().text()).toBe(200);
  const logs = await eventually('every delivery finished', async () => {
    const l = await w.control.webhookDeliveries();
    const all = [...(l.stripe ?? []), ...(l.adyen ?? [])];
    // Refused genuine deliveries are retried for (compressed) days: there, one answered attempt each is enough.
    const done = (d: (typeof all)[number] & { state?: string }) => (policy === 'refuse-all' ? d.attempts.some((a) => a.status !== undefined) : d.state !== 'queued' && d.state !== 'held');
    return all.length >= 6 && all.every(done) ? l : undefined;
  });
  const history = new HistoryRecorder(() => Date.now());
  history.phase('safety');
  history.phase('heal');
  history.phase('liveness');
  recordDeliveries(history, logs, since ?? started);
  history.phase('final');
  return { record: { seed: 5, history: history.events, ledger: [], final: [], livenessBoundMs: 60_000 }, logs };
}

describe('recordDeliveries: the live world records webhook deliveries from the simulators\' logs', () => {
  it('records every attempt that crossed the wire, in time order, at its own time, with its delivery id and forgery; a verifying receiver passes', async () => {
    const { record, logs } = await run('verify');
    const webhooks = record.history.filter((e) => e.type === 'webhook');
    const attempts = [...(logs.stripe ?? []), ...(logs.adyen ?? [])].flatMap((d) => d.attempts);
    expect(webhooks).toHaveLength(attempts.length);
    expect(webhooks.map((w) => w.t)).toEqual([...webhooks.map((w) => w.t)].sort((a, b) => a - b));
    const forged = webhooks.filter((w) => w.kind === 'forged');
    expect(forged.map((w) => [w.provider, w.status, w.forgery]).sort()).toEqual([
      ['adyen', 400, 'a capture that did not happen, signed with the wrong secret'],
      ['stripe', 400, 'a refund that did not happen, signature missing'],
    ]);
    // Each genuine delivery: a 503, then the retry (same delivery id) accepted.
    const genuine = webhooks.filter((w) => w.kind === 'genuine');
    const byDelivery = new Map<string, typeof genuine>();
    for (const w of genuine) byDelivery.set(`${w.provider}/${w.deliveryId}`, [...(byDelivery.get(`${w.provider}/${w.deliveryId}`) ?? []), w]);
    expect(byDelivery.size).toBeGreaterThanOrEqual(4);
    for (const tries of byDelivery.values()) expect(tries.map((w) => w.status)).toEqual([503, 200]);
    expect(webhookIntegrity(record)).toEqual({ invariant: 'webhook-integrity', valid: true, violations: [] });
  });

  it('a receiver that takes everything in is caught accepting the forgeries', async () => {
    const { record } = await run('accept-all');
    const r = webhookIntegrity(record);
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => v.explanation).sort()).toEqual([
      expect.stringMatching(/^the SUT accepted a forged adyen webhook .* \(a capture that did not happen, signed with the wrong secret\) with HTTP 200/),
      expect.stringMatching(/^the SUT accepted a forged stripe webhook .* \(a refund that did not happen, signature missing\) with HTTP 200/),
    ]);
    expect(r.violations.every((v) => v.explanation.includes('forged'))).toBe(true);
  });

  it('a receiver that refuses everything is caught refusing genuine deliveries', async () => {
    const { record } = await run('refuse-all');
    const r = webhookIntegrity(record);
    expect(r.valid).toBe(false);
    expect(r.violations.length).toBeGreaterThanOrEqual(4);
    expect(r.violations.every((v) => v.explanation.startsWith('the SUT refused a genuine'))).toBe(true);
  });

  it('since: attempts before the run are left out', async () => {
    const { record } = await run('verify', Date.now() + 3_600_000);
    expect(record.history.filter((e) => e.type === 'webhook')).toEqual([]);
    expect(webhookIntegrity(record).valid).toBe('unknown');
  });
});
