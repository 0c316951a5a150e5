// Adyen captures and refunds are answered `received`; the scheme may refuse them later (the
// simulators' `async_failure`: CAPTURE / REFUND notification with success "false", no money moved).
// The correct core keeps the operation open until the notification and then fails it: the payment
// stays authorized (or captured, for a refund) and agrees with the ledger. The mutant
// `received-is-final` books `received` as done and ends claiming money the PSP never moved.
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../core.ts';
import { withMutant, type MutantName } from '../mutants/index.ts';
import { coreWorld, type World } from '../testing/world.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const order = { amount: 5000, currency: 'EUR', provider: 'adyen', paymentMethod: 'holder:Ada Lovelace', capture: 'manual', reference: 'order-async' };

async function scenario(kind: 'capture' | 'refund', mutant?: MutantName) {
  const w = await coreWorld(mutant ? { shape: (o) => withMutant(o, mutant) } : {});
  worlds.push(w);
  const id = (await w.whileTimePasses(() => w.api('POST', '/v1/payments', order))).body.id as string;
  const settleAll = () =>
    w.whileTimePasses(async () => {
      await w.drainWebhooks();
      await w.core.reconcile();
    });
  if (kind === 'refund') {
    await w.whileTimePasses(() => w.api('POST', `/v1/payments/${id}/captures`, {}));
    await settleAll();
  }
  w.adyen.kernel.faults.set({ rules: [{ match: { operation: `adyen.${kind}s` }, times: 1, effect: { type: 'async_failure' } }] });
  const answered = await w.whileTimePasses(() => w.api('POST', `/v1/payments/${id}/${kind === 'capture' ? 'captures' : 'refunds'}`, {}));
  w.adyen.kernel.faults.clear();
  await settleAll();
  const view = (await w.api('GET', `/v1/payments/${id}`)).body;
  const ledger = w.adyen.kernel.ledger.forPayment(view.providerPaymentId ?? '');
  return {
    answered: answered.status,
    status: view.status,
    amounts: view.amounts,
    op: view.operations.filter((o) => o.kind === kind).at(-1)?.status,
    psp: { captured: ledger.filter((m) => m.kind === 'capture').reduce((s, m) => s + m.amount, 0), refunded: ledger.filter((m) => m.kind === 'refund').reduce((s, m) => s + m.amount, 0) },
  };
}

describe('a late asynchronous failure at Adyen', () => {
  it('capture refused by notification: the correct core fails the capture and the payment stays authorized', async () => {
    const r = await scenario('capture');
    expect(r).toMatchObject({ status: 'authorized', op: 'failed', amounts: { authorized: 5000, captured: 0 }, psp: { captured: 0 } });
    const broken = await scenario('capture', 'received-is-final');
    expect(broken.psp.captured).toBe(0);
    expect(broken.amounts.captured).toBe(5000);
  });

  it('refund refused by notification: the correct core fails the refund and the payment stays captured', async () => {
    const r = await scenario('refund');
    expect(r).toMatchObject({ status: 'captured', op: 'failed', amounts: { captured: 5000, refunded: 0 }, psp: { captured: 5000, refunded: 0 } });
    const broken = await scenario('refund', 'received-is-final');
    expect(broken.psp.refunded).toBe(0);
    expect(broken.amounts.refunded).toBe(5000);
  });
});
