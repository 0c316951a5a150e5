// error_after_commit at the Stripe edge: the capture happens, the client gets a 500 in Stripe's
// error shape, and a retry with the same key replays the saved answer (the money moved once).
import { describe, expect, it } from 'vitest';
import { inProcess } from './test-support.ts';

describe('error_after_commit (Stripe)', () => {
  it('the money moves, the answer is a 500 in Stripe’s shape, the keyed retry replays the capture', async () => {
    const h = inProcess(11);
    const created = await h.json('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    const id = created.body.id as string;
    h.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'error_after_commit', status: 500 } }] });
    const failed = await h.json('POST', `/v1/payment_intents/${id}/capture`, { amount_to_capture: 400 }, { 'idempotency-key': 'cap-eac' });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ type: 'api_error', message: expect.any(String) });
    const captures = () => h.sim.kernel.ledger.forPayment(id).filter((m) => m.kind === 'capture');
    expect(captures().map((m) => [m.amount, m.idempotencyKey])).toEqual([[400, 'cap-eac']]);
    const retry = await h.json('POST', `/v1/payment_intents/${id}/capture`, { amount_to_capture: 400 }, { 'idempotency-key': 'cap-eac' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(captures()).toHaveLength(1);
    expect(h.sim.kernel.faults.applied().faults.map((f) => f.effect.type)).toEqual(['error_after_commit']);
  });

  it('refuses a 4xx status: only a server error can follow a commit', async () => {
    const h = inProcess(12);
    const res = await h.sim.app.fetch(
      new Request('http://stripe.test/__gauntlet/faults', { method: 'PUT', body: JSON.stringify({ rules: [{ effect: { type: 'error_after_commit', status: 402 } }] }) }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('rules[0].effect.status: must be a number from 500 to 599');
  });
});
