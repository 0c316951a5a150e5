// A provider 500 after the operation committed (the simulators' `error_after_commit`): the money
// moved and the answer says it failed. The correct core takes a 500 as "may have executed",
// retries the same key and learns the outcome; the mutant `provider-500-not-executed` takes it as
// a refusal and ends disagreeing with the PSP's ledger.
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../core.ts';
import { withMutant, type MutantName } from '../mutants/index.ts';
import { coreWorld, type World } from '../testing/world.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const order = (provider: 'stripe' | 'adyen') => ({
  amount: 5000,
  currency: 'EUR',
  provider,
  paymentMethod: provider === 'adyen' ? 'holder:Ada Lovelace' : 'pm_card_visa',
  capture: 'manual',
  reference: 'order-500',
});

const OPS = { stripe: { authorize: 'stripe.payment_intents.create', capture: 'stripe.payment_intents.capture' }, adyen: { authorize: 'adyen.payments', capture: 'adyen.captures' } };

async function scenario(provider: 'stripe' | 'adyen', op: 'authorize' | 'capture', mutant?: MutantName) {
  const w = await coreWorld(mutant ? { shape: (o) => withMutant(o, mutant) } : {});
  worlds.push(w);
  const sim = provider === 'stripe' ? w.stripe : w.adyen;
  const rule = { match: { operation: OPS[provider][op] }, times: 1, effect: { type: 'error_after_commit' as const, status: 500 } };
  if (op === 'authorize') sim.kernel.faults.set({ rules: [rule] });
  const created = await w.whileTimePasses(() => w.api('POST', '/v1/payments', order(provider)));
  if (op === 'capture') {
    sim.kernel.faults.set({ rules: [rule] });
    await w.whileTimePasses(() => w.api('POST', `/v1/payments/${created.body.id}/captures`, {}));
  }
  sim.kernel.faults.clear();
  await w.whileTimePasses(async () => {
    await w.drainWebhooks();
    await w.core.reconcile();
  });
  const view = (await w.api('GET', `/v1/payments/${created.body.id}`)).body;
  const ledger = sim.kernel.ledger.all();
  return {
    status: view.status,
    authorized: view.amounts.authorized,
    captured: view.amounts.captured,
    pspAuthorized: ledger.filter((m) => m.kind === 'authorization').reduce((s, m) => s + m.amount, 0),
    pspCaptured: ledger.filter((m) => m.kind === 'capture').reduce((s, m) => s + m.amount, 0),
    faults: sim.kernel.faults.applied().faults.filter((f) => f.effect.type === 'error_after_commit').length,
  };
}

describe('a provider 500 after commit', () => {
  for (const provider of ['stripe', 'adyen'] as const) {
    it(`${provider} authorize: the correct core agrees with the ledger; the mutant says failed while the PSP authorized`, async () => {
      expect(await scenario(provider, 'authorize')).toEqual({ status: 'authorized', authorized: 5000, captured: 0, pspAuthorized: 5000, pspCaptured: 0, faults: 1 });
      const broken = await scenario(provider, 'authorize', 'provider-500-not-executed');
      expect(broken).toMatchObject({ status: 'failed', authorized: 0, pspAuthorized: 5000, faults: 1 });
    });

    it(`${provider} capture: the correct core books the capture once; the mutant reports none`, async () => {
      expect(await scenario(provider, 'capture')).toEqual({ status: 'captured', authorized: 5000, captured: 5000, pspAuthorized: 5000, pspCaptured: 5000, faults: 1 });
      const broken = await scenario(provider, 'capture', 'provider-500-not-executed');
      expect(broken.pspCaptured).toBe(5000);
      expect(broken.captured).not.toBe(5000);
    });
  }
});
