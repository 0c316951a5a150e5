// Money the PSP moves on its own: a refund made from the Stripe Dashboard or Adyen's Customer
// Area (the simulators' POST /__gauntlet/refunds) reaches the core only by webhook. The correct
// core books it (its view agrees with the ledger); the psp-initiated-ignored mutant does not.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import type { CoreOptions } from '../core.ts';
import { withMutant, type MutantName } from '../mutants/index.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function scenario(provider: 'stripe' | 'adyen', mutant?: MutantName) {
  const w = await coreWorld({ seed: 4, ...(mutant ? { shape: (o: CoreOptions) => withMutant(o, mutant) } : {}) });
  worlds.push(w);
  const sim = provider === 'stripe' ? w.stripe : w.adyen;
  const order = { amount: 5000, currency: 'EUR', provider, paymentMethod: provider === 'adyen' ? 'holder:Ada Lovelace' : 'pm_card_visa', capture: 'manual', reference: 'order-d' };
  const created = (await w.api('POST', '/v1/payments', order)).body;
  await w.api('POST', `/v1/payments/${created.id}/captures`, { amount: 4000 });
  await w.drainWebhooks();
  const res = await sim.app.request('/__gauntlet/refunds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: created.providerPaymentId, amount: 1500 }) });
  expect(res.status, await res.clone().text()).toBe(201);
  await w.drainWebhooks();
  const view = (await w.api('GET', `/v1/payments/${created.id}`)).body;
  const ledgerRefunds = sim.kernel.ledger.all().filter((m) => m.kind === 'refund').map((m) => m.amount);
  return { refunded: view.amounts.refunded as number, ledgerRefunds };
}

describe.each(['stripe', 'adyen'] as const)('PSP-initiated refunds, %s', (provider) => {
  it('the correct core books a dashboard refund it never asked for; psp-initiated-ignored does not', async () => {
    expect(await scenario(provider)).toEqual({ refunded: 1500, ledgerRefunds: [1500] });
    expect(await scenario(provider, 'psp-initiated-ignored')).toEqual({ refunded: 0, ledgerRefunds: [1500] });
  });
});

describe('POST /__gauntlet/refunds: bad input gets a clear error', () => {
  it.each(['stripe', 'adyen'] as const)('%s: unknown payment 404, no paymentId or a bad amount 400', async (provider) => {
    const w = await coreWorld({ seed: 5 });
    worlds.push(w);
    const sim = provider === 'stripe' ? w.stripe : w.adyen;
    const post = async (body: unknown) => {
      const r = await sim.app.request('/__gauntlet/refunds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return [r.status, ((await r.json()) as { error: { message: string } }).error.message] as const;
    };
    expect(await post({ paymentId: 'nope' })).toEqual([404, expect.any(String)]);
    expect(await post({})).toEqual([400, 'paymentId: required']);
    expect(await post({ paymentId: 'x', amount: -1 })).toEqual([400, 'amount: a positive integer in minor units']);
  });
});
