// Webhooks into the core: verified, deduplicated, applied in any order, forged ones refused.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { untilDbIdle } from '../db/test-db.ts';
import { ADYEN_HMAC_KEY, coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const stripeCard = { amount: 4000, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-w' };

describe('webhook inbox', () => {
  it('refuses forged and stale webhooks with 4xx and changes nothing', async () => {
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ effect: { type: 'bad_signature' } }, { effect: { type: 'stale', ageMs: 3_600_000 } }] });
    const id = (await w.api('POST', '/v1/payments', stripeCard)).body.id;
    await w.clock.advance(3_600_000);
    await w.drainWebhooks();
    const forged = w.stripe.kernel.webhooks.list().filter((d) => d.kind === 'forged' || d.kind === 'stale');
    expect(forged.length).toBeGreaterThan(0);
    for (const d of forged) expect(d.attempts[0]?.status).toBe(400);
    expect(await w.db.query(`SELECT event_id FROM webhook_inbox WHERE state = 'pending'`)).toEqual([]);
    expect((await w.api('GET', `/v1/payments/${id}`)).body.status).toBe('authorized');
  });

  it('stores each event once however often it is delivered', async () => {
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ effect: { type: 'duplicate', copies: 3 } }] });
    const id = (await w.api('POST', '/v1/payments', stripeCard)).body.id;
    await w.api('POST', `/v1/payments/${id}/captures`, {});
    await w.drainWebhooks();
    const events = w.stripe.kernel.webhooks.listEvents().length;
    const stored = await w.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM webhook_inbox');
    expect(Number(stored[0]!.n)).toBeLessThanOrEqual(events);
    expect(w.stripe.kernel.webhooks.summary().delivered).toBeGreaterThanOrEqual(events * 4);
    expect((await w.api('GET', `/v1/payments/${id}`)).body).toMatchObject({ status: 'captured', amounts: { captured: 4000 } });
  });

  it('a webhook that arrives before the API response is reconciled with it (Adyen capture)', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', { ...stripeCard, provider: 'adyen', paymentMethod: 'holder:Ada Lovelace', currency: 'EUR' })).body.id;
    // The capture notification is delivered while the capture's own response is still held back.
    w.adyen.kernel.faults.set({ rules: [{ match: { operation: 'adyen.captures' }, effect: { type: 'latency', ms: 1_000, afterCommit: true } }] });
    const pending = w.api('POST', `/v1/payments/${id}/captures`, {});
    // Wait (in database time, not virtual time) until the PSP has executed the capture: its
    // answer is now held for a second of virtual time, which has not started to pass.
    const captured = () => w.adyen.kernel.ledger.all().some((m) => m.kind === 'capture');
    for (let i = 0; i < 500 && !captured(); i++) await untilDbIdle(w.db);
    expect(captured()).toBe(true);
    await w.drainWebhooks();
    const r = await w.whileTimePasses(() => pending);
    expect(r.body).toMatchObject({ status: 'captured', amounts: { captured: 4000 } });
    expect(r.body.history.at(-1)).toMatchObject({ to: 'captured', cause: 'webhook' });
  });

  it('property: any order and any duplication of a payment\'s webhooks gives the same final state', async () => {
    const order9000 = { ...stripeCard, provider: 'adyen', paymentMethod: 'holder:Ada Lovelace', currency: 'EUR', amount: 9000 };
    // Baseline: one Adyen lifecycle with notifications delivered as they come, and recorded.
    w = await coreWorld({ seed: 9 });
    const recorded: { body: string; headers: Record<string, string> }[] = [];
    w.routes['http://recorder.sim'] = {
      fetch: async (req: Request) => {
        recorded.push({ body: await req.text(), headers: Object.fromEntries(req.headers.entries()) });
        return new Response('[accepted]');
      },
    };
    w.adyen.kernel.webhooks.addEndpoint({ url: 'http://recorder.sim/hook', secret: ADYEN_HMAC_KEY });
    const id = (await w.api('POST', '/v1/payments', order9000)).body.id;
    await w.api('POST', `/v1/payments/${id}/captures`, { amount: 6000 });
    await w.drainWebhooks();
    await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 2000 });
    await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 1000 });
    await w.drainWebhooks();
    const baseline = await state(w, id);
    expect(baseline.status).toBe('partially_refunded');
    expect(recorded.map((r) => r.body.match(/"eventCode":"(\w+)"/)?.[1])).toEqual(['AUTHORISATION', 'CAPTURE', 'REFUND', 'REFUND']);

    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: recorded.length - 1 }), { maxLength: 12 }), async (order) => {
        // The same calls on a fresh core that gets no webhooks of its own: only the CAPTURE it
        // needs before refunding, then every recorded notification in this order (each at least
        // once), shuffled and duplicated.
        const fresh = await coreWorld({ seed: 9 });
        try {
          // Same draws from the simulator's seed as the baseline (which added the recorder), then silence.
          const twin = fresh.adyen.kernel.webhooks.addEndpoint({ url: 'http://recorder.sim/hook', secret: ADYEN_HMAC_KEY });
          fresh.adyen.kernel.webhooks.deleteEndpoint(twin.id);
          fresh.adyen.kernel.webhooks.deleteEndpoint(fresh.endpoints.adyen.id);
          const freshId = (await fresh.api('POST', '/v1/payments', order9000)).body.id;
          await fresh.api('POST', `/v1/payments/${freshId}/captures`, { amount: 6000 });
          await deliver(fresh, recorded, [1]);
          await fresh.api('POST', `/v1/payments/${freshId}/refunds`, { amount: 2000 });
          await fresh.api('POST', `/v1/payments/${freshId}/refunds`, { amount: 1000 });
          await deliver(fresh, recorded, [...order, 3, 2, 1, 0]);
          expect(await state(fresh, freshId)).toEqual(baseline);
        } finally {
          await fresh.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});

async function deliver(w: World, recorded: { body: string; headers: Record<string, string> }[], order: number[]) {
  for (const i of order) {
    const d = recorded[i]!;
    const res = await w.core.app.fetch(new Request('http://core.sim/v1/webhooks/adyen', { method: 'POST', headers: d.headers, body: d.body }));
    expect(res.status).toBe(200);
  }
  await w.core.inbox.drain();
}

async function state(w: World, id: string) {
  const v = (await w.api('GET', `/v1/payments/${id}`)).body;
  return { status: v.status, amounts: v.amounts, ops: v.operations.map((o) => `${o.kind}:${o.amount}:${o.status}`) };
}
