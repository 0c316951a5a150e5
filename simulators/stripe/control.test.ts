// The control API on the Stripe simulator: disputes announced Stripe's way, reset, ledger.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { inProcess } from './test-support.ts';

const SECRET = 'whsec_control_test';

async function control(h: ReturnType<typeof inProcess>, method: string, path: string, body?: unknown) {
  const res = await h.sim.app.fetch(new Request(`http://stripe.test/__gauntlet${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
  return { status: res.status, body: (await res.json()) as any };
}

describe('control API', () => {
  it('opens a dispute on a captured payment and sends charge.dispute.created', async () => {
    const h = inProcess(1, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET, events: ['charge.dispute.created'] }] });
    const pi = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const res = await control(h, 'POST', '/disputes', { paymentId: pi.body.id, amount: 400, reason: 'fraudulent' });
    expect(res.status).toBe(201);
    expect(res.body.disputeId).toMatch(/^dp_/);
    expect(h.sim.kernel.ledger.forPayment(pi.body.id).at(-1)).toMatchObject({ kind: 'dispute', amount: 400, requestId: 'control' });
    await h.sim.kernel.webhooks.flush();
    const event = Stripe.webhooks.constructEvent(h.inbox[0]!.body, h.inbox[0]!.headers['stripe-signature']!, SECRET, undefined, undefined, h.inbox[0]!.at);
    expect(event.type).toBe('charge.dispute.created');
    expect(event.data.object).toMatchObject({ object: 'dispute', id: res.body.disputeId, amount: 400, charge: pi.body.latest_charge, payment_intent: pi.body.id, reason: 'fraudulent', status: 'needs_response' });
    expect(event.request).toEqual({ id: null, idempotency_key: null });
    const charge = await h.json('GET', `/v1/charges/${pi.body.latest_charge}`);
    expect(charge.body.disputed).toBe(true);
    // Only what is neither refunded nor disputed can still be refunded.
    const refund = await h.json('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 601 });
    expect(refund.body.error.code).toBe('amount_too_large');
  });

  it('refuses a dispute on an unknown or uncaptured payment', async () => {
    const h = inProcess(2);
    expect((await control(h, 'POST', '/disputes', { paymentId: 'pi_nope' })).status).toBe(404);
    const pi = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    expect((await control(h, 'POST', '/disputes', { paymentId: pi.body.id })).status).toBe(400);
    expect(h.sim.kernel.ledger.all().filter((m) => m.kind === 'dispute')).toHaveLength(0);
  });

  it('reset forgets the PaymentIntents, and so does an in-process kernel reset', async () => {
    const h = inProcess(3);
    const a = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' });
    expect((await control(h, 'POST', '/reset')).status).toBe(200);
    expect((await h.json('GET', `/v1/payment_intents/${a.body.id}`)).status).toBe(404);
    const b = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd' });
    h.sim.kernel.reset();
    expect((await h.json('GET', `/v1/payment_intents/${b.body.id}`)).status).toBe(404);
    expect((await h.json('GET', '/v1/payment_intents')).body.data).toEqual([]);
  });

  it('control routes need no API key and carry no Request-Id', async () => {
    const h = inProcess(4);
    const res = await h.sim.app.fetch(new Request('http://stripe.test/__gauntlet/ledger'));
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toBeNull();
  });

  it('settles captures with Stripe’s 2.9% + 30 fee, refunds without one', async () => {
    const h = inProcess(5);
    const pi = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { reference: 'ord-9' } });
    await h.json('POST', '/v1/refunds', { payment_intent: pi.body.id, amount: 400 });
    const res = await control(h, 'GET', '/settlements?date=2025-01-15&format=json');
    expect(res.body.lines.map((l: any) => [l.type, l.reference, l.gross, l.fee, l.net])).toEqual([
      ['capture', 'ord-9', 1000, 59, 941],
      ['refund', 'ord-9', -400, 0, -400],
    ]);
  });
});
