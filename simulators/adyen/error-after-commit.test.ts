// error_after_commit at the Adyen edge: the capture is in the ledger (and announced), the client
// gets a 500 in Adyen's error shape, and the keyed retry replays the saved `received`.
import { describe, expect, it } from 'vitest';
import { REPLAYED_HEADER } from './edge.ts';
import { adyenInProcess } from './test-support/in-process.ts';

const EUR = (value: number) => ({ value, currency: 'EUR' });

describe('error_after_commit (Adyen)', () => {
  it('the capture moves money, the answer is an Adyen 500, the keyed retry replays `received`', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ amount: EUR(6000) });
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.captures' }, times: 1, effect: { type: 'error_after_commit', status: 500 } }] });
    const failed = await t.modify(json.pspReference, 'captures', { amount: EUR(6000) }, { 'idempotency-key': 'cap-eac' });
    expect(failed.res.status).toBe(500);
    expect(failed.json).toMatchObject({ status: 500, errorCode: '903', errorType: 'internal' });
    expect(t.sim.kernel.ledger.total(json.pspReference, 'capture')).toBe(6000);
    const retry = await t.modify(json.pspReference, 'captures', { amount: EUR(6000) }, { 'idempotency-key': 'cap-eac' });
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get(REPLAYED_HEADER)).toBe('true');
    expect(retry.json).toMatchObject({ status: 'received' });
    expect(t.sim.kernel.ledger.forPayment(json.pspReference).filter((m) => m.kind === 'capture')).toHaveLength(1);
  });
});
