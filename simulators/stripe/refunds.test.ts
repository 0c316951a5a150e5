// Refund rules, in process: by PaymentIntent or charge, partial and many, never above what is
// captured and unrefunded.
import { describe, expect, it } from 'vitest';
import { inProcess } from './test-support.ts';

async function captured(h: ReturnType<typeof inProcess>, amount: number, capture?: number) {
  const pi = await h.json('POST', '/v1/payment_intents', { amount, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
  if (capture !== 0) await h.json('POST', `/v1/payment_intents/${pi.body.id}/capture`, capture ? { amount_to_capture: capture } : {});
  return { id: pi.body.id as string, charge: pi.body.latest_charge as string };
}

describe('refunds', () => {
  it('by charge id, with reason and metadata; the full remainder by default', async () => {
    const h = inProcess(1);
    const { id, charge } = await captured(h, 1000);
    const part = await h.json('POST', '/v1/refunds', { charge, amount: 250, reason: 'requested_by_customer', metadata: { ticket: 't-1', unset: '' } });
    expect(part.body).toMatchObject({ object: 'refund', amount: 250, charge, payment_intent: id, reason: 'requested_by_customer', metadata: { ticket: 't-1' }, status: 'succeeded' });
    expect(part.body.metadata).toEqual({ ticket: 't-1' });
    const rest = await h.json('POST', '/v1/refunds', { payment_intent: id, expand: ['charge'] });
    expect(rest.body.amount).toBe(750);
    expect(rest.body.charge).toMatchObject({ id: charge, amount_refunded: 1000, refunded: true });
    const full = await h.json('POST', '/v1/refunds', { charge });
    expect(full.status).toBe(400);
    expect(full.body.error).toMatchObject({ code: 'charge_already_refunded', message: `Charge ${charge} has already been refunded.` });
  });

  it('after a partial capture only the captured amount is refundable', async () => {
    const h = inProcess(2);
    const { id } = await captured(h, 1000, 600);
    const over = await h.json('POST', '/v1/refunds', { payment_intent: id, amount: 601 });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'amount_too_large', param: 'amount', message: 'Refund amount ($6.01) is greater than unrefunded amount on charge ($6.00)' });
    expect((await h.json('POST', '/v1/refunds', { payment_intent: id, amount: 600 })).status).toBe(200);
    expect(h.sim.kernel.ledger.forPayment(id).map((m) => [m.kind, m.amount])).toEqual([
      ['authorization', 1000],
      ['capture', 600],
      ['refund', 600],
    ]);
  });

  it('an uncaptured or failed payment cannot be refunded', async () => {
    const h = inProcess(3);
    const { id } = await captured(h, 1000, 0);
    const uncaptured = await h.json('POST', '/v1/refunds', { payment_intent: id });
    expect(uncaptured.body.error.code).toBe('charge_not_refundable');
    const declined = await h.json('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true });
    const failed = await h.json('POST', '/v1/refunds', { charge: declined.body.error.charge });
    expect(failed.body.error.code).toBe('charge_not_refundable');
    expect(h.sim.kernel.ledger.all().filter((m) => m.kind === 'refund')).toHaveLength(0);
  });

  it('a charge and a PaymentIntent that do not belong together are refused', async () => {
    const h = inProcess(4);
    const a = await captured(h, 1000);
    const b = await captured(h, 1000);
    const res = await h.json('POST', '/v1/refunds', { charge: a.charge, payment_intent: b.id });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('charge');
  });

  it('lists refunds per charge, newest first; retrieves one', async () => {
    const h = inProcess(5);
    const { charge } = await captured(h, 1000);
    const r1 = await h.json('POST', '/v1/refunds', { charge, amount: 100 });
    const r2 = await h.json('POST', '/v1/refunds', { charge, amount: 200 });
    const list = await h.json('GET', '/v1/refunds', { charge });
    expect(list.body).toMatchObject({ object: 'list', url: '/v1/refunds', has_more: false });
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([r2.body.id, r1.body.id]);
    expect((await h.json('GET', `/v1/refunds/${r1.body.id}`)).body).toEqual(r1.body);
    const withRefunds = await h.json('GET', `/v1/charges/${charge}`, { expand: ['refunds'] });
    expect(withRefunds.body.refunds.data.map((r: { id: string }) => r.id)).toEqual([r2.body.id, r1.body.id]);
  });
});
