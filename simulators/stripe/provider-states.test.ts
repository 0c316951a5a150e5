// The Stripe dialect's Pact provider states, driven through the control route exactly as Pact's
// verifier drives them: each state really holds afterwards (the API and the ledger say so), its
// injected values work in the request that follows, and faults are appended to the plan in effect.
import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_HOLD_MS, STRIPE_PROVIDER_STATES as S, STRIPE_STATE_API_KEY } from './provider-states.ts';
import { inProcess, type Harness } from './test-support.ts';

const AUTH = { authorization: `Bearer ${STRIPE_STATE_API_KEY}` };

async function given(h: Harness, state: string, params: Record<string, unknown> = {}) {
  const res = await h.sim.app.fetch(
    new Request('http://stripe.test/__gauntlet/provider-states', { method: 'POST', body: JSON.stringify({ state, params, action: 'setup' }) }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function faults(h: Harness) {
  const res = await h.sim.app.fetch(new Request('http://stripe.test/__gauntlet/faults'));
  return (await res.json()) as { plan: { rules: { id?: string; times?: number }[] }; rules: { id: string; applied: number; exhausted: boolean }[] };
}

const USD = { amount: 2000, currency: 'usd' };

describe('Stripe provider states', () => {
  it('authorizes a payment and hands out its id and an unused key', async () => {
    const h = inProcess(11);
    const state = await given(h, S.authorized, USD);
    expect(state.status).toBe(200);
    expect(state.body.id).toMatch(/^pi_/);
    expect(state.body.idempotencyKey).toMatch(/^pact-req_/);
    const pi = await h.json('GET', `/v1/payment_intents/${state.body.id}`);
    expect(pi.body).toMatchObject({ status: 'requires_capture', amount: 2000, currency: 'usd', capture_method: 'manual', amount_capturable: 2000 });
    // The key is new to the simulator: a capture under it executes.
    const capture = await h.json('POST', `/v1/payment_intents/${state.body.id}/capture`, { amount_to_capture: 2000 }, { ...AUTH, 'idempotency-key': state.body.idempotencyKey });
    expect(capture.status).toBe(200);
    expect(capture.headers.get('idempotent-replayed')).toBeNull();
  });

  it('hands out a different key every time', async () => {
    const h = inProcess(12);
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) keys.add((await given(h, S.freshKey)).body.idempotencyKey);
    expect(keys.size).toBe(5);
  });

  it('captures, refunds in part and cancels as the states say', async () => {
    const h = inProcess(13);
    const captured = await given(h, S.captured, USD);
    expect((await h.json('GET', `/v1/payment_intents/${captured.body.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 2000 });
    const refunded = await given(h, S.partiallyRefunded, { ...USD, refunded: 500 });
    const view = await h.json('GET', `/v1/payment_intents/${refunded.body.id}?expand[]=latest_charge`);
    expect(view.body).toMatchObject({ status: 'succeeded', amount_received: 2000, latest_charge: { amount_refunded: 500 } });
    const canceled = await given(h, S.canceled, USD);
    expect((await h.json('GET', `/v1/payment_intents/${canceled.body.id}`)).body.status).toBe('canceled');
    expect(h.sim.kernel.ledger.forPayment(canceled.body.id).map((m) => m.kind)).toEqual(['authorization', 'void']);
  });

  it('leaves a used key behind: other parameters under it are an idempotency_error', async () => {
    const h = inProcess(14);
    const state = await given(h, S.authorizedUnderKey, { amount: 1000, currency: 'usd' });
    const reuse = await h.json(
      'POST',
      '/v1/payment_intents',
      { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' },
      { ...AUTH, 'idempotency-key': state.body.idempotencyKey },
    );
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.type).toBe('idempotency_error');
  });

  it('holds a refund in flight under its key: the same key answers 409 until it completes', async () => {
    const h = inProcess(15);
    const state = await given(h, S.refundInFlight, { ...USD, refundAmount: 500 });
    expect(state.status).toBe(200);
    const again = await h.json('POST', '/v1/refunds', { payment_intent: state.body.id, amount: 500 }, { ...AUTH, 'idempotency-key': state.body.idempotencyKey });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
    expect(h.sim.kernel.ledger.forPayment(state.body.id).filter((m) => m.kind === 'refund')).toHaveLength(0);
    await h.clock.advance(IN_FLIGHT_HOLD_MS);
    expect(h.sim.kernel.ledger.forPayment(state.body.id).filter((m) => m.kind === 'refund')).toHaveLength(1);
    const replay = await h.json('POST', '/v1/refunds', { payment_intent: state.body.id, amount: 500 }, { ...AUTH, 'idempotency-key': state.body.idempotencyKey });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('fails or rate-limits only the next request of the operation, keeping the plan in effect', async () => {
    const h = inProcess(16);
    // Someone's plan: a rule that never ends and one already used up.
    h.sim.kernel.faults.set({
      rules: [
        { id: 'broken-cancel', match: { operation: 'stripe.payment_intents.cancel' }, effect: { type: 'error', status: 503 } },
        { id: 'spent', match: { operation: 'stripe.charges.list' }, times: 1, effect: { type: 'error', status: 502 } },
      ],
    });
    expect((await h.call('GET', '/v1/charges')).status).toBe(502);

    expect((await given(h, S.nextFails, { operation: 'stripe.payment_intents.create', status: 500 })).status).toBe(200);
    const create = { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' };
    const failed = await h.json('POST', '/v1/payment_intents', create);
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe('api_error');
    expect((await h.json('POST', '/v1/payment_intents', create)).status).toBe(200);

    const captured = await given(h, S.captured, USD);
    await given(h, S.nextRateLimited, { operation: 'stripe.refunds.create', retryAfterSeconds: 2 });
    const limited = await h.json('POST', '/v1/refunds', { payment_intent: captured.body.id, amount: 100 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await h.json('POST', '/v1/refunds', { payment_intent: captured.body.id, amount: 100 })).status).toBe(200);

    const view = await faults(h);
    // The never-ending rule survives every append; the used-up one stays, exhausted, with its
    // counters; the states' used-up rules are gone.
    expect(view.plan.rules.map((r) => r.id)).toEqual(['broken-cancel', 'spent', 'pact-state-2']);
    expect(view.rules[1]).toMatchObject({ id: 'spent', exhausted: true });
    expect((await h.call('GET', '/v1/charges')).status).toBe(200);
    const authorized = await given(h, S.authorized, USD);
    expect((await h.call('POST', `/v1/payment_intents/${authorized.body.id}/cancel`)).status).toBe(503);
  });

  it('refuses bad params and unknown states with the control API error shape', async () => {
    const h = inProcess(17);
    const bad = await given(h, S.authorized, { amount: -1, currency: 'usd' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('amount');
    expect((await given(h, S.authorized, { amount: 100, currency: 'USD' })).status).toBe(400);
    expect((await given(h, S.nextFails, { operation: 'adyen.payments', status: 500 })).status).toBe(400);
    expect((await given(h, S.nextFails, { operation: 'stripe.refunds.create', status: 200 })).status).toBe(400);
    const unknown = await given(h, 'a payment authorized for 2000 usd');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toContain(S.authorized);
    expect(h.sim.kernel.payments.all()).toHaveLength(0);
  });
});

