// Several currencies, one of them zero-decimal (JPY: amounts are yen, there is no minor unit), on
// both providers: the correct core sends and books every amount as given, in its currency, and its
// books equal the PSP's ledger. The mutant `currency-exponent-ignored` moves a hundred times the
// yen at the PSP while its own books look right.
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../core.ts';
import { withMutant, type MutantName } from '../mutants/index.ts';
import { coreWorld, type World } from '../testing/world.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function lifecycle(provider: 'stripe' | 'adyen', currency: string, mutant?: MutantName) {
  const w = await coreWorld(mutant ? { shape: (o) => withMutant(o, mutant) } : {});
  worlds.push(w);
  const paymentMethod = provider === 'adyen' ? 'holder:Ada Lovelace' : 'pm_card_visa';
  const created = await w.whileTimePasses(() => w.api('POST', '/v1/payments', { amount: 5000, currency, provider, paymentMethod, capture: 'manual', reference: `order-${currency}` }));
  const id = created.body.id as string;
  await w.whileTimePasses(() => w.api('POST', `/v1/payments/${id}/captures`, { amount: 3000 }));
  await w.whileTimePasses(async () => {
    await w.drainWebhooks();
  });
  await w.whileTimePasses(() => w.api('POST', `/v1/payments/${id}/refunds`, { amount: 1000 }));
  await w.whileTimePasses(async () => {
    await w.drainWebhooks();
    await w.core.reconcile();
  });
  const view = (await w.api('GET', `/v1/payments/${id}`)).body;
  const moves = (provider === 'stripe' ? w.stripe : w.adyen).kernel.ledger.all();
  const sum = (kind: string) => moves.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
  return {
    sut: { currency: view.currency, ...view.amounts },
    psp: { currencies: [...new Set(moves.map((m) => m.currency.toUpperCase()))], authorized: sum('authorization'), captured: sum('capture'), refunded: sum('refund') },
  };
}

describe('currencies, zero-decimal included', () => {
  for (const provider of ['stripe', 'adyen'] as const) {
    for (const currency of ['EUR', 'USD', 'GBP', 'JPY']) {
      it(`${provider} ${currency}: the core's books equal the ledger, amount for amount, in ${currency}`, async () => {
        const r = await lifecycle(provider, currency);
        expect(r.sut).toMatchObject({ currency, authorized: 5000, captured: 3000, refunded: 1000 });
        expect(r.psp).toEqual({ currencies: [currency], authorized: 5000, captured: 3000, refunded: 1000 });
      });
    }

    it(`${provider}: currency-exponent-ignored books ¥5,000 while the PSP moved ¥500,000; EUR is untouched`, async () => {
      const jpy = await lifecycle(provider, 'JPY', 'currency-exponent-ignored');
      expect(jpy.sut).toMatchObject({ currency: 'JPY', authorized: 5000 });
      expect(jpy.psp).toMatchObject({ currencies: ['JPY'], authorized: 500_000 });
      const eur = await lifecycle(provider, 'EUR', 'currency-exponent-ignored');
      expect(eur.psp).toMatchObject({ authorized: 5000, captured: 3000, refunded: 1000 });
    });
  }
});
