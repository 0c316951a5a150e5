// An event is a snapshot of its object when it was raised: what happens to the payment later
// (capture, refunds, a declined retry) never reaches an event already recorded or sent.
import { describe, expect, it } from 'vitest';
import { inProcess } from './test-support.ts';

describe('Stripe events', () => {
  it('keep the object as it was when raised, through capture and refunds', async () => {
    const h = inProcess(5);
    const created = await h.json('POST', '/v1/payment_intents', { amount: 5000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, metadata: { order: 'o-1' } });
    const id = created.body.id as string;
    const events = async () => (await h.json('GET', '/v1/events', { limit: 100 })).body.data as { type: string; data: { object: Record<string, unknown> } }[];
    const before = JSON.stringify(await events());

    expect((await h.json('POST', `/v1/payment_intents/${id}/capture`, { amount_to_capture: 4000 })).status).toBe(200);
    expect((await h.json('POST', '/v1/refunds', { payment_intent: id, amount: 1000 })).status).toBe(200);

    const after = await events();
    // The events raised before are unchanged, byte for byte (newest first: they are the tail).
    expect(JSON.stringify(after.slice(after.length - JSON.parse(before).length))).toBe(before);
    const capturable = after.find((e) => e.type === 'payment_intent.amount_capturable_updated')!.data.object;
    expect(capturable).toMatchObject({ status: 'requires_capture', amount_capturable: 5000, amount_received: 0, metadata: { order: 'o-1' } });
    const charge = after.find((e) => e.type === 'charge.succeeded')!.data.object;
    expect(charge).toMatchObject({ captured: false, amount_captured: 0, amount_refunded: 0 });
    // And the later events do show the later state.
    expect(after.find((e) => e.type === 'charge.refunded')!.data.object).toMatchObject({ captured: true, amount_captured: 4000, amount_refunded: 1000 });
  });
});
