// No card number at rest (issue #10, item 5). The core takes PSP tokens only: a card number in a
// payment method, a reference, an Idempotency-Key or a path is refused (or not found) without
// being stored or echoed. After a run on both providers with tokens that become real test card
// numbers on Adyen's wire (pm_card_visa → 4111…), every table, every API answer, every log line
// and the metrics page are scanned with the reports' own card-number detection.
import { afterEach, describe, expect, it } from 'vitest';
import { redact, REDACTED_PAN } from '../../reports/index.ts';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

/** The card numbers a text holds, found by the report redactor (the one detector; not copied here). */
function cardNumbersIn(text: string): boolean {
  return !text.includes(REDACTED_PAN) && redact(text).includes(REDACTED_PAN);
}

describe('no card number at rest', () => {
  it('refuses card numbers anywhere at the edge, and after a full run no table, answer, log line or metric holds one', async () => {
    const logs: string[] = [];
    w = await coreWorld({ core: { log: (line) => logs.push(line) } });
    const answers: string[] = [];
    let n = 0;
    const call = async (method: string, path: string, body?: unknown, key: string | null = `no-pan-${++n}`) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(method === 'POST' && key !== null ? { 'idempotency-key': key } : {}) };
      const res = await w.whileTimePasses(async () => w.core.app.fetch(new Request(`http://core.sim${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })));
      const text = await res.text();
      answers.push(text);
      return { status: res.status, text, json: (text ? JSON.parse(text) : undefined) as { id: string; status: string; error?: { code: string } } };
    };

    // Traffic on both providers; on Adyen these tokens go out as test card numbers.
    const order = { amount: 3000, currency: 'EUR', capture: 'manual' };
    const made: string[] = [];
    for (const [provider, paymentMethod] of [['stripe', 'pm_card_visa'], ['adyen', 'pm_card_visa'], ['adyen', 'pm_card_mastercard'], ['adyen', 'pm_card_amex'], ['auto', 'pm_card_visa'], ['adyen', 'holder:DECLINED']]) {
      const r = await call('POST', '/v1/payments', { ...order, provider, paymentMethod, reference: `ord-${provider}-${paymentMethod}` });
      expect(r.status).toBe(201);
      made.push(r.json.id);
    }
    await w.drainWebhooks();
    await call('POST', `/v1/payments/${made[0]}/captures`, { amount: 2000 });
    await call('POST', `/v1/payments/${made[1]}/captures`, {});
    await w.drainWebhooks();
    await call('POST', `/v1/payments/${made[1]}/refunds`, { amount: 1000 });
    await call('POST', `/v1/payments/${made[2]}/void`);
    await w.drainWebhooks();
    await w.core.relayOutbox();
    await call('POST', '/v1/reconciliation/run', {});
    for (const id of made) await call('GET', `/v1/payments/${id}`);
    await call('GET', '/v1/payments');
    await call('GET', '/v1/reconciliation/discrepancies');

    // Card numbers offered in every place a merchant can put text: refused, never stored.
    const PANS = ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', 'card:4242424242424242', 'visa 4000056655665556 12/30'];
    for (const pan of PANS) {
      const asMethod = await call('POST', '/v1/payments', { ...order, provider: 'adyen', paymentMethod: pan, reference: 'ord-pan' });
      expect([asMethod.status, asMethod.json.error?.code]).toEqual([400, 'card_number_not_accepted']);
      const asReference = await call('POST', '/v1/payments', { ...order, provider: 'stripe', paymentMethod: 'pm_card_visa', reference: `order for ${pan}` });
      expect([asReference.status, asReference.json.error?.code]).toEqual([400, 'card_number_not_accepted']);
      const asKey = await call('POST', '/v1/payments', { ...order, provider: 'stripe', paymentMethod: 'pm_card_visa', reference: 'ord-key' }, pan);
      expect([asKey.status, asKey.json.error?.code]).toEqual([400, 'card_number_not_accepted']);
      const p = encodeURIComponent(pan);
      expect((await call('GET', `/v1/payments/${p}`)).status).toBe(404);
      expect((await call('POST', `/v1/payments/${p}/captures`, {})).status).toBe(404);
      expect((await call('GET', `/v1/payments?status=${p}`)).status).toBe(400);
      expect((await call('POST', '/v1/payments', { ...order, paymentMethod: 'pm_card_visa', reference: 'ord-field', [pan]: 1 })).status).toBe(400);
      expect((await call('POST', `/v1/webhooks/${p}`, {})).status).toBe(404);
    }
    // The service itself refuses one too, for callers that do not come through the API.
    await expect(w.core.service.create({ amount: 100, currency: 'EUR', provider: 'adyen', paymentMethod: '4111111111111111', capture: 'manual', reference: 'direct' })).rejects.toMatchObject({ code: 'card_number_not_accepted' });

    // The scan: every row of every table, every answer, every log line, the metrics.
    const tables = await w.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
    expect(tables.length).toBeGreaterThan(5);
    const stored: string[] = [];
    for (const { table_name } of tables) for (const row of await w.db.query(`SELECT * FROM "${table_name}"`)) stored.push(`${table_name}: ${JSON.stringify(row)}`);
    expect(stored.some((r) => r.startsWith('payments:') && r.includes('pm_card_amex'))).toBe(true);
    const metrics = await (await w.core.app.fetch(new Request('http://core.sim/metrics'))).text();
    const withCard = [...stored, ...answers, ...logs, metrics].filter(cardNumbersIn);
    expect(withCard).toEqual([]);
    // The scan itself can see one: the Adyen wire did carry test card numbers (to the PSP only).
    expect(w.adyen.kernel.ledger.all().length).toBeGreaterThan(0);
    expect(cardNumbersIn(JSON.stringify({ paymentMethod: 'card:4111111111111111' }))).toBe(true);
  }, 120_000);
});
