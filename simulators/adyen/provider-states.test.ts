// The Pact provider states, driven the way Pact's verifier drives them: POST
// /__gauntlet/provider-states {state, params, action}, then the interaction's own request.
import { describe, expect, it } from 'vitest';
import type { FaultPlan } from '../kernel/index.ts';
import { ADYEN_PROVIDER_STATES as S, STATE_API_KEY, STATE_MERCHANT_ACCOUNT } from './provider-states.ts';
import { DEFAULT_MERCHANT_ACCOUNT } from './index.ts';
import { adyenInProcess } from './test-support/in-process.ts';

type World = ReturnType<typeof adyenInProcess>;

async function setUp(w: World, state: string, params: Record<string, unknown>, action = 'setup') {
  const res = await w.sim.app.fetch(
    new Request('http://adyen.test/__gauntlet/provider-states', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, params, action }),
    }),
  );
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const kinds = (w: World, psp: string) => w.sim.kernel.ledger.forPayment(psp).map((m) => `${m.kind} ${m.amount}`);

describe('payment states', () => {
  it('"a payment authorized for …" holds an authorisation a capture then takes', async () => {
    const w = adyenInProcess();
    const { status, json } = await setUp(w, S.authorized, { amount: 2000, currency: 'EUR' });
    expect(status).toBe(200);
    expect(json.pspReference).toMatch(/^[0-9A-Z]{16}$/);
    expect(kinds(w, json.pspReference)).toEqual(['authorization 2000']);
    const capture = await w.modify(json.pspReference, 'captures', { amount: { value: 2000, currency: 'EUR' } });
    expect(capture.res.status).toBe(201);
    expect(kinds(w, json.pspReference)).toEqual(['authorization 2000', 'capture 2000']);
  });

  it('"a payment captured for …" is authorised and captured at once', async () => {
    const w = adyenInProcess();
    const { json } = await setUp(w, S.captured, { amount: 1500, currency: 'USD' });
    expect(kinds(w, json.pspReference)).toEqual(['authorization 1500', 'capture 1500']);
  });

  it('the reused-key state stores its answer under the key the pact\'s requests carry', async () => {
    const w = adyenInProcess();
    const { json } = await setUp(w, S.authorizedWithKey, { amount: 2000, currency: 'EUR', idempotencyKey: 'pay_1-authorize-1', reference: 'pay_1' });
    const retry = await w.pay(
      { reference: 'pay_2', amount: { value: 3000, currency: 'EUR' }, merchantAccount: STATE_MERCHANT_ACCOUNT },
      { 'idempotency-key': 'pay_1-authorize-1', 'x-api-key': STATE_API_KEY },
    );
    expect(retry.json).toMatchObject({ pspReference: json.pspReference, merchantReference: 'pay_1', amount: { value: 2000, currency: 'EUR' } });
    expect(w.sim.kernel.ledger.all()).toHaveLength(1);
  });

  it('names the simulator\'s own merchant account and API key when it is configured with them', async () => {
    const w = adyenInProcess({ apiKey: 'AQE_configured_key', merchantAccount: 'GauntletOtherECOM' });
    const { status, json } = await setUp(w, S.authorized, { amount: 2000, currency: 'EUR' });
    expect(status).toBe(200);
    const capture = await w.modify(json.pspReference, 'captures', { merchantAccount: 'GauntletOtherECOM', amount: { value: 500, currency: 'EUR' } });
    expect(capture.res.status).toBe(201);
  });

  it('the defaults are the simulator\'s default merchant account', () => {
    expect(STATE_MERCHANT_ACCOUNT).toBe(DEFAULT_MERCHANT_ACCOUNT);
  });

  it('refuses bad params with 400, and says so when the simulator will not authorise', async () => {
    const w = adyenInProcess();
    expect((await setUp(w, S.authorized, { amount: -1, currency: 'EUR' })).status).toBe(400);
    expect((await setUp(w, S.authorized, { amount: 100, currency: 'eur' })).status).toBe(400);
    expect((await setUp(w, S.authorizedWithKey, { amount: 100, currency: 'EUR', idempotencyKey: 'k'.repeat(65), reference: 'r' })).status).toBe(400);
    w.sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.payments' }, effect: { type: 'error', status: 503 } }] });
    const refused = await setUp(w, S.authorized, { amount: 100, currency: 'EUR' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('503');
  });

  it('teardown changes nothing', async () => {
    const w = adyenInProcess();
    expect(await setUp(w, S.authorized, { amount: 100, currency: 'EUR' }, 'teardown')).toEqual({ status: 200, json: {} });
    expect(w.sim.kernel.payments.all()).toHaveLength(0);
  });
});

describe('fault states', () => {
  it('the next request of that operation fails once with the status', async () => {
    const w = adyenInProcess();
    expect((await setUp(w, S.nextFails, { operation: 'adyen.payments', status: 500 })).status).toBe(200);
    const first = await w.pay();
    expect(first.res.status).toBe(500);
    expect(first.json).toMatchObject({ status: 500, errorCode: '903' });
    expect((await w.pay({ reference: 'order-2' })).res.status).toBe(200);
  });

  it('the next request is rate limited with Retry-After', async () => {
    const w = adyenInProcess();
    await setUp(w, S.nextRateLimited, { operation: 'adyen.payments', retryAfterSeconds: 2 });
    const limited = await w.pay();
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBe('2');
  });

  it('appends to the plan in effect: a rule set on purpose keeps working, counters carried over', async () => {
    const w = adyenInProcess();
    const plan: FaultPlan = {
      rules: [
        { id: 'always-503-on-refunds', match: { operation: 'adyen.refunds' }, effect: { type: 'error', status: 503 } },
        { match: { operation: 'adyen.cancels' }, times: 1, effect: { type: 'error', status: 502 } },
        { match: { operation: 'adyen.captures' }, nth: 2, effect: { type: 'error', status: 504 } },
      ],
      settlement: [{ type: 'missing', nth: 1 }],
    };
    w.sim.kernel.faults.set(plan);
    const { json } = await setUp(w, S.authorized, { amount: 2000, currency: 'EUR' });
    expect((await w.modify(json.pspReference, 'cancels')).res.status).toBe(502); // uses up the times: 1 rule
    expect((await w.modify(json.pspReference, 'captures', { amount: { value: 100, currency: 'EUR' } })).res.status).toBe(201); // captures hit 1 of nth 2

    expect((await setUp(w, S.nextFails, { operation: 'adyen.payments', status: 500 })).status).toBe(200);
    const now = w.sim.kernel.faults.current();
    expect(now.plan.settlement).toEqual(plan.settlement);
    // The plan's own rules stay as they were set, with their counters: one used up, one half-way.
    expect(now.plan.rules.map((r) => [r.id, r.times, r.nth])).toEqual([
      ['always-503-on-refunds', undefined, undefined],
      [undefined, 1, undefined],
      [undefined, undefined, 2],
      ['provider-state-1', 1, undefined],
    ]);
    expect(now.rules.map((r) => [r.applied, r.exhausted])).toEqual([[0, false], [1, true], [0, false], [0, false]]);
    expect((await w.pay({ reference: 'order-2' })).res.status).toBe(500);
    expect((await w.modify(json.pspReference, 'cancels')).res.status).not.toBe(502);
    expect((await w.modify(json.pspReference, 'captures', { amount: { value: 100, currency: 'EUR' } })).res.status).toBe(504);
    expect((await w.modify(json.pspReference, 'refunds', { amount: { value: 100, currency: 'EUR' } })).res.status).toBe(503);
  });

  it('drops its own used-up rules, so repeated verifications do not fill the plan; ids are never reused', async () => {
    const w = adyenInProcess();
    for (let i = 0; i < 3; i++) {
      await setUp(w, S.nextFails, { operation: 'adyen.payments', status: 500 });
      expect((await w.pay({ reference: `order-${i}` })).res.status).toBe(500);
    }
    expect(w.sim.kernel.faults.current().plan.rules.map((r) => r.id)).toEqual(['provider-state-3']);
    expect(w.sim.kernel.faults.applied().faults.map((f) => f.ruleId)).toEqual(['provider-state-1', 'provider-state-2', 'provider-state-3']);
  });

  it('refuses an operation-less or out-of-range fault with 400', async () => {
    const w = adyenInProcess();
    expect((await setUp(w, S.nextFails, { status: 500 })).status).toBe(400);
    expect((await setUp(w, S.nextFails, { operation: 'adyen.payments', status: 200 })).status).toBe(400);
    expect((await setUp(w, S.nextRateLimited, { operation: 'adyen.payments', retryAfterSeconds: 1.5 })).status).toBe(400);
    expect(w.sim.kernel.faults.current().plan.rules).toEqual([]);
  });
});

