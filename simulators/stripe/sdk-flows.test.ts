// The official stripe-node SDK, unchanged, over real HTTP: the payment lifecycles.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../serve.ts';
import type { StripeSimulator } from './index.ts';
import { overHttp } from './test-support.ts';

let sim: StripeSimulator;
let server: RunningSimulator;
let stripe: Stripe;

beforeAll(async () => {
  ({ sim, server, stripe } = await overHttp(7, globalThis.fetch));
});
afterAll(() => server.close());

describe('stripe-node against the simulator', () => {
  it('manual capture: create+confirm, capture part, refund twice, list', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      metadata: { reference: 'order-1' },
      description: 'Order 1',
    });
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(2000);
    expect(pi.amount_received).toBe(0);
    expect(pi.latest_charge).toMatch(/^ch_/);
    expect(pi.metadata).toEqual({ reference: 'order-1' });
    expect(pi.lastResponse.requestId).toMatch(/^req_/);

    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1500 });
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(1500);
    expect(captured.amount_capturable).toBe(0);
    // Stripe's single capture releases the uncaptured remainder: the authorization is closed.
    expect(sim.kernel.payments.get(pi.id)).toMatchObject({ authorized: 2000, captured: 1500, authorizationOpen: false });

    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const r2 = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect([r1.status, r2.status]).toEqual(['succeeded', 'succeeded']);
    expect(r1.charge).toBe(pi.latest_charge);

    // Nothing left to refund: the capture was 1500 and 1500 came back.
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1 })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'charge_already_refunded',
    });

    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount: 2000, amount_captured: 1500, amount_refunded: 1500, refunded: true, captured: true, paid: true, status: 'succeeded', payment_intent: pi.id });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });

    const refunds = await stripe.refunds.list({ payment_intent: pi.id });
    expect(refunds.data.map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect(refunds.has_more).toBe(false);

    const ledger = sim.kernel.ledger.forPayment(pi.id).map((m) => [m.kind, m.amount, m.operation, m.reference]);
    expect(ledger).toEqual([
      ['authorization', 2000, 'stripe.payment_intents.create', 'order-1'],
      ['capture', 1500, 'stripe.payment_intents.capture', 'order-1'],
      ['refund', 500, 'stripe.refunds.create', 'order-1'],
      ['refund', 1000, 'stripe.refunds.create', 'order-1'],
    ]);
  });

  it('automatic capture succeeds at once; latest_charge expands', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1234, currency: 'eur', payment_method: 'pm_card_mastercard', confirm: true, expand: ['latest_charge'] });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(1234);
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.object).toBe('charge');
    expect(charge.captured).toBe(true);
    expect(charge.payment_method_details?.card?.last4).toBe('4444');
    expect(sim.kernel.ledger.forPayment(pi.id).map((m) => m.kind)).toEqual(['authorization', 'capture']);
  });

  it('create, then confirm separately; then cancel is refused', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 500, currency: 'gbp', payment_method: 'pm_card_visa' });
    expect(pi.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(pi.id);
    expect(confirmed.status).toBe('succeeded');
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state', statusCode: 400 });
  });

  it('cancel releases an authorization (a void in the ledger)', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(sim.kernel.ledger.forPayment(pi.id).map((m) => [m.kind, m.amount])).toEqual([
      ['authorization', 900],
      ['void', 900],
    ]);
    await expect(stripe.paymentIntents.capture(pi.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('lists PaymentIntents newest first with limit and starting_after', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stripe.paymentIntents.create({ amount: 100 + i, currency: 'usd' })).id);
    const first = await stripe.paymentIntents.list({ limit: 2 });
    expect(first.object).toBe('list');
    expect(first.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const next = await stripe.paymentIntents.list({ limit: 1, starting_after: ids[1] });
    expect(next.data.map((p) => p.id)).toEqual([ids[0]]);
    const back = await stripe.paymentIntents.list({ limit: 5, ending_before: ids[0] });
    expect(back.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const nearest = await stripe.paymentIntents.list({ limit: 1, ending_before: ids[0] });
    expect(nearest.data.map((p) => p.id)).toEqual([ids[1]]);
    expect(nearest.has_more).toBe(true);
  });
});
