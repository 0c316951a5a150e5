// Webhooks, in process on a virtual clock: real Stripe Event objects, signed so that stripe-node's
// constructEvent accepts the genuine ones and rejects forged and stale copies.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { inProcess, type Received } from './test-support.ts';

const SECRET = 'whsec_test_secret_for_receiver';

function verify(r: Received, secret = SECRET) {
  return Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature']!, secret, undefined, undefined, r.at);
}

async function manualFlow(h: ReturnType<typeof inProcess>) {
  const pi = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true }, { 'idempotency-key': 'k-create' });
  await h.json('POST', `/v1/payment_intents/${pi.body.id}/capture`, { amount_to_capture: 800 });
  await h.json('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 300 });
  return pi.body.id as string;
}

describe('webhooks', () => {
  it('delivers every event of a flow, each verified by constructEvent', async () => {
    const h = inProcess(1, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET }] });
    const piId = await manualFlow(h);
    await h.sim.kernel.webhooks.flush();
    const events = h.inbox.map((r) => verify(r));
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'charge.captured',
      'payment_intent.succeeded',
      'charge.refunded',
      'refund.created',
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ object: 'event', livemode: false, pending_webhooks: 1, api_version: expect.any(String) });
      expect(e.id).toMatch(/^evt_/);
      expect(e.created).toBe(Math.floor(h.clock.now() / 1000));
    }
    expect(events[0]!.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: 'k-create' });
    expect((events[0]!.data.object as Stripe.PaymentIntent).id).toBe(piId);
    expect((events[2]!.data.object as Stripe.PaymentIntent).amount_capturable).toBe(1000);
    expect((events[5]!.data.object as Stripe.Charge).amount_refunded).toBe(300);
    expect(h.inbox[0]!.headers['content-type']).toMatch(/^application\/json/);
    for (const r of h.inbox) expect(r.headers['stripe-signature']).toMatch(new RegExp(`^t=${Math.floor(r.at / 1000)},v1=[0-9a-f]{64}$`));
  });

  it('raises payment_failed and charge.failed for a decline, and the events are listable', async () => {
    const h = inProcess(2, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET, events: ['payment_intent.payment_failed'] }] });
    const res = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true });
    expect(res.status).toBe(402);
    await h.sim.kernel.webhooks.flush();
    expect(h.inbox.map((r) => verify(r).type)).toEqual(['payment_intent.payment_failed']);
    const list = await h.json('GET', '/v1/events', { type: 'charge.*' });
    expect(list.body.data.map((e: { type: string }) => e.type)).toEqual(['charge.failed']);
    const all = await h.json('GET', '/v1/events', { limit: 2 });
    expect(all.body.data.map((e: { type: string }) => e.type)).toEqual(['payment_intent.payment_failed', 'charge.failed']);
    expect(all.body.has_more).toBe(true);
    const one = await h.json('GET', `/v1/events/${all.body.data[0].id}`);
    expect(one.body).toEqual(all.body.data[0]);
  });

  it('a forged copy (bad_signature fault) fails constructEvent; the genuine one passes', async () => {
    const h = inProcess(3, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET }] });
    h.sim.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.created' }, effect: { type: 'bad_signature' } }] });
    await h.json('POST', '/v1/payment_intents', { amount: 500, currency: 'usd' });
    await h.sim.kernel.webhooks.flush();
    expect(h.inbox).toHaveLength(2);
    const [forged, genuine] = h.inbox;
    expect(forged!.body).toBe(genuine!.body);
    expect(() => verify(forged!)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(verify(genuine!).type).toBe('payment_intent.created');
  });

  it('a stale replay (stale fault) fails constructEvent’s tolerance', async () => {
    const h = inProcess(4, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET }] });
    h.sim.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.created' }, effect: { type: 'stale', ageMs: 15 * 60_000 } }] });
    await h.json('POST', '/v1/payment_intents', { amount: 500, currency: 'usd' });
    await h.sim.kernel.webhooks.deliverDue();
    expect(h.inbox).toHaveLength(1);
    await h.clock.advance(15 * 60_000);
    await h.sim.kernel.webhooks.deliverDue();
    expect(h.inbox).toHaveLength(2);
    const stale = h.inbox[1]!;
    expect(stale.body).toBe(h.inbox[0]!.body);
    expect(() => verify(stale)).toThrow(/Timestamp outside the tolerance zone/);
    expect(stale.headers['stripe-signature']).toMatch(new RegExp(`^t=${Math.floor(h.inbox[0]!.at / 1000)},`));
    expect(verify(h.inbox[0]!).type).toBe('payment_intent.created');
  });

  it('retries on Stripe’s schedule until a 2xx', async () => {
    const h = inProcess(5, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET }] });
    h.answer.status = 500;
    await h.json('POST', '/v1/payment_intents', { amount: 500, currency: 'usd' });
    await h.sim.kernel.webhooks.deliverDue();
    expect(h.inbox).toHaveLength(1);
    expect(h.sim.kernel.webhooks.nextDueAt()).toBe(h.clock.now() + 60_000);
    h.answer.status = 204;
    await h.clock.advance(60_000);
    await h.sim.kernel.webhooks.deliverDue();
    expect(h.inbox).toHaveLength(2);
    expect(h.sim.kernel.webhooks.summary()).toMatchObject({ delivered: 1, queued: 0 });
  });

  it('webhookTimeScale compresses the retry schedule', async () => {
    const h = inProcess(6, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET }], webhookTimeScale: 0.001 });
    h.answer.status = 503;
    await h.json('POST', '/v1/payment_intents', { amount: 500, currency: 'usd' });
    await h.sim.kernel.webhooks.deliverDue();
    expect(h.sim.kernel.webhooks.nextDueAt()).toBe(h.clock.now() + 60);
  });
});
