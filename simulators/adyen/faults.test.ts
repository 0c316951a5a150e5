import { describe, expect, it } from 'vitest';
import { DROP_HEADER } from '../kernel/index.ts';
import { REPLAYED_HEADER } from './edge.ts';
import { START, adyenInProcess, paymentRequest, whileTimePasses } from './test-support/in-process.ts';

const EUR = (value: number) => ({ value, currency: 'EUR' });

describe('the fault plan at the edge', () => {
  it('timeout after commit: the capture is in the ledger, the answer never comes, the keyed retry replays it', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ amount: EUR(6000) });
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.captures' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 5000 } }] });
    const lost = await whileTimePasses(t.clock, t.send(`/v72/payments/${json.pspReference}/captures`, { merchantAccount: 'GauntletECOM', amount: EUR(6000) }, { 'idempotency-key': 'cap-1' }));
    expect(lost.headers.get(DROP_HEADER)).toBe('timeout_after_commit');
    expect(t.sim.kernel.ledger.total(json.pspReference, 'capture')).toBe(6000);
    const retry = await t.modify(json.pspReference, 'captures', { amount: EUR(6000) }, { 'idempotency-key': 'cap-1' });
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get(REPLAYED_HEADER)).toBe('true');
    expect(t.sim.kernel.ledger.forPayment(json.pspReference).filter((m) => m.kind === 'capture')).toHaveLength(1);
  });

  it('fail before commit: nothing moves, nothing is announced, and the keyed retry executes', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ amount: EUR(6000) });
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.captures' }, times: 1, effect: { type: 'fail_before_commit' } }] });
    const lost = await t.send(`/v72/payments/${json.pspReference}/captures`, { merchantAccount: 'GauntletECOM', amount: EUR(6000) }, { 'idempotency-key': 'cap-1' });
    expect(lost.headers.get(DROP_HEADER)).toBe('fail_before_commit');
    expect(t.sim.kernel.ledger.total(json.pspReference, 'capture')).toBe(0);
    expect(t.sim.kernel.webhooks.listEvents()).toHaveLength(1);
    const retry = await t.modify(json.pspReference, 'captures', { amount: EUR(6000) }, { 'idempotency-key': 'cap-1' });
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get(REPLAYED_HEADER)).toBeNull();
    expect(t.sim.kernel.ledger.total(json.pspReference, 'capture')).toBe(6000);
  });

  it("an injected error is a 500 in Adyen's shape and moves nothing", async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.payments' }, effect: { type: 'error', status: 500 } }] });
    const { res, json } = await t.pay();
    expect(res.status).toBe(500);
    expect(json).toEqual({ status: 500, errorCode: '903', message: 'Internal error', errorType: 'internal', pspReference: expect.stringMatching(/^[0-9A-Z]{16}$/) });
    expect(t.sim.kernel.payments.all()).toHaveLength(0);
  });

  it('an injected error keeps the code and message the plan gives', async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ effect: { type: 'error', status: 503, code: '000', message: 'Service Unavailable' } }] });
    const { res, json } = await t.pay();
    expect(res.status).toBe(503);
    expect(json).toMatchObject({ status: 503, errorCode: '000', message: 'Service Unavailable', errorType: 'internal' });
  });

  it("a rate limit is a 429 in Adyen's shape with Retry-After", async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ effect: { type: 'rate_limit', retryAfterSeconds: 7 } }] });
    const { res, json } = await t.pay();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(json).toMatchObject({ status: 429, errorType: 'security' });
    expect(t.sim.kernel.payments.all()).toHaveLength(0);
  });

  it('a decline fault overrides the issuer for an approved card', async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.payments' }, times: 1, effect: { type: 'decline', code: 'insufficient_funds' } }] });
    const declined = await t.pay();
    expect(declined.json).toMatchObject({ resultCode: 'Refused', refusalReason: 'Not enough balance', refusalReasonCode: '12' });
    const approved = await t.pay();
    expect(approved.json.resultCode).toBe('Authorised');
    expect(t.sim.kernel.ledger.all().map((m) => m.paymentId)).toEqual([approved.json.pspReference]);
    const auth = (await t.notifications()).filter((i) => i.eventCode === 'AUTHORISATION');
    expect(auth.map((i) => i.success)).toEqual(['false', 'true']);
  });

  it('latency holds the answer until the virtual clock has moved', async () => {
    const t = adyenInProcess();
    t.sim.kernel.faults.set({ rules: [{ effect: { type: 'latency', ms: 1500 } }] });
    let answered = false;
    const pending = t.send('/v72/payments', paymentRequest()).then((r) => {
      answered = true;
      return r;
    });
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(answered).toBe(false);
    expect(t.clock.nextDeadline()).toBe(t.clock.now() + 1500);
    const res = await whileTimePasses(t.clock, pending);
    expect(res.status).toBe(200);
    expect(t.sim.kernel.ledger.all()[0]!.at - START).toBe(1500);
  });

  it('matches faults by operation name: adyen.payments, adyen.captures, adyen.refunds, adyen.cancels, adyen.reversals', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ additionalData: { manualCapture: 'true' } });
    const psp = json.pspReference as string;
    t.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.*' }, effect: { type: 'error', status: 502 } }] });
    const statuses = [
      (await t.pay()).res.status,
      (await t.modify(psp, 'captures', { amount: EUR(1) })).res.status,
      (await t.modify(psp, 'refunds', { amount: EUR(1) })).res.status,
      (await t.modify(psp, 'cancels')).res.status,
      (await t.modify(psp, 'reversals')).res.status,
    ];
    expect(statuses).toEqual([502, 502, 502, 502, 502]);
    const ops = t.sim.kernel.faults.applied().faults.map((f) => f.request?.operation);
    expect(ops).toEqual(['adyen.payments', 'adyen.captures', 'adyen.refunds', 'adyen.cancels', 'adyen.reversals']);
  });
});
