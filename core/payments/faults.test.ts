// The core under the faults that cause double captures in production, checked against the
// simulators' ledgers: the ground truth of money moved.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const manual = (provider: 'stripe' | 'adyen', over: Record<string, unknown> = {}) => ({
  amount: 5000,
  currency: 'EUR',
  provider,
  paymentMethod: provider === 'stripe' ? 'pm_card_visa' : 'holder:Ada Lovelace',
  capture: 'manual',
  reference: 'order-f',
  ...over,
});

describe('core under provider faults', () => {
  it('a capture that times out after commit goes to unknown, never failed, and reconciliation settles it once', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', manual('stripe'))).body.id;
    w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await w.whileTimePasses(() => w.api('POST', `/v1/payments/${id}/captures`, {}));
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('authorized');
    expect(r.body.operations.find((o) => o.kind === 'capture')?.status).toBe('unknown');
    w.stripe.kernel.faults.clear();
    await w.whileTimePasses(() => w.core.reconcile());
    const after = await w.api('GET', `/v1/payments/${id}`);
    expect(after.body).toMatchObject({ status: 'captured', amounts: { captured: 5000 } });
    expect(after.body.history.at(-1)).toMatchObject({ to: 'captured', cause: 'reconciliation' });
    expect(w.stripe.kernel.ledger.all().filter((m) => m.kind === 'capture')).toHaveLength(1);
  });

  it('retries a 503 with the same provider key and succeeds', async () => {
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 2, effect: { type: 'error', status: 503 } }] });
    const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', manual('stripe')));
    expect(r.body.status).toBe('authorized');
    expect(r.body.operations[0]).toMatchObject({ kind: 'authorize', status: 'succeeded', attempts: 3 });
  });

  it('an authorization with no answer at all is unknown, and resolves to what the provider did', async () => {
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', manual('stripe')));
    expect(r.body.status).toBe('unknown');
    await w.whileTimePasses(() => w.core.reconcile());
    const after = await w.api('GET', `/v1/payments/${r.body.id}`);
    expect(after.body).toMatchObject({ status: 'authorized', amounts: { authorized: 5000 } });
    expect(w.stripe.kernel.ledger.all().filter((m) => m.kind === 'authorization')).toHaveLength(1);
  });

  it('an unknown authorization stays unknown while the breaker refuses the re-send, and resolves once it closes', async () => {
    // Found by the slow-provider drill: a re-send refused by an open breaker never left the core,
    // so it says nothing about the first send, which may have executed at the PSP.
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', manual('stripe')));
    expect(r.body.status).toBe('unknown');
    w.stripe.kernel.faults.clear();
    const breaker = w.core.service.breaker('stripe');
    for (let i = 0; i < breaker.threshold; i++) breaker.failure();
    expect(breaker.state()).toBe('open');
    await w.whileTimePasses(() => w.core.reconcile());
    const during = await w.api('GET', `/v1/payments/${r.body.id}`);
    expect(during.body.status).toBe('unknown');
    expect(during.body.operations[0]).toMatchObject({ kind: 'authorize', status: 'unknown' });
    await w.clock.advance(breaker.cooldownMs);
    await w.whileTimePasses(() => w.core.reconcile());
    const after = await w.api('GET', `/v1/payments/${r.body.id}`);
    expect(after.body).toMatchObject({ status: 'authorized', amounts: { authorized: 5000 } });
    expect(w.stripe.kernel.ledger.all().filter((m) => m.kind === 'authorization')).toHaveLength(1);
  });

  it('Adyen automatic capture with no answer: the AUTHORISATION notification alone settles it as captured', async () => {
    // Found by `gauntlet explore` (seed 20261125): Adyen sends no CAPTURE for an immediate capture.
    w = await coreWorld();
    w.adyen.kernel.faults.set({ rules: [{ match: { operation: 'adyen.payments' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', manual('adyen', { capture: 'automatic' })));
    expect(r.body.status).toBe('unknown');
    await w.drainWebhooks();
    expect((await w.api('GET', `/v1/payments/${r.body.id}`)).body).toMatchObject({ status: 'captured', amounts: { authorized: 5000, captured: 5000 } });
  });

  it('Adyen: a capture is pending until its notification, then captured; a lost first delivery is redelivered', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', manual('adyen'))).body.id;
    w.adyen.kernel.faults.set({ rules: [{ match: { event: 'CAPTURE' }, effect: { type: 'drop' } }] });
    const r = await w.api('POST', `/v1/payments/${id}/captures`, { amount: 3000 });
    expect(r.body.status).toBe('authorized');
    expect(r.body.operations.find((o) => o.kind === 'capture')?.status).toBe('pending');
    await w.drainWebhooks();
    const after = await w.api('GET', `/v1/payments/${id}`);
    expect(after.body).toMatchObject({ status: 'partially_captured', amounts: { captured: 3000 } });
    expect(after.body.history.at(-1)).toMatchObject({ cause: 'webhook' });
  });

  it('auto routing fails over to Adyen when Stripe surely did nothing', async () => {
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, effect: { type: 'error', status: 503 } }] });
    // One test token for both providers: pm_card_visa reads as Adyen's test Visa after failover.
    const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', manual('stripe', { provider: 'auto' })));
    expect(r.body).toMatchObject({ status: 'authorized', provider: 'adyen', requestedProvider: 'auto' });
    // Found by `gauntlet explore`: the failover must not pass through `failed`, which is final.
    expect(r.body.history.map((h) => h.to)).toEqual(['authorizing', 'authorizing', 'authorized']);
    expect(w.stripe.kernel.ledger.all()).toHaveLength(0);
    expect(w.adyen.kernel.ledger.all().map((m) => m.kind)).toEqual(['authorization']);
  });

  it('auto routing never fails over while the primary is indeterminate: no two live authorizations', async () => {
    w = await coreWorld();
    w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', manual('stripe', { provider: 'auto' })));
    expect(r.body).toMatchObject({ status: 'unknown', provider: 'stripe' });
    expect(w.adyen.kernel.ledger.all()).toHaveLength(0);
    await w.whileTimePasses(() => w.core.reconcile());
    expect((await w.api('GET', `/v1/payments/${r.body.id}`)).body.status).toBe('authorized');
    const live = [...w.stripe.kernel.ledger.all(), ...w.adyen.kernel.ledger.all()].filter((m) => m.kind === 'authorization');
    expect(live).toHaveLength(1);
  });

  it('two concurrent captures of one payment: only one reaches the PSP', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', manual('stripe'))).body.id;
    const [a, b] = await Promise.all([w.api('POST', `/v1/payments/${id}/captures`, {}), w.api('POST', `/v1/payments/${id}/captures`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(w.stripe.kernel.ledger.all().filter((m) => m.kind === 'capture')).toHaveLength(1);
  });

  it('refuses a refund above what is captured before calling the PSP', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', manual('stripe'))).body.id;
    await w.api('POST', `/v1/payments/${id}/captures`, { amount: 1000 });
    const r = await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 1001 });
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('amount_exceeds_refundable');
    expect(w.stripe.kernel.ledger.all().filter((m) => m.kind === 'refund')).toHaveLength(0);
  });
});
