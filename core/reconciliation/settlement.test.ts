// Reconciliation against the provider's settlement report, with the gaps a drill injects.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import type { SettlementEntry } from './settlement.ts';

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

describe('settlement reconciliation with bad input', () => {
  it('reports an unreadable line or report and reconciles the rest (never a 500)', async () => {
    let x: World | undefined;
    // Stripe's real report plus four lines no payment system could match; Adyen's report cannot be fetched.
    const source = async (provider: string, date: string): Promise<SettlementEntry[]> => {
      if (provider === 'adyen') throw new Error('HTTP 502 from the report endpoint');
      const res = await x!.net(`http://stripe.sim/__gauntlet/settlements?date=${date}&format=json`);
      const body = (await res.json()) as { lines: { type: SettlementEntry['type']; paymentId: string; currency: string; gross: number }[] };
      const real = body.lines.map((l) => ({ type: l.type, providerPaymentId: l.paymentId, currency: l.currency, gross: l.gross }));
      const bad = [
        { type: 'capture', providerPaymentId: 'pi_nul\u0000', currency: 'usd', gross: 100 },
        { type: 'capture', providerPaymentId: 'pi_float', currency: 'usd', gross: 10.5 },
        { type: 'capture', providerPaymentId: '', currency: 'usd', gross: 100 },
        null,
      ] as unknown as SettlementEntry[];
      return [bad[0]!, ...real.slice(0, 1), bad[1]!, bad[2]!, bad[3]!, ...real.slice(1)];
    };
    w = x = await coreWorld({ core: { settlementSource: source } });
    const ids = await capturedPayments(w, 2);
    const pi = async (id: string) => (await w.api('GET', `/v1/payments/${id}`)).body.providerPaymentId!;
    w.stripe.kernel.faults.set({ rules: [], settlement: [{ type: 'wrong_amount', paymentId: await pi(ids[1]!), delta: -150 }] });
    const res = await w.api('POST', '/v1/reconciliation/run', { date: DATE });
    expect(res.status).toBe(200);
    const run = res.body as unknown as { runId: string; discrepancies: { kind: string; provider: string; reference: string; paymentId: string | null }[] };
    // The good lines are reconciled as ever: the first payment agrees, the second's amount does not.
    expect(run.discrepancies.filter((d) => d.kind !== 'unreadable').map((d) => [d.kind, d.paymentId])).toEqual([['amount_mismatch', ids[1]]]);
    expect(run.discrepancies.filter((d) => d.kind === 'unreadable').map((d) => [d.provider, d.reference])).toEqual([
      ['stripe', 'pi_nul\uFFFD'],
      ['stripe', 'pi_float'],
      ['stripe', '(line 4)'],
      ['stripe', '(line 5)'],
      ['adyen', '(report)'],
    ]);
    const stored = (await w.api('GET', `/v1/reconciliation/discrepancies?run=${run.runId}`)).body as unknown as { data: { kind: string; detail: string }[] };
    expect(stored.data).toHaveLength(6);
    expect(stored.data.find((d) => d.detail.includes('adyen'))!.detail).toMatch(/could not be read: HTTP 502/);
  });

  it('refuses a date that is not on the calendar with 400, before reading any report', async () => {
    w = await coreWorld();
    const { reconcileSettlement } = await import('./settlement.ts');
    let read = 0;
    for (const date of ['2026-13-45', '2026-02-30', 'yesterday']) {
      await expect(reconcileSettlement({ store: w.store, now: () => 0, source: async () => (read++, []), providers: ['stripe'] }, { date, runId: 'r' })).rejects.toMatchObject({ status: 400, code: 'parameter_invalid' });
    }
    expect(read).toBe(0);
  });
});
