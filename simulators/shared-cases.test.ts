// One case suite, both dialects: the kernel's semantics (ledger bounds, idempotency, faults at the
// edge, webhook delivery and signatures, disputes, settlement) expressed through each provider's
// own wire API.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS, type DialectUnderTest } from './testing/dialects.ts';
import type { DialectDriver } from './testing/dialect-driver.ts';

function money(driver: DialectDriver, paymentId: string) {
  const l = driver.sim.kernel.ledger;
  return {
    authorized: l.total(paymentId, 'authorization'),
    captured: l.total(paymentId, 'capture'),
    refunded: l.total(paymentId, 'refund'),
    voided: l.total(paymentId, 'void'),
    entries: l.forPayment(paymentId).length,
  };
}

async function authorized(d: DialectDriver, amount = 5000, capture: 'manual' | 'automatic' = 'manual', key?: string) {
  const r = await d.authorize({ amount, currency: 'EUR', capture, card: 'approved', reference: `order-${amount}`, ...(key ? { idempotencyKey: key } : {}) });
  expect(r.paymentId, r.body).toBeDefined();
  return r.paymentId!;
}

/** Runs `call` while moving the virtual clock, so a response held back by a fault can complete. */
async function withTimePassing<T>(clock: DialectUnderTest['clock'], ms: number, call: () => Promise<T>): Promise<T> {
  const pending = call();
  await clock.advance(ms);
  return pending;
}

describe.each(DIALECTS)('$name dialect: shared cases', ({ make }) => {
  it('authorizes with manual capture: one authorization in the ledger, carrying the reference', async () => {
    const { driver } = make();
    const r = await driver.authorize({ amount: 1234, currency: 'EUR', capture: 'manual', card: 'approved', reference: 'order-77' });
    expect(r.outcome).toBe('authorized');
    const moves = driver.sim.kernel.ledger.forPayment(r.paymentId!);
    expect(moves.map((m) => [m.kind, m.amount, m.currency, m.reference])).toEqual([['authorization', 1234, 'eur', 'order-77']]);
  });

  it('captures at once with automatic capture', async () => {
    const { driver } = make();
    const r = await driver.authorize({ amount: 800, currency: 'USD', capture: 'automatic', card: 'approved' });
    expect(['captured', 'authorized']).toContain(r.outcome);
    expect(money(driver, r.paymentId!)).toMatchObject({ authorized: 800, captured: 800 });
  });

  it('reports every test decline as a decline, with no money held', async () => {
    const { driver } = make();
    expect(driver.declineReasons.length).toBeGreaterThanOrEqual(5);
    for (const reason of driver.declineReasons) {
      const r = await driver.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: reason });
      expect(r.outcome, `${reason}: ${r.body}`).toBe('declined');
      expect(r.declineReason).toBe(reason);
      if (r.paymentId) expect(money(driver, r.paymentId).authorized).toBe(0);
    }
  });

  it('captures partially and refunds in parts, never above what was captured', async () => {
    const { driver } = make();
    const id = await authorized(driver, 5000);
    await driver.capture(id, 3000);
    await driver.refund(id, 1000);
    await driver.refund(id, 2000);
    const over = await driver.refund(id, 1);
    expect(['refused', 'accepted']).toContain(over.outcome);
    expect(money(driver, id)).toMatchObject({ authorized: 5000, captured: 3000, refunded: 3000 });
  });

  it('voids an authorization, after which nothing can be captured', async () => {
    const { driver } = make();
    const id = await authorized(driver, 2500);
    await driver.void(id);
    await driver.capture(id, 2500);
    expect(money(driver, id)).toMatchObject({ voided: 2500, captured: 0 });
  });

  it('replays an idempotent authorize byte for byte and moves money once', async () => {
    const { driver } = make();
    const first = await driver.authorize({ amount: 4200, currency: 'EUR', capture: 'manual', card: 'approved', idempotencyKey: 'k-auth' });
    const again = await driver.authorize({ amount: 4200, currency: 'EUR', capture: 'manual', card: 'approved', idempotencyKey: 'k-auth' });
    expect(again.body).toBe(first.body);
    expect(driver.sim.kernel.ledger.all().filter((m) => m.kind === 'authorization')).toHaveLength(1);
  });

  it('timeout after commit: the money moved, the answer never came, the keyed retry replays', async () => {
    const { driver, clock } = make();
    const id = await authorized(driver, 6000);
    driver.sim.kernel.faults.set({ rules: [{ match: { operation: `${driver.name}.*capture*` }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 5000 } }] });
    const lost = await withTimePassing(clock, 5000, () => driver.capture(id, 6000, 'k-cap'));
    expect(lost.status).toBe(504);
    expect(money(driver, id).captured).toBe(6000);
    const retry = await driver.capture(id, 6000, 'k-cap');
    expect(retry.status).toBeLessThan(300);
    expect(driver.sim.kernel.ledger.forPayment(id).filter((m) => m.kind === 'capture')).toHaveLength(1);
  });

  it('fail before commit: nothing moved, and the keyed retry executes', async () => {
    const { driver } = make();
    const id = await authorized(driver, 6000);
    driver.sim.kernel.faults.set({ rules: [{ match: { operation: `${driver.name}.*capture*` }, times: 1, effect: { type: 'fail_before_commit' } }] });
    const lost = await driver.capture(id, 6000, 'k-cap');
    expect(lost.status).toBe(504);
    expect(money(driver, id).captured).toBe(0);
    await driver.capture(id, 6000, 'k-cap');
    expect(money(driver, id).captured).toBe(6000);
  });

  it('injected 500 and 429 move nothing; a decline fault overrides the issuer', async () => {
    const { driver } = make();
    driver.sim.kernel.faults.set({
      rules: [
        { nth: 1, effect: { type: 'error', status: 500 } },
        { nth: 2, effect: { type: 'rate_limit', retryAfterSeconds: 3 } },
        { nth: 3, effect: { type: 'decline', code: 'insufficient_funds' } },
      ],
    });
    const e500 = await driver.authorize({ amount: 100, currency: 'EUR', capture: 'manual', card: 'approved' });
    const e429 = await driver.authorize({ amount: 100, currency: 'EUR', capture: 'manual', card: 'approved' });
    const declined = await driver.authorize({ amount: 100, currency: 'EUR', capture: 'manual', card: 'approved' });
    expect([e500.status, e429.status]).toEqual([500, 429]);
    expect(declined.outcome).toBe('declined');
    expect(declined.declineReason).toBe('insufficient_funds');
    expect(driver.sim.kernel.ledger.all()).toHaveLength(0);
  });

  it('signs webhooks so the official SDK verifies them, and forged copies fail it', async () => {
    const seen: { body: string; headers: Record<string, string> }[] = [];
    const { driver } = make({
      fetch: async (_url, init) => {
        seen.push({ body: String(init?.body), headers: Object.fromEntries(new Headers(init?.headers).entries()) });
        return new Response('[accepted]', { status: 200 });
      },
    });
    const secret = await driver.registerWebhook('http://merchant.test/hooks');
    driver.sim.kernel.faults.set({ rules: [{ times: 1, effect: { type: 'bad_signature' } }] });
    const id = await authorized(driver, 3000, 'manual');
    await driver.capture(id, 3000);
    await driver.sim.kernel.webhooks.flush();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const verdicts = seen.map((s) => driver.verifyWebhook(s.body, s.headers, secret));
    expect(verdicts.filter((v) => !v)).toHaveLength(1);
    expect(verdicts[0]).toBe(false);
  });

  it('opens a dispute on a captured payment: ledger entry and webhook', async () => {
    const types: string[] = [];
    const { driver } = make({
      fetch: async (_url, init) => {
        types.push(String(init?.body));
        return new Response('[accepted]');
      },
    });
    await driver.registerWebhook('http://merchant.test/hooks');
    const id = await authorized(driver, 3000, 'automatic');
    const res = await driver.sim.app.fetch(
      new Request('http://sim.test/__gauntlet/disputes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: id }) }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    expect(driver.sim.kernel.ledger.total(id, 'dispute')).toBe(3000);
    await driver.sim.kernel.webhooks.flush();
    expect(types.some((b) => b.includes('charge.dispute.created') || b.includes('CHARGEBACK'))).toBe(true);
  });

  it('reports captures and refunds in the settlement file of the day', async () => {
    const { driver } = make();
    const id = await authorized(driver, 5000);
    await driver.capture(id, 5000);
    await driver.refund(id, 500);
    const res = await driver.sim.app.fetch(new Request('http://sim.test/__gauntlet/settlements?date=2026-03-02'));
    const csv = await res.text();
    expect(csv).toContain(`capture,${id},`);
    expect(csv).toContain(`refund,${id},`);
  });

  it('property: a keyed retry of any operation returns the identical body and never moves money again', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ op: fc.constantFrom('capture', 'refund', 'void'), amount: fc.integer({ min: 1, max: 6000 }), key: fc.integer({ min: 0, max: 4 }) }), {
          minLength: 1,
          maxLength: 10,
        }),
        async (ops) => {
          const { driver } = make();
          const id = await authorized(driver, 5000);
          const firstBody = new Map<string, string>();
          for (const o of ops) {
            const key = `k-${o.op}-${o.amount}-${o.key}`;
            const call = () => (o.op === 'capture' ? driver.capture(id, o.amount, key) : o.op === 'refund' ? driver.refund(id, o.amount, key) : driver.void(id, key));
            const before = driver.sim.kernel.ledger.all().length;
            const r = await call();
            const seen = firstBody.get(key);
            if (seen !== undefined) {
              expect(r.body).toBe(seen);
              expect(driver.sim.kernel.ledger.all().length).toBe(before);
            } else firstBody.set(key, r.body);
          }
          const m = money(driver, id);
          expect(m.captured).toBeLessThanOrEqual(m.authorized);
          expect(m.refunded).toBeLessThanOrEqual(m.captured);
        },
      ),
      { numRuns: 60 },
    );
  });
});
