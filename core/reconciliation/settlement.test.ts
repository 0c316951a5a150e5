// Reconciliation against the provider's settlement report, with the gaps a drill injects.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const DATE = '2026-05-04';

async function capturedPayments(x: World, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = (await x.api('POST', '/v1/payments', { amount: 1000 * (i + 1), currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: `order-${i}` })).body.id;
    await x.api('POST', `/v1/payments/${id}/captures`, {});
    ids.push(id);
  }
  return ids;
}

describe('settlement reconciliation', () => {
  it('finds nothing to say when the report agrees', async () => {
    w = await coreWorld();
    const ids = await capturedPayments(w, 2);
    await w.api('POST', `/v1/payments/${ids[0]}/refunds`, { amount: 300 });
    const r = await w.api('POST', '/v1/reconciliation/run', { date: DATE });
    expect((r.body as unknown as { discrepancies: unknown[] }).discrepancies).toEqual([]);
  });

  it('stores a missing line, an extra line and a wrong amount, each explained', async () => {
    w = await coreWorld();
    const ids = await capturedPayments(w, 3);
    const pi = async (id: string) => (await w.api('GET', `/v1/payments/${id}`)).body.providerPaymentId!;
    w.stripe.kernel.faults.set({
      rules: [],
      settlement: [
        { type: 'missing', paymentId: await pi(ids[0]!) },
        { type: 'wrong_amount', paymentId: await pi(ids[1]!), delta: -150 },
        { type: 'extra', amount: 777, currency: 'usd' },
      ],
    });
    const run = (await w.api('POST', '/v1/reconciliation/run', { date: DATE })).body as unknown as { runId: string; discrepancies: { kind: string; paymentId: string | null; expected: number | null; actual: number | null }[] };
    expect(run.discrepancies.map((d) => [d.kind, d.paymentId, d.expected, d.actual])).toEqual([
      ['missing', ids[0], 1000, null],
      ['amount_mismatch', ids[1], 2000, 1850],
      ['extra', null, null, 777],
    ]);
    const stored = (await w.api('GET', `/v1/reconciliation/discrepancies?run=${run.runId}`)).body as unknown as { data: { kind: string; detail: string }[] };
    expect(stored.data.map((d) => d.kind)).toEqual(['missing', 'amount_mismatch', 'extra']);
    for (const d of stored.data) expect(d.detail.length).toBeGreaterThan(20);
  });
});

describe('settlement reconciliation with automatic capture', () => {
  it('counts an automatically captured payment once, whatever its webhooks said', async () => {
    w = await coreWorld();
    for (const provider of ['stripe', 'adyen'] as const) {
      await w.api('POST', '/v1/payments', { amount: 2500, currency: 'EUR', provider, paymentMethod: 'pm_card_visa', capture: 'automatic', reference: `auto-${provider}` });
    }
    await w.drainWebhooks();
    const run = (await w.api('POST', '/v1/reconciliation/run', { date: DATE })).body as unknown as { discrepancies: unknown[] };
    expect(run.discrepancies).toEqual([]);
  });
});
