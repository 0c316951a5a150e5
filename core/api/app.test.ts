// The merchant API, endpoint by endpoint and error by error, against the real simulators.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const card = { amount: 2500, currency: 'EUR', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-1' };

describe('merchant API', () => {
  it('creates, captures in part, refunds twice and shows the history with causes', async () => {
    w = await coreWorld();
    const created = await w.api('POST', '/v1/payments', card);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'authorized', amounts: { authorized: 2500, captured: 0 } });
    const id = created.body.id;
    expect((await w.api('POST', `/v1/payments/${id}/captures`, { amount: 2000 })).body).toMatchObject({ status: 'partially_captured', amounts: { captured: 2000 } });
    await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 500 });
    const refunded = await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 1500 });
    expect(refunded.body).toMatchObject({ status: 'refunded', amounts: { captured: 2000, refunded: 2000 } });
    const got = await w.api('GET', `/v1/payments/${id}`);
    expect(got.body.history.map((h) => `${h.from}>${h.to}:${h.cause}`)).toEqual([
      'null>authorizing:api',
      'authorizing>authorized:api',
      'authorized>partially_captured:api',
      'partially_captured>partially_refunded:api',
      'partially_refunded>refunded:api',
    ]);
    const ledger = w.stripe.kernel.ledger.forPayment(got.body.providerPaymentId!);
    expect(ledger.map((m) => `${m.kind}:${m.amount}`)).toEqual(['authorization:2500', 'capture:2000', 'refund:500', 'refund:1500']);
  });

  it('reports a decline as a 201 declined payment with the code, not as an error', async () => {
    w = await coreWorld();
    const r = await w.api('POST', '/v1/payments', { ...card, paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'declined', declineCode: 'insufficient_funds' });
  });

  it('voids an authorization and refuses to capture it afterwards', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', card)).body.id;
    expect((await w.api('POST', `/v1/payments/${id}/void`)).body.status).toBe('voided');
    const capture = await w.api('POST', `/v1/payments/${id}/captures`, {});
    expect(capture.status).toBe(409);
    expect(capture.body.error).toMatchObject({ type: 'conflict', code: 'illegal_transition' });
  });

  it('replays the same key and request, refuses the same key with another request', async () => {
    w = await coreWorld();
    const first = await w.api('POST', '/v1/payments', card, 'k-1');
    const again = await w.api('POST', '/v1/payments', card, 'k-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await w.api('POST', '/v1/payments', { ...card, amount: 2600 }, 'k-1');
    expect(other.status).toBe(422);
    expect(w.stripe.kernel.ledger.all().filter((m) => m.kind === 'authorization')).toHaveLength(1);
  });

  it.each([
    ['no key', '/v1/payments', card, null, 400, 'idempotency_key_missing'],
    ['negative amount', '/v1/payments', { ...card, amount: -1 }, undefined, 400, 'amount_invalid'],
    ['zero amount', '/v1/payments', { ...card, amount: 0 }, undefined, 400, 'amount_invalid'],
    ['fractional amount', '/v1/payments', { ...card, amount: 10.5 }, undefined, 400, 'amount_invalid'],
    ['overflowing amount', '/v1/payments', { ...card, amount: 1e12 }, undefined, 400, 'amount_invalid'],
    ['unknown currency', '/v1/payments', { ...card, currency: 'XYZ' }, undefined, 400, 'currency_invalid'],
    ['unknown field', '/v1/payments', { ...card, tip: 1 }, undefined, 400, 'parameter_unknown'],
    ['bad provider', '/v1/payments', { ...card, provider: 'paypal' }, undefined, 400, 'parameter_invalid'],
    ['missing amount', '/v1/payments', { ...card, amount: undefined }, undefined, 400, 'parameter_missing'],
    ['unknown payment', '/v1/payments/pay_nope/captures', {}, undefined, 404, 'resource_missing'],
  ])('refuses %s with the stable error shape and stores nothing', async (_name, path, body, key, status, code) => {
    w = await coreWorld();
    const r = await w.api('POST', path, body, key as string | null | undefined);
    expect(r.status).toBe(status);
    expect(r.body.error).toMatchObject({ code });
    expect(await w.db.query('SELECT id FROM payments')).toEqual([]);
  });

  it('refuses malformed JSON and oversize bodies', async () => {
    w = await coreWorld();
    const post = (body: string) => w.core.app.fetch(new Request('http://core.sim/v1/payments', { method: 'POST', headers: { 'idempotency-key': 'x', 'content-type': 'application/json' }, body }));
    expect((await post('{oops')).status).toBe(400);
    expect((await post(JSON.stringify({ ...card, reference: 'x'.repeat(70_000) }))).status).toBe(413);
    // Without a Content-Length (a chunked upload), the body is counted as it streams.
    const big = new TextEncoder().encode(JSON.stringify({ ...card, reference: 'x'.repeat(70_000) }));
    const streamed = new ReadableStream({ start: (c) => (c.enqueue(big), c.close()) });
    const chunked = await w.core.app.fetch(new Request('http://core.sim/v1/payments', { method: 'POST', headers: { 'idempotency-key': 'y', 'transfer-encoding': 'chunked' }, body: streamed, duplex: 'half' } as RequestInit));
    expect(chunked.status).toBe(413);
    // A declared Content-Length over the limit is refused before the body is read.
    const declared = await w.core.app.fetch(new Request('http://core.sim/v1/payments', { method: 'POST', headers: { 'idempotency-key': 'z', 'content-length': String(70_000) }, body: '{}' }));
    expect(declared.status).toBe(413);
  });

  it('lists payments by status and serves health and metrics', async () => {
    w = await coreWorld();
    await w.api('POST', '/v1/payments', card);
    await w.api('POST', '/v1/payments', { ...card, paymentMethod: 'pm_card_chargeDeclined' });
    const list = await w.api('GET', '/v1/payments?status=declined');
    expect((list.body as unknown as { data: { status: string }[] }).data.map((p) => p.status)).toEqual(['declined']);
    expect((await w.api('GET', '/v1/payments?status=bogus')).status).toBe(400);
    expect((await w.api('GET', '/healthz')).status).toBe(200);
    const metrics = await (await w.core.app.fetch(new Request('http://core.sim/metrics'))).text();
    expect(metrics).toContain('gauntlet_provider_calls_total{provider="stripe",operation="authorize",outcome="ok"} 1');
    expect(metrics).toContain('gauntlet_payments{status="declined"} 1');
    expect(metrics).toContain('gauntlet_payments_unknown 0');
  });
});
