// The two poison triggers of issue #10, as genuine signed webhooks: neither may block the events
// after it (each was acknowledged with 200, so the PSP never sends it again), and each ends
// handled or visible: (1) an Adyen notification whose merchantReference holds U+0000, which
// Postgres text cannot store; (2) two capture events of two payments naming the same charge id.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import { postAdyen, postStripe } from './signed.test-support.ts';

let w: World;
afterEach(async () => w?.close());

const adyenOrder = { amount: 2500, currency: 'EUR', provider: 'adyen', paymentMethod: 'holder:Ada Lovelace', capture: 'manual' };
const stripeOrder = { amount: 2500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual' };

async function authorized(x: World, order: Record<string, unknown>, reference: string) {
  const view = (await x.api('POST', '/v1/payments', { ...order, reference })).body;
  await x.drainWebhooks();
  const now = (await x.api('GET', `/v1/payments/${view.id}`)).body;
  expect(now.status).toBe('authorized');
  return { id: now.id, psp: now.providerPaymentId! };
}

const inbox = (x: World, state: string) => x.db.query<{ event_id: string; outcome: string | null; attempts: number }>(`SELECT event_id, outcome, attempts FROM webhook_inbox WHERE state = $1 ORDER BY event_id`, [state]);

describe('poison trigger 1: U+0000 in a signed Adyen notification', () => {
  it('a NUL in merchantReference is stored safely and the event applied by its pspReference; the events after it flow', async () => {
    w = await coreWorld();
    const a = await authorized(w, adyenOrder, 'order-nul-a');
    const b = await authorized(w, adyenOrder, 'order-nul-b');
    // A capture made in the Customer Area, whose reference a user typed with a NUL in it.
    const poisoned = await postAdyen(w, { eventCode: 'CAPTURE', pspReference: 'CAPTURENUL00001', originalReference: a.psp, merchantReference: 'manual\u0000capture', amount: { value: 2500, currency: 'EUR' } });
    expect(poisoned.status).toBe(200);
    // An AUTHORISATION whose merchantReference (where the core's payment id travels) is a NUL.
    const hint = await postAdyen(w, { eventCode: 'AUTHORISATION', pspReference: b.psp, merchantReference: '\u0000', amount: { value: 2500, currency: 'EUR' }, success: 'false' });
    expect(hint.status).toBe(200);
    // Later traffic: B captured through the API, its CAPTURE notification behind the poison.
    await w.api('POST', `/v1/payments/${b.id}/captures`, {});
    await w.drainWebhooks();

    expect((await w.api('GET', `/v1/payments/${a.id}`)).body).toMatchObject({ status: 'captured', amounts: { captured: 2500 } });
    expect((await w.api('GET', `/v1/payments/${b.id}`)).body).toMatchObject({ status: 'captured', amounts: { captured: 2500 } });
    expect(await inbox(w, 'pending')).toEqual([]);
    expect(await inbox(w, 'dead_letter')).toEqual([]);
  });

  it('a NUL in an identifier (pspReference) is refused at the edge with 400 and nothing stored', async () => {
    w = await coreWorld();
    const a = await authorized(w, adyenOrder, 'order-nul-id');
    const before = await w.db.query('SELECT provider, event_id FROM webhook_inbox ORDER BY event_id');
    const res = await postAdyen(w, { eventCode: 'CAPTURE', pspReference: 'CAPT\u0000URE', originalReference: a.psp, merchantReference: 'x', amount: { value: 2500, currency: 'EUR' } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'webhook_malformed' } });
    expect(await w.db.query('SELECT provider, event_id FROM webhook_inbox ORDER BY event_id')).toEqual(before);
    // The core still takes webhooks and money calls.
    await w.api('POST', `/v1/payments/${a.id}/captures`, {});
    await w.drainWebhooks();
    expect((await w.api('GET', `/v1/payments/${a.id}`)).body.status).toBe('captured');
  });
});

describe('poison trigger 2: two capture events naming the same charge id', () => {
  it('books the first, dead-letters the second with its reason at once, and applies the events after them', async () => {
    w = await coreWorld();
    const a = await authorized(w, stripeOrder, 'order-dup-a');
    const b = await authorized(w, stripeOrder, 'order-dup-b');
    const c = await authorized(w, stripeOrder, 'order-dup-c');
    const succeeded = (p: { id: string; psp: string }, evt: string) =>
      postStripe(w, {
        id: evt,
        type: 'payment_intent.succeeded',
        object: { id: p.psp, object: 'payment_intent', amount: 2500, amount_received: 2500, currency: 'usd', capture_method: 'manual', latest_charge: 'ch_same', metadata: { payment_id: p.id } },
      });
    expect((await succeeded(a, 'evt_dup_1')).status).toBe(200);
    expect((await succeeded(b, 'evt_dup_2')).status).toBe(200);
    await w.api('POST', `/v1/payments/${c.id}/captures`, {});
    await w.drainWebhooks();

    expect((await w.api('GET', `/v1/payments/${a.id}`)).body).toMatchObject({ status: 'captured', amounts: { captured: 2500 } });
    // The second claim on ch_same moves no money in the core's books: it waits for a human.
    expect((await w.api('GET', `/v1/payments/${b.id}`)).body).toMatchObject({ status: 'authorized', amounts: { captured: 0 } });
    expect((await w.api('GET', `/v1/payments/${c.id}`)).body).toMatchObject({ status: 'captured', amounts: { captured: 2500 } });
    expect(await inbox(w, 'pending')).toEqual([]);
    expect(await inbox(w, 'dead_letter')).toEqual([{ event_id: 'evt_dup_2', attempts: 1, outcome: expect.stringMatching(/ch_same.*already booked on payment/) }]);
  });
});
