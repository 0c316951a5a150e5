import { describe, expect, it } from 'vitest';
import { controlRoutes } from './control.ts';
import { START, movementContext, testKernel } from './test-support.ts';

function setup() {
  const { kernel, clock } = testKernel();
  const disputes: string[] = [];
  const app = controlRoutes(kernel, {
    openDispute: (paymentId) => {
      if (!kernel.payments.get(paymentId)) return { ok: false, status: 404, message: `no payment ${paymentId}` };
      disputes.push(paymentId);
      return { ok: true, disputeId: 'dp_1' };
    },
    providerStates: () => ({
      'a payment authorized': async (params) => (typeof params.amount === 'number' ? { ok: true, values: { id: `pi_${params.amount}` } } : { ok: false, status: 400, message: 'amount: a number' }),
    }),
  });
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, { method, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  return { kernel, clock, call, disputes };
}

describe('control API', () => {
  it('sets up Pact provider states by name and answers the values to inject', async () => {
    const { call } = setup();
    const ok = await call('POST', '/provider-states', { state: 'a payment authorized', params: { amount: 2000 }, action: 'setup' });
    expect([ok.status, await ok.json()]).toEqual([200, { id: 'pi_2000' }]);
    const refused = await call('POST', '/provider-states', { state: 'a payment authorized', params: {} });
    expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([400, 'amount: a number']);
    const unknown = await call('POST', '/provider-states', { state: 'no such state' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { details: string[] } }).error.details).toEqual(['a payment authorized']);
    // Pact's verifier: teardown after every state, and state "" for an interaction without one.
    expect((await call('POST', '/provider-states', { state: 'no such state', action: 'teardown' })).status).toBe(200);
    expect((await call('POST', '/provider-states', { state: '', params: null, action: 'setup' })).status).toBe(200);
    expect((await call('POST', '/provider-states', '{nope')).status).toBe(400);
    expect((await call('POST', '/provider-states', { state: 'x', action: 'explode' })).status).toBe(400);
  });

  it('sets, shows and clears the fault plan', async () => {
    const { call } = setup();
    const plan = { rules: [{ id: 'r', match: { operation: 'x.y' }, times: 1, effect: { type: 'error', status: 500 } }] };
    expect((await call('PUT', '/faults', plan)).status).toBe(200);
    const shown = (await (await call('GET', '/faults')).json()) as { plan: unknown; rules: unknown[] };
    expect(shown.plan).toEqual(plan);
    expect(shown.rules).toEqual([{ id: 'r', matched: 0, applied: 0, exhausted: false }]);
    await call('DELETE', '/faults');
    expect(((await (await call('GET', '/faults')).json()) as { plan: { rules: unknown[] } }).plan.rules).toEqual([]);
  });

  it('adds and removes single rules by id, leaving the other rules\' counters alone', async () => {
    const { call, kernel } = setup();
    kernel.faults.set({ rules: [{ id: 'first', match: { operation: 'x.y' }, times: 2, effect: { type: 'error', status: 500 } }] });
    kernel.faults.decideRequest({ operation: 'x.y', method: 'POST', path: '/x', requestId: 'r1' });
    const added = await call('POST', '/faults/rules', { id: 'second', match: { operation: 'x.z' }, effect: { type: 'rate_limit' } });
    expect(added.status).toBe(201);
    expect(kernel.faults.current().rules.map((r) => [r.id, r.applied])).toEqual([['first', 1], ['second', 0]]);
    expect((await call('POST', '/faults/rules', { id: 'second', effect: { type: 'rate_limit' } })).status).toBe(409);
    expect((await call('POST', '/faults/rules', { effect: { type: 'rate_limit' } })).status).toBe(400);
    expect((await call('POST', '/faults/rules', { id: 'bad', effect: { type: 'nope' } })).status).toBe(400);
    expect((await call('DELETE', '/faults/rules/first')).status).toBe(200);
    expect(kernel.faults.current().rules.map((r) => r.id)).toEqual(['second']);
    expect((await call('DELETE', '/faults/rules/first')).status).toBe(404);
  });

  it('adds settlement gaps on their own and clears them, leaving the rules alone', async () => {
    const { call, kernel } = setup();
    kernel.faults.set({ rules: [{ id: 'r', effect: { type: 'error', status: 500 } }] });
    expect((await call('POST', '/faults/settlement', { type: 'missing', nth: 1 })).status).toBe(201);
    expect((await call('POST', '/faults/settlement', { type: 'extra', amount: 500, currency: 'EUR' })).status).toBe(201);
    expect((await call('POST', '/faults/settlement', { type: 'nope' })).status).toBe(400);
    expect(kernel.faults.settlementGaps()).toEqual([{ type: 'missing', nth: 1 }, { type: 'extra', amount: 500, currency: 'EUR' }]);
    expect(kernel.faults.current().plan.rules).toHaveLength(1);
    expect((await call('DELETE', '/faults/settlement')).status).toBe(200);
    expect(kernel.faults.settlementGaps()).toEqual([]);
    expect(kernel.faults.current().plan.rules).toHaveLength(1);
  });

  it('refuses a bad plan with every problem listed, and keeps the old plan', async () => {
    const { call, kernel } = setup();
    kernel.faults.set({ rules: [{ effect: { type: 'latency', ms: 1 } }] });
    const res = await call('PUT', '/faults', { rules: [{ effect: { type: 'error' } }, { effect: { type: 'nope' } }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: string[] } };
    expect(body.error.details).toEqual(['rules[0].effect.status: required', expect.stringContaining('rules[1].effect.type: unknown effect "nope"')]);
    expect(kernel.faults.current().plan.rules).toHaveLength(1);
    expect((await call('PUT', '/faults', '{not json')).status).toBe(400);
    // One rule or one gap on its own: each problem is named from that rule or gap.
    const rule = await call('POST', '/faults/rules', { id: 'r', match: { path: '' }, effect: { type: 'error', status: 302 } });
    expect(rule.status).toBe(400);
    expect(((await rule.json()) as { error: { details: string[] } }).error.details).toEqual(['match.path: must be a non-empty string', 'effect.status: must be a number from 400 to 599']);
    const gap = await call('POST', '/faults/settlement', { type: 'extra', amount: 0, currency: 'EUR' });
    expect(((await gap.json()) as { error: { details: string[] } }).error.details).toEqual(['amount: must be a positive integer']);
    expect(((await (await call('POST', '/faults/rules', [])).json()) as { error: { details: string[] } }).error.details).toEqual(['rule: must be an object']);
    expect(kernel.faults.current().plan.rules).toHaveLength(1);
  });

  it('shows the ledger, advances the clock, serves settlements and resets', async () => {
    const { call, kernel } = setup();
    kernel.payments.create({ id: 'p', amount: 500, currency: 'usd', at: START });
    kernel.payments.authorize('p', movementContext(kernel));
    kernel.payments.capture('p', 500, movementContext(kernel), { final: true });
    const ledger = (await (await call('GET', '/ledger')).json()) as { movements: { kind: string }[] };
    expect(ledger.movements.map((m) => m.kind)).toEqual(['authorization', 'capture']);
    const csv = await (await call('GET', '/settlements?date=2026-01-15')).text();
    expect(csv.split('\n')[1]).toMatch(/^2026-01-15,capture,p,/);
    expect((await call('GET', '/settlements?date=yesterday')).status).toBe(400);
    const advanced = (await (await call('POST', '/clock/advance', { ms: 86_400_000 })).json()) as { now: number };
    expect(advanced.now).toBe(START + 86_400_000);
    expect((await call('POST', '/clock/advance', { ms: -1 })).status).toBe(400);
    await call('POST', '/reset');
    expect(kernel.ledger.all()).toHaveLength(0);
  });

  it('registers webhook endpoints without ever showing their secret', async () => {
    const { call } = setup();
    const res = await call('POST', '/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', secret: 'whsec_0123456789abcdef' });
    expect(res.status).toBe(201);
    const listed = JSON.stringify(await (await call('GET', '/webhooks')).json());
    expect(listed).not.toContain('whsec_0123456789abcdef');
    expect((await call('POST', '/webhook-endpoints', { url: 'ftp://x', secret: 's' })).status).toBe(400);
  });

  it('opens disputes through the dialect hook and reports its refusals', async () => {
    const { call, kernel, disputes } = setup();
    kernel.payments.create({ id: 'p', amount: 500, currency: 'usd', at: START });
    expect((await call('POST', '/disputes', { paymentId: 'p' })).status).toBe(201);
    expect(disputes).toEqual(['p']);
    expect((await call('POST', '/disputes', { paymentId: 'missing' })).status).toBe(404);
    expect((await call('POST', '/disputes', { paymentId: 'p', amount: -5 })).status).toBe(400);
  });

  it('answers unknown control routes with a 404 in its own shape', async () => {
    const { call } = setup();
    const res = await call('GET', '/nothing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: 'no control route GET /nothing' } });
  });
});
