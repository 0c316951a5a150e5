import adyen from '@adyen/api-library';
import { describe, expect, it } from 'vitest';
import { ADYEN_RETRY_DELAYS_MS } from './retry-schedule.ts';
import { HMAC_KEY, OTHER_HMAC_KEY, adyenInProcess, card, itemsOf } from './test-support/in-process.ts';

const validator = new adyen.hmacValidator();
const valid = (item: unknown, key = HMAC_KEY) => validator.validateHMAC(item as never, key);

describe('notifications', () => {
  it('sends Adyen\'s body shape, and every item verifies with the library\'s HmacValidator', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay();
    const psp = json.pspReference as string;
    await t.modify(psp, 'captures', { amount: { value: 2500, currency: 'EUR' } });
    await t.modify(psp, 'refunds', { amount: { value: 500, currency: 'EUR' } });
    await t.pay({ paymentMethod: card({ holderName: 'NOT_ENOUGH_BALANCE' }) });
    const items = await t.notifications();
    expect(items.map((i) => [i.eventCode, i.success])).toEqual([
      ['AUTHORISATION', 'true'],
      ['CAPTURE', 'true'],
      ['REFUND', 'true'],
      ['AUTHORISATION', 'false'],
    ]);
    for (const d of t.delivered) {
      const body = JSON.parse(d.body);
      expect(body.live).toBe('false');
      expect(body.notificationItems).toHaveLength(1);
      expect(d.url).toBe('http://merchant.test/adyen/notifications');
    }
    for (const item of items) {
      expect(valid(item)).toBe(true);
      expect(valid(item, OTHER_HMAC_KEY)).toBe(false);
      expect(item).toMatchObject({ merchantAccountCode: 'GauntletECOM', merchantReference: 'order-1' });
      expect(item.eventDate).toBe('2026-03-02T09:00:00+00:00');
    }
    expect(items[0]).toMatchObject({ pspReference: psp, amount: { value: 2500, currency: 'EUR' }, operations: ['CANCEL', 'CAPTURE', 'REFUND'] });
    expect(items[0]!.reason).toMatch(/^\d{6}:1111:03\/2030$/);
    expect(items[1]).toMatchObject({ originalReference: psp });
    expect(items[3]).toMatchObject({ reason: 'Not enough balance' });
  });

  it('gives every notification a unique event id: eventCode, pspReference and success', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay();
    await t.modify(json.pspReference, 'captures', { amount: { value: 1000, currency: 'EUR' } });
    await t.modify(json.pspReference, 'captures', { amount: { value: 1000, currency: 'EUR' } });
    const events = t.sim.kernel.webhooks.listEvents();
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    for (const e of events) {
      const p = e.payload as { eventCode: string; pspReference: string; success: string };
      expect(e.id).toBe(`${p.eventCode}:${p.pspReference}:${p.success}`);
      expect(e.type).toBe(p.eventCode);
    }
  });

  it('sends a forged copy first under a bad_signature fault; it fails verification, the genuine one passes', async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ match: { event: 'AUTHORISATION' }, times: 1, effect: { type: 'bad_signature' } }] });
    await t.pay();
    const items = await t.notifications();
    expect(items).toHaveLength(2);
    expect(items.map((i) => valid(i))).toEqual([false, true]);
    const { hmacSignature: _a, ...forged } = items[0]!.additionalData!;
    const { hmacSignature: _b, ...genuine } = items[1]!.additionalData!;
    expect(forged).toEqual(genuine);
  });

  it('counts any 2xx as accepted, with or without the legacy [accepted] body', async () => {
    const t = adyenInProcess();
    t.answerWith(() => new Response(null, { status: 204 }));
    await t.pay();
    await t.sim.kernel.webhooks.flush();
    expect(t.sim.kernel.webhooks.summary()).toMatchObject({ delivered: 1, queued: 0 });
  });

  it("retries a refused delivery on Adyen's schedule: 9 s later, and again", async () => {
    const t = adyenInProcess();
    let fail = 2;
    t.answerWith(() => (fail-- > 0 ? new Response('down', { status: 503 }) : new Response('[accepted]')));
    await t.pay();
    await t.sim.kernel.webhooks.deliverDue();
    expect(t.delivered).toHaveLength(1);
    await t.clock.advance(ADYEN_RETRY_DELAYS_MS[0]! - 1);
    await t.sim.kernel.webhooks.deliverDue();
    expect(t.delivered).toHaveLength(1);
    await t.clock.advance(1);
    await t.sim.kernel.webhooks.deliverDue();
    expect(t.delivered).toHaveLength(2);
    await t.clock.advance(ADYEN_RETRY_DELAYS_MS[1]!);
    await t.sim.kernel.webhooks.deliverDue();
    expect(t.delivered).toHaveLength(3);
    expect(t.sim.kernel.webhooks.summary()).toMatchObject({ delivered: 1, queued: 0 });
    expect(new Set(itemsOf(t.delivered).map((i) => i.pspReference)).size).toBe(1);
  });

  it('signs for each endpoint with its own key', async () => {
    const t = adyenInProcess();
    const res = await t.sim.app.fetch(
      new Request('http://adyen.test/__gauntlet/webhook-endpoints', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://second.test/hooks', secret: OTHER_HMAC_KEY }),
      }),
    );
    expect(res.status).toBe(201);
    await t.pay();
    await t.sim.kernel.webhooks.flush();
    const byUrl = new Map(t.delivered.map((d) => [d.url, itemsOf([d])[0]!]));
    expect(valid(byUrl.get('http://merchant.test/adyen/notifications'), HMAC_KEY)).toBe(true);
    expect(valid(byUrl.get('http://second.test/hooks'), OTHER_HMAC_KEY)).toBe(true);
    expect(valid(byUrl.get('http://second.test/hooks'), HMAC_KEY)).toBe(false);
  });

  it('refuses to register an endpoint whose secret is not a hex HMAC key', async () => {
    const t = adyenInProcess();
    const res = await t.sim.app.fetch(
      new Request('http://adyen.test/__gauntlet/webhook-endpoints', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://second.test/hooks', secret: 'whsec_not_hex' }),
      }),
    );
    expect(res.status).toBe(400);
    expect(t.sim.kernel.webhooks.listEndpoints()).toHaveLength(1);
  });

  it('sends CAPTURE for automatic captures only when asked to', async () => {
    const quiet = adyenInProcess();
    await quiet.pay({ additionalData: undefined });
    expect((await quiet.notifications()).map((i) => i.eventCode)).toEqual(['AUTHORISATION']);
    const loud = adyenInProcess({ autoCaptureNotifications: true });
    await loud.pay({ additionalData: undefined });
    expect((await loud.notifications()).map((i) => i.eventCode)).toEqual(['AUTHORISATION', 'CAPTURE']);
  });
});
