// The `forge` webhook fault, Stripe dialect: a forged event that lies, sent ahead of the genuine
// one. stripe-node's constructEvent (what a careful receiver runs) refuses every forgery; what the
// forgery claims is checked field by field, so a receiver that skips verification is visibly fooled.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { ForgeryLie, ForgerySignature } from '../kernel/index.ts';
import { inProcess, type Received } from './test-support.ts';

const SECRET = 'whsec_test_secret_for_receiver';

function verify(r: Received) {
  return Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] ?? '', SECRET, undefined, undefined, r.at);
}

/** A manual-capture intent authorized for 1000, with a forge rule on its authorization event. */
async function forged(lie: ForgeryLie, signature: ForgerySignature = 'wrong_secret') {
  const h = inProcess(7, { endpoints: [{ url: 'http://merchant.test/hooks', secret: SECRET, events: ['payment_intent.amount_capturable_updated'] }] });
  h.sim.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.amount_capturable_updated' }, effect: { type: 'forge', lie, signature } }] });
  const pi = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, 'metadata[payment_id]': 'pay_1' });
  await h.sim.kernel.webhooks.flush();
  expect(h.inbox).toHaveLength(2);
  const [fake, genuine] = h.inbox as [Received, Received];
  expect(verify(genuine).type).toBe('payment_intent.amount_capturable_updated');
  return { h, piId: pi.body.id as string, fake, genuine, body: JSON.parse(fake.body) as Stripe.Event };
}

describe('forge: Stripe forgeries that lie', () => {
  it('capture: a payment_intent.succeeded for the whole amount, on an intent only authorized', async () => {
    const { piId, fake, genuine, body } = await forged('capture');
    expect(() => verify(fake)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(body.type).toBe('payment_intent.succeeded');
    expect(body.id).not.toBe(JSON.parse(genuine.body).id);
    expect(body.data.object).toMatchObject({ id: piId, object: 'payment_intent', status: 'succeeded', amount_received: 1000, metadata: { payment_id: 'pay_1' } });
  });

  it('refund: a succeeded refund.created for a refund the PSP never made', async () => {
    const { h, piId, body } = await forged('refund');
    expect(body.type).toBe('refund.created');
    expect(body.data.object).toMatchObject({ object: 'refund', amount: 1000, currency: 'usd', payment_intent: piId, status: 'succeeded' });
    const refundId = (body.data.object as Stripe.Refund).id;
    expect((await h.json('GET', `/v1/refunds/${refundId}`)).status).toBe(404);
  });

  it('amount: the genuine event id with its amounts doubled', async () => {
    const { genuine, body } = await forged('amount');
    const real = JSON.parse(genuine.body) as Stripe.Event;
    expect(body.id).toBe(real.id);
    expect((body.data.object as Stripe.PaymentIntent).amount_capturable).toBe(2000);
    expect((real.data.object as Stripe.PaymentIntent).amount_capturable).toBe(1000);
  });

  it('unknown_payment: the same event about an intent that does not exist', async () => {
    const { h, piId, fake, body } = await forged('unknown_payment');
    const obj = body.data.object as Stripe.PaymentIntent;
    expect(obj.id).not.toBe(piId);
    expect(fake.body).not.toContain(piId);
    expect(obj.metadata).not.toHaveProperty('payment_id');
    expect((await h.json('GET', `/v1/payment_intents/${obj.id}`)).status).toBe(404);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['malformed', 'garbage'],
  ] as const)('signature %s: Stripe-Signature is %j, and constructEvent refuses it', async (signature, header) => {
    const { fake } = await forged('refund', signature);
    expect(fake.headers['stripe-signature']).toBe(header);
    expect(() => verify(fake)).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('the delivery log names the forgery, sent once and never retried', async () => {
    const { h } = await forged('capture', 'missing');
    const [fake, genuine] = h.sim.kernel.webhooks.list();
    expect(fake).toMatchObject({ kind: 'forged', retries: false, forgery: { lie: 'capture', signature: 'missing' } });
    expect(genuine).toMatchObject({ kind: 'genuine', state: 'delivered' });
    expect(genuine!.forgery).toBeUndefined();
  });
});
