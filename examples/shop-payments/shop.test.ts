// shop-payments against the real Stripe simulator (served on loopback, webhooks delivered to the
// shop): its API, its honesty about lost answers, its webhook checks, each bug switch doing the
// damage it names, and a clean shutdown. The gate-level proof is in gate.test.ts.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveSimulator, type LiveSimulator } from '../../harness/index.ts';
import { parseBugs, type ShopConfig } from './src/config.ts';
import { createShop, type Shop } from './src/server.ts';
import { complete } from './driver.ts';

const SECRET = 'whsec_shop_test_secret';

interface World {
  sim: LiveSimulator;
  shop: Shop;
  url: string;
}

const open: World[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.shop.close(100);
    await w.sim.stop();
  }
});

async function world(bugs = '', extra: Partial<ShopConfig> = {}): Promise<World> {
  const sim = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: 7 });
  const config: ShopConfig = {
    port: 0,
    host: '127.0.0.1',
    stripeApiBase: sim.url,
    stripeSecretKey: 'sk_test_shop',
    stripeWebhookSecret: SECRET,
    stripeTimeoutMs: 1500,
    stripeMaxAttempts: 3,
    webhookToleranceSeconds: 300,
    maxBodyBytes: 64 * 1024,
    bugs: parseBugs(bugs),
    ...extra,
  };
  const shop = createShop(config, { log: () => undefined });
  const url = await shop.listen();
  sim.sim.kernel.webhooks.addEndpoint({ url: `${url}/hooks/stripe`, secret: SECRET });
  const w = { sim, shop, url };
  open.push(w);
  return w;
}

async function call(w: World, method: string, path: string, body?: unknown, key?: string) {
  const res = await fetch(`${w.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

function ledger(w: World, kind?: string) {
  return w.sim.sim.kernel.ledger.all().filter((m) => kind === undefined || m.kind === kind);
}

async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pay = (w: World, id: string, extra: Record<string, unknown> = {}, key = `${id}-pay`) =>
  call(w, 'POST', `/orders/${id}/payment`, { amountCents: 5000, currency: 'eur', card: 'pm_card_visa', ...extra }, key);

/** A Stripe event for an order's PaymentIntent, signed by stripe-node's own test helper (not ours). */
function signedEvent(id: string, type: string, object: Record<string, unknown>, o: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify({ id, object: 'event', type, data: { object } });
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? SECRET, ...(o.timestamp !== undefined ? { timestamp: o.timestamp } : {}) });
  return { payload, header };
}

async function postHook(w: World, e: { payload: string; header: string }) {
  const res = await fetch(`${w.url}/hooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': e.header }, body: e.payload });
  return res.status;
}

describe('shop-payments (correct mode) against the Stripe simulator', () => {
  it('authorizes, captures part, refunds twice; its books equal the ledger', async () => {
    const w = await world();
    const created = await pay(w, 'o-1');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'o-1', status: 'authorized', authorizedCents: 5000, capturedCents: 0 });
    const captured = await call(w, 'POST', '/orders/o-1/capture', { amountCents: 3000 }, 'o-1-cap');
    expect(captured.body).toMatchObject({ status: 'paid', capturedCents: 3000 });
    expect((await call(w, 'POST', '/orders/o-1/refunds', { amountCents: 1000 }, 'o-1-r1')).body).toMatchObject({ status: 'partially_refunded', refundedCents: 1000 });
    expect((await call(w, 'POST', '/orders/o-1/refunds', {}, 'o-1-r2')).body).toMatchObject({ status: 'refunded', refundedCents: 3000 });
    // More than is left: refused by the shop itself, nothing sent.
    expect((await call(w, 'POST', '/orders/o-1/refunds', { amountCents: 1 }, 'o-1-r3')).status).toBe(409);
    expect(ledger(w).map((m) => [m.kind, m.amount])).toEqual([
      ['authorization', 5000],
      ['capture', 3000],
      ['refund', 1000],
      ['refund', 2000],
    ]);
    // The ledger names the order, so finance (and the harness) can find it.
    expect(ledger(w, 'authorization')[0]!.reference).toBe('o-1');
  });

  it('answers a merchant retry from what happened: one authorization, one capture', async () => {
    const w = await world();
    await pay(w, 'o-2');
    expect((await pay(w, 'o-2')).status).toBe(200);
    await call(w, 'POST', '/orders/o-2/capture', {}, 'cap-key');
    const again = await call(w, 'POST', '/orders/o-2/capture', {}, 'cap-key');
    expect(again).toMatchObject({ status: 200, body: { status: 'paid', capturedCents: 5000 } });
    expect((await pay(w, 'o-2', { amountCents: 1 })).status).toBe(409);
    expect(ledger(w).map((m) => m.kind)).toEqual(['authorization', 'capture']);
  });

  it('reports a decline as a decline with the issuer code (402), and the driver says fail/decline', async () => {
    const w = await world();
    const r = await pay(w, 'o-3', { card: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ type: 'card_declined', declineCode: 'insufficient_funds' });
    expect(r.body.order).toMatchObject({ status: 'declined', declineCode: 'insufficient_funds', authorizedCents: 0 });
    const c = complete(r.status, JSON.stringify(r.body));
    expect(c).toMatchObject({ type: 'fail', error: { kind: 'decline', code: 'insufficient_funds' }, value: { status: 'declined' } });
    expect(ledger(w)).toEqual([]);
  });

  it('holds a capture whose answer was lost as unknown (202), and reconciliation resolves it with the same key: captured once', async () => {
    const w = await world();
    await pay(w, 'o-4');
    // No webhooks: only reconciliation may resolve it.
    w.sim.sim.kernel.webhooks.clear();
    w.sim.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await call(w, 'POST', '/orders/o-4/capture', {}, 'o-4-cap');
    expect(r.status).toBe(202);
    expect(r.body.error.code).toBe('outcome_unknown');
    expect(r.body.order).toMatchObject({ status: 'authorized', capturedCents: 0 });
    expect(complete(r.status, JSON.stringify(r.body)).type).toBe('info');
    expect(ledger(w, 'capture')).toHaveLength(1); // it did happen at Stripe
    w.sim.sim.kernel.faults.set({ rules: [] });
    const rec = await call(w, 'POST', '/admin/reconcile');
    expect(rec.body).toMatchObject({ stillOpen: 0 });
    expect((await call(w, 'GET', '/orders/o-4')).body).toMatchObject({ status: 'paid', capturedCents: 5000 });
    expect(ledger(w, 'capture')).toHaveLength(1);
  });

  it('holds an authorization with no answer as unknown; reconciliation re-sends it with the same key and finds the one payment', async () => {
    const w = await world('', { stripeTimeoutMs: 300 });
    w.sim.sim.kernel.webhooks.clear();
    w.sim.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'latency', ms: 800, afterCommit: true } }] });
    const r = await pay(w, 'o-5');
    expect(r.status).toBe(202);
    expect(r.body.order).toMatchObject({ status: 'unknown', stripePaymentIntent: null });
    await new Promise((res) => setTimeout(res, 900));
    await call(w, 'POST', '/admin/reconcile');
    expect((await call(w, 'GET', '/orders/o-5')).body).toMatchObject({ status: 'authorized', authorizedCents: 5000, statusHistory: ['pending_payment', 'unknown', 'authorized'] });
    expect(ledger(w, 'authorization')).toHaveLength(1);
  });

  it('retries a 503 with the same key inside the request: the merchant never sees it', async () => {
    const w = await world();
    w.sim.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 2, effect: { type: 'error', status: 503 } }] });
    expect((await pay(w, 'o-6')).body.status).toBe('authorized');
  });

  it('applies signed webhooks once; refuses forged, stale and unsigned ones with a 400 and changes nothing', async () => {
    const w = await world();
    w.sim.sim.kernel.webhooks.clear(); // only our hand-made events below
    const created = await pay(w, 'o-7');
    const pi = created.body.stripePaymentIntent as string;
    const succeeded = { id: pi, object: 'payment_intent', status: 'succeeded', amount: 5000, amount_received: 5000, metadata: { reference: 'o-7' } };
    const forged = signedEvent('evt_forged', 'payment_intent.succeeded', succeeded, { secret: 'whsec_not_the_shops' });
    expect(await postHook(w, forged)).toBe(400);
    const stale = signedEvent('evt_stale', 'payment_intent.succeeded', succeeded, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await postHook(w, stale)).toBe(400);
    expect(await postHook(w, { payload: stale.payload, header: '' })).toBe(400);
    expect((await call(w, 'GET', '/orders/o-7')).body).toMatchObject({ status: 'authorized', capturedCents: 0 });
    const genuine = signedEvent('evt_real', 'payment_intent.succeeded', succeeded);
    expect(await postHook(w, genuine)).toBe(200);
    expect(await postHook(w, genuine)).toBe(200); // a redelivery is acknowledged and ignored
    expect((await call(w, 'GET', '/orders/o-7')).body).toMatchObject({ status: 'paid', capturedCents: 5000 });
  });

  it('never moves an order back on a late event', async () => {
    const w = await world();
    w.sim.sim.kernel.webhooks.clear(); // only the late event below
    await pay(w, 'o-8');
    const paid = await call(w, 'POST', '/orders/o-8/capture', {}, 'o-8-cap');
    const late = signedEvent('evt_late', 'payment_intent.amount_capturable_updated', { id: paid.body.stripePaymentIntent, object: 'payment_intent', status: 'requires_capture', amount: 5000, amount_received: 0 });
    expect(await postHook(w, late)).toBe(200);
    expect((await call(w, 'GET', '/orders/o-8')).body).toMatchObject({ status: 'paid', statusHistory: ['pending_payment', 'authorized', 'paid'] });
  });

  it('takes the simulator’s own webhooks (signed with the endpoint secret) and ends in agreement', async () => {
    const w = await world();
    await pay(w, 'o-9');
    await call(w, 'POST', '/orders/o-9/capture', {}, 'o-9-cap');
    await w.sim.sim.kernel.webhooks.flush();
    const deliveries = w.sim.sim.kernel.webhooks.list();
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.attempts.every((a) => a.status === 200))).toBe(true);
  });

  it('answers bad input in its own error shape, never a crash', async () => {
    const w = await world();
    const badJson = await call(w, 'POST', '/orders/o-x/payment', '{not json');
    expect(badJson).toMatchObject({ status: 400, body: { error: { type: 'invalid_request', code: 'invalid_json' } } });
    expect((await pay(w, 'o-x', { amountCents: -5 })).body.error.code).toBe('invalid_amount');
    expect((await pay(w, 'o-x', { currency: 'euro' })).body.error.code).toBe('invalid_currency');
    expect((await pay(w, 'o-x', { card: '4242424242424242' })).body.error.code).toBe('invalid_card');
    expect((await call(w, 'POST', '/orders/o-x/payment', { amountCents: 1, currency: 'eur', card: 'pm_card_visa', pad: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await call(w, 'POST', '/orders/nope/capture', {})).status).toBe(404);
    expect((await call(w, 'GET', '/orders/%E0%A4%A')).status).toBe(400);
    expect((await call(w, 'DELETE', '/orders')).body.error.code).toBe('route_not_found');
    expect(ledger(w)).toEqual([]);
  });
});

describe('shop-payments bug switches do the damage they name', () => {
  it('retry-without-idempotency-key: a refund whose answer was lost is executed twice', async () => {
    const w = await world('retry-without-idempotency-key');
    await pay(w, 'b-1');
    await call(w, 'POST', '/orders/b-1/capture', {}, 'b-1-cap');
    w.sim.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.refunds.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    await call(w, 'POST', '/orders/b-1/refunds', { amountCents: 1000 }, 'b-1-r');
    expect(ledger(w, 'refund')).toHaveLength(2);
  });

  it('(the same fault in correct mode refunds once)', async () => {
    const w = await world();
    await pay(w, 'c-1');
    await call(w, 'POST', '/orders/c-1/capture', {}, 'c-1-cap');
    w.sim.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.refunds.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    const r = await call(w, 'POST', '/orders/c-1/refunds', { amountCents: 1000 }, 'c-1-r');
    expect(r.body).toMatchObject({ refundedCents: 1000 });
    expect(ledger(w, 'refund')).toHaveLength(1);
  });

  it('refund-retry-twice: an unknown refund is re-sent under a new key', async () => {
    for (const [bugs, refunds] of [['refund-retry-twice', 2], ['', 1]] as const) {
      const w = await world(bugs, { stripeMaxAttempts: 1 });
      await pay(w, 'b-2');
      await call(w, 'POST', '/orders/b-2/capture', {}, 'b-2-cap');
      w.sim.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.refunds.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
      expect((await call(w, 'POST', '/orders/b-2/refunds', { amountCents: 1000 }, 'b-2-r')).status).toBe(202);
      await call(w, 'POST', '/admin/reconcile');
      expect(ledger(w, 'refund'), bugs || 'correct').toHaveLength(refunds);
    }
  });

  it('unsigned-webhooks: a forged event is accepted and changes the order', async () => {
    const w = await world('unsigned-webhooks');
    w.sim.sim.kernel.webhooks.clear();
    const created = await pay(w, 'b-3');
    const forged = signedEvent('evt_forged', 'payment_intent.succeeded', { id: created.body.stripePaymentIntent, object: 'payment_intent', status: 'succeeded', amount: 5000, amount_received: 5000 }, { secret: 'whsec_attacker' });
    expect(await postHook(w, forged)).toBe(200);
    expect((await call(w, 'GET', '/orders/b-3')).body).toMatchObject({ status: 'paid', capturedCents: 5000 });
    expect(ledger(w, 'capture')).toHaveLength(0);
  });

  it('late-event-regresses: a late authorization event takes a paid order back to authorized', async () => {
    const w = await world('late-event-regresses');
    w.sim.sim.kernel.webhooks.clear(); // only the late event below
    await pay(w, 'b-4');
    const paid = await call(w, 'POST', '/orders/b-4/capture', {}, 'b-4-cap');
    const late = signedEvent('evt_late', 'payment_intent.amount_capturable_updated', { id: paid.body.stripePaymentIntent, object: 'payment_intent', status: 'requires_capture', amount: 5000, amount_received: 0 });
    await postHook(w, late);
    expect((await call(w, 'GET', '/orders/b-4')).body.statusHistory).toEqual(['pending_payment', 'authorized', 'paid', 'authorized']);
  });

  it('decline-as-error: an issuer decline comes back as a 502 platform error', async () => {
    const w = await world('decline-as-error');
    const r = await pay(w, 'b-5', { card: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(r.status).toBe(502);
    expect(complete(r.status, JSON.stringify(r.body))).toMatchObject({ type: 'fail', error: { kind: 'platform' }, value: { status: 'failed' } });
  });

  it('refuses an unknown bug name', () => {
    expect(() => parseBugs('retry-without-idempotency-key,nonsense')).toThrow(/unknown bug nonsense/);
  });
});

describe('shop-payments process', () => {
  it('starts from the environment, and on SIGTERM finishes and exits 0', async () => {
    const sim = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: 3 });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'examples/shop-payments/main.ts'], {
        env: { ...process.env, PORT: '0', STRIPE_API_BASE: sim.url, STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: SECRET, SHOP_BUGS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const url = await eventually('the listening line', () => out.match(/listening on (http:\/\/\S+)/)?.[1], 20_000);
      const r = await fetch(`${url}/orders/p-1/payment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amountCents: 100, currency: 'usd', card: 'pm_card_visa' }) });
      expect(r.status).toBe(201);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(out).toContain('SIGTERM: shutting down');
    } finally {
      await sim.stop();
    }
  });

  it('refuses to start without its configuration, saying what is missing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/shop-payments/main.ts'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(err).toContain('STRIPE_SECRET_KEY is required');
  });
});
