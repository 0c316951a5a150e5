// A chargeback announced by the provider moves a captured payment to disputed, recorded as such.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

describe.each([
  ['stripe', 'pm_card_visa'],
  ['adyen', 'holder:Ada Lovelace'],
] as const)('%s dispute', (provider, paymentMethod) => {
  it('moves a captured payment to disputed through the webhook', async () => {
    w = await coreWorld();
    const created = await w.api('POST', '/v1/payments', { amount: 4200, currency: 'EUR', provider, paymentMethod, capture: 'automatic', reference: 'order-d' });
    await w.drainWebhooks();
    expect((await w.api('GET', `/v1/payments/${created.body.id}`)).body.status).toBe('captured');
    const sim = provider === 'stripe' ? w.stripe : w.adyen;
    const res = await sim.app.fetch(
      new Request('http://sim/__gauntlet/disputes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: created.body.providerPaymentId }) }),
    );
    expect(res.status).toBe(201);
    await w.drainWebhooks();
    const after = (await w.api('GET', `/v1/payments/${created.body.id}`)).body;
    expect(after).toMatchObject({ status: 'disputed', amounts: { disputed: 4200 } });
    expect(after.history.at(-1)).toMatchObject({ to: 'disputed', cause: 'webhook' });
  });
});
