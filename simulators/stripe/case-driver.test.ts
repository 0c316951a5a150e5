// The Stripe case driver speaks the wire API through app.fetch and reads Stripe's answers right.
import { describe, expect, it } from 'vitest';
import { createStripeCaseDriver } from './case-driver.ts';
import { inProcess } from './test-support.ts';

function driver(seed = 1) {
  const h = inProcess(seed);
  return { h, d: createStripeCaseDriver(h.sim) };
}

describe('Stripe case driver', () => {
  it('covers the reasons the Stripe test PaymentMethods decline with', () => {
    const { d } = driver();
    expect([...d.declineReasons].sort()).toEqual(
      ['expired_card', 'fraudulent', 'generic_decline', 'incorrect_cvc', 'insufficient_funds', 'lost_card', 'processing_error', 'stolen_card'].sort(),
    );
  });

  it('authorize, capture part, refund, and a refused over-refund', async () => {
    const { h, d } = driver(2);
    const auth = await d.authorize({ amount: 1000, currency: 'usd', capture: 'manual', card: 'approved', reference: 'case-1' });
    expect(auth).toMatchObject({ status: 200, outcome: 'authorized', replayed: false, paymentId: expect.stringMatching(/^pi_/) });
    const cap = await d.capture(auth.paymentId!, 700);
    expect(cap).toMatchObject({ status: 200, outcome: 'captured', paymentId: auth.paymentId });
    expect(await d.refund(auth.paymentId!, 300)).toMatchObject({ outcome: 'accepted' });
    expect(await d.refund(auth.paymentId!, 500)).toMatchObject({ status: 400, outcome: 'refused' });
    expect(h.sim.kernel.ledger.forPayment(auth.paymentId!).map((m) => [m.kind, m.amount, m.reference])).toEqual([
      ['authorization', 1000, 'case-1'],
      ['capture', 700, 'case-1'],
      ['refund', 300, 'case-1'],
    ]);
  });

  it('automatic capture reports captured; void reports accepted', async () => {
    const { d } = driver(3);
    expect(await d.authorize({ amount: 100, currency: 'eur', capture: 'automatic', card: 'approved' })).toMatchObject({ outcome: 'captured' });
    const held = await d.authorize({ amount: 100, currency: 'eur', capture: 'manual', card: 'approved' });
    expect(await d.void(held.paymentId!)).toMatchObject({ status: 200, outcome: 'accepted' });
    expect(await d.void(held.paymentId!)).toMatchObject({ status: 400, outcome: 'refused' });
  });

  it('reads every decline back as its reason', async () => {
    const { d } = driver(4);
    for (const reason of d.declineReasons) {
      const r = await d.authorize({ amount: 100, currency: 'usd', capture: 'manual', card: reason });
      expect(r).toMatchObject({ status: 402, outcome: 'declined', declineReason: reason, paymentId: expect.stringMatching(/^pi_/) });
    }
  });

  it('flags replays and reports a dropped connection as a 504 error', async () => {
    const { h, d } = driver(5);
    const c = { amount: 100, currency: 'usd', capture: 'manual' as const, card: 'approved' as const, idempotencyKey: 'case-key' };
    const first = await d.authorize(c);
    const again = await d.authorize(c);
    expect(again).toMatchObject({ replayed: true, paymentId: first.paymentId, body: first.body });
    h.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, effect: { type: 'fail_before_commit' } }] });
    expect(await d.capture(first.paymentId!)).toMatchObject({ status: 504, outcome: 'error', body: '', paymentId: first.paymentId });
    expect(h.sim.kernel.ledger.forPayment(first.paymentId!).filter((m) => m.kind === 'capture')).toHaveLength(0);
  });

  it('registers a webhook endpoint and verifies its deliveries with stripe-node', async () => {
    const { h, d } = driver(6);
    const secret = await d.registerWebhook('http://merchant.test/hooks');
    expect(secret).toMatch(/^whsec_/);
    h.sim.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.created' }, effect: { type: 'bad_signature' } }] });
    await d.authorize({ amount: 100, currency: 'usd', capture: 'automatic', card: 'approved' });
    await h.sim.kernel.webhooks.flush();
    // payment_intent.created (forged copy first, then genuine), charge.succeeded, payment_intent.succeeded
    expect(h.inbox.map((r) => d.verifyWebhook(r.body, r.headers, secret))).toEqual([false, true, true, true]);
    expect(d.verifyWebhook(h.inbox[1]!.body, h.inbox[1]!.headers, 'whsec_wrong')).toBe(false);
    expect(d.verifyWebhook(h.inbox[1]!.body.replace('"livemode": false', '"livemode": true'), h.inbox[1]!.headers, secret)).toBe(false);
    expect(d.verifyWebhook(h.inbox[1]!.body, {}, secret)).toBe(false);
  });
});
