// The built-in mutants are real bugs: for each, one targeted scenario that shows the bug in the
// simulators' ledger or through the merchant API, and the very same scenario passing on the
// correct core. (The harness's selftest proves its checkers catch them; this proves there is
// something to catch.)
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type CoreOptions } from '../core.ts';
import { coreWorld, type World } from '../testing/world.ts';
import { MUTANTS, MUTANT_NAMES, withMutant, type MutantName } from './index.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

/** A world whose core is the correct one (`mutant` undefined) or the named mutant. */
async function world(mutant: MutantName | undefined, seed = 1): Promise<World> {
  const w = await coreWorld({ seed, ...(mutant ? { shape: (o: CoreOptions) => withMutant(o, mutant) } : {}) });
  worlds.push(w);
  return w;
}

const order = (provider: 'stripe' | 'adyen' | 'auto', over: Record<string, unknown> = {}) => ({
  amount: 5000,
  currency: 'EUR',
  provider,
  paymentMethod: provider === 'adyen' ? 'holder:Ada Lovelace' : 'pm_card_visa',
  capture: 'manual',
  reference: 'order-m',
  ...over,
});

const moves = (w: World, provider: 'stripe' | 'adyen', kind: string) => (provider === 'stripe' ? w.stripe : w.adyen).kernel.ledger.all().filter((m) => m.kind === kind);

describe('the mutant catalogue', () => {
  it('lists every mutant once, each with a description, a world and the invariant meant to catch it', () => {
    expect(MUTANTS.map((m) => m.name)).toEqual([...MUTANT_NAMES]);
    for (const m of MUTANTS) {
      expect(m.description.length).toBeGreaterThan(20);
      expect(['sim', 'live']).toContain(m.world);
      expect(['no-double-money', 'agreement', 'legal-history', 'durability', 'liveness', 'honest-errors', 'webhook-integrity', 'retry-after', 'maxSettlementDiscrepancies', 'maxPlatformFailureRate']).toContain(m.invariant);
    }
    expect(MUTANTS.filter((m) => m.world === 'live').map((m) => m.name)).toEqual(['no-crash-recovery']);
  });

  it('refuses an unknown mutant name instead of silently running the correct core', async () => {
    const w = await world(undefined);
    expect(() => createCore(withMutant({ env: w.core.env, store: w.store, adapters: {} }, 'no-such-bug'))).toThrow(/unknown mutant: no-such-bug/);
  });
});

describe('each mutant is a real bug, and the correct core passes the same scenario', () => {
  it('no-provider-idempotency: a retry after timeout-after-commit authorizes twice (an orphan at Stripe)', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
      const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', order('stripe')));
      expect(r.body.status).toBe('authorized');
      return moves(w, 'stripe', 'authorization');
    };
    expect(await scenario()).toHaveLength(1);
    const twice = await scenario('no-provider-idempotency');
    expect(twice).toHaveLength(2);
    expect(new Set(twice.map((m) => m.idempotencyKey)).size).toBe(2);
  });

  it('no-provider-idempotency: a partial capture (Adyen) and a partial refund (Stripe) that time out after commit move money twice', async () => {
    const scenario = async (mutant?: MutantName) => {
      const a = await world(mutant);
      const adyenId = (await a.api('POST', '/v1/payments', order('adyen'))).body.id;
      a.adyen.kernel.faults.set({ rules: [{ match: { operation: 'adyen.captures' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
      await a.whileTimePasses(() => a.api('POST', `/v1/payments/${adyenId}/captures`, { amount: 2000 }));
      const s = await world(mutant);
      const stripeId = (await s.api('POST', '/v1/payments', order('stripe'))).body.id;
      await s.api('POST', `/v1/payments/${stripeId}/captures`, {});
      s.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.refunds.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
      await s.whileTimePasses(() => s.api('POST', `/v1/payments/${stripeId}/refunds`, { amount: 1000 }));
      return { captures: moves(a, 'adyen', 'capture').map((m) => m.amount), refunds: moves(s, 'stripe', 'refund').map((m) => m.amount) };
    };
    expect(await scenario()).toEqual({ captures: [2000], refunds: [1000] });
    expect(await scenario('no-provider-idempotency')).toEqual({ captures: [2000, 2000], refunds: [1000, 1000] });
  });

  it('webhook-no-dedupe: a duplicated REFUND notification is counted twice', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('adyen'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, {});
      await w.drainWebhooks();
      w.adyen.kernel.faults.set({ rules: [{ match: { event: 'REFUND' }, effect: { type: 'duplicate', copies: 1 } }] });
      await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 2000 });
      await w.drainWebhooks();
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { refunded: v.amounts.refunded, status: v.status, psp: moves(w, 'adyen', 'refund').map((m) => m.amount) };
    };
    expect(await scenario()).toEqual({ refunded: 2000, status: 'partially_refunded', psp: [2000] });
    expect(await scenario('webhook-no-dedupe')).toEqual({ refunded: 4000, status: 'partially_refunded', psp: [2000] });
  });

  it('webhook-no-dedupe: a Stripe refund the API already settled is booked again when its webhook arrives', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, {});
      await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 1500 });
      await w.drainWebhooks();
      return { refunded: (await w.api('GET', `/v1/payments/${id}`)).body.amounts.refunded, psp: moves(w, 'stripe', 'refund').map((m) => m.amount) };
    };
    expect(await scenario()).toEqual({ refunded: 1500, psp: [1500] });
    expect(await scenario('webhook-no-dedupe')).toEqual({ refunded: 3000, psp: [1500] });
  });

  it('webhook-regresses-state: a late `authorized` after `captured` moves the payment back', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      // The capture's own webhook is lost for good: only the late authorization event arrives.
      w.stripe.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.succeeded' }, effect: { type: 'drop', attempts: 100 } }] });
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      expect((await w.api('POST', `/v1/payments/${id}/captures`, {})).body.status).toBe('captured');
      await w.drainWebhooks();
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { status: v.status, steps: v.history.map((h) => `${h.from}>${h.to}`) };
    };
    expect(await scenario()).toEqual({ status: 'captured', steps: ['null>authorizing', 'authorizing>authorized', 'authorized>captured'] });
    expect(await scenario('webhook-regresses-state')).toEqual({
      status: 'authorized',
      steps: ['null>authorizing', 'authorizing>authorized', 'authorized>captured', 'captured>authorized'],
    });
  });

  it('refund-unbounded: a refund above what is captured is sent, refused by the PSP, and shown as refunded', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, { amount: 1000 });
      const r = await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 1500 });
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { http: r.status, status: v.status, captured: v.amounts.captured, refunded: v.amounts.refunded, psp: moves(w, 'stripe', 'refund').length };
    };
    expect(await scenario()).toEqual({ http: 409, status: 'partially_captured', captured: 1000, refunded: 0, psp: 0 });
    expect(await scenario('refund-unbounded')).toEqual({ http: 200, status: 'refunded', captured: 1000, refunded: 1500, psp: 0 });
  });

  it('refund-unbounded: "refund the rest" after a partial refund asks for the whole captured amount', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, {});
      await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 2000 });
      const rest = await w.api('POST', `/v1/payments/${id}/refunds`, {});
      await w.drainWebhooks();
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { http: rest.status, status: v.status, refunded: v.amounts.refunded, psp: moves(w, 'stripe', 'refund').map((m) => m.amount) };
    };
    expect(await scenario()).toEqual({ http: 200, status: 'refunded', refunded: 5000, psp: [2000, 3000] });
    expect(await scenario('refund-unbounded')).toEqual({ http: 200, status: 'refunded', refunded: 7000, psp: [2000] });
  });

  it('refund-unbounded: on Adyen too, an over-refund the PSP refuses by notification stays booked', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('adyen'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, { amount: 3000 });
      await w.drainWebhooks();
      const r = await w.api('POST', `/v1/payments/${id}/refunds`, { amount: 4000 });
      await w.drainWebhooks();
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { http: r.status, captured: v.amounts.captured, refunded: v.amounts.refunded, psp: moves(w, 'adyen', 'refund').length };
    };
    expect(await scenario()).toEqual({ http: 409, captured: 3000, refunded: 0, psp: 0 });
    expect(await scenario('refund-unbounded')).toEqual({ http: 200, captured: 3000, refunded: 4000, psp: 0 });
  });

  it('timeout-is-failure: a capture that timed out after commit is a failed operation while the PSP captured', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      // The default hang (30 s) outlasts the core's 2 s timeout: the call policy's own verdict.
      w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 3, effect: { type: 'timeout_after_commit' } }] });
      const r = await w.whileTimePasses(() => w.api('POST', `/v1/payments/${id}/captures`, {}));
      w.stripe.kernel.faults.clear();
      await w.whileTimePasses(() => w.core.reconcile());
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { http: r.status, status: v.status, capture: v.operations.find((o) => o.kind === 'capture')?.status, psp: moves(w, 'stripe', 'capture').length };
    };
    expect(await scenario()).toEqual({ http: 200, status: 'captured', capture: 'succeeded', psp: 1 });
    expect(await scenario('timeout-is-failure')).toEqual({ http: 502, status: 'authorized', capture: 'failed', psp: 1 });
  });

  it('timeout-is-failure: an authorization whose connection dropped after commit ends failed, not retried', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
      const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', order('stripe')));
      await w.drainWebhooks();
      await w.whileTimePasses(() => w.core.reconcile());
      return { status: (await w.api('GET', `/v1/payments/${r.body.id}`)).body.status, psp: moves(w, 'stripe', 'authorization').length };
    };
    expect(await scenario()).toEqual({ status: 'authorized', psp: 1 });
    expect(await scenario('timeout-is-failure')).toEqual({ status: 'failed', psp: 1 });
  });

  it('merchant-key-ignored: a client retry with the same Idempotency-Key creates a second payment', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const first = await w.api('POST', '/v1/payments', order('stripe'), 'client-key-1');
      const retry = await w.api('POST', '/v1/payments', order('stripe'), 'client-key-1');
      return { same: first.body.id === retry.body.id, replayed: retry.headers.get('idempotent-replayed'), psp: moves(w, 'stripe', 'authorization').length };
    };
    expect(await scenario()).toEqual({ same: true, replayed: 'true', psp: 1 });
    expect(await scenario('merchant-key-ignored')).toEqual({ same: false, replayed: null, psp: 2 });
  });

  it('capture-race: a second capture while the first is in flight passes the check and reaches the PSP (which refuses it)', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      let captureRequests = 0;
      const sim = w.routes['http://stripe.sim']!;
      w.routes['http://stripe.sim'] = {
        fetch: (req: Request) => {
          if (req.method === 'POST' && req.url.endsWith('/capture')) captureRequests += 1;
          return sim.fetch(req);
        },
      };
      // The first capture is held at the PSP's edge (before it executes) while the second comes in.
      // (Sequenced rather than started together, so the outcome is the same on PGlite and a server.)
      w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'latency', ms: 1_000 } }] });
      const first = w.api('POST', `/v1/payments/${id}/captures`, {});
      // Real time, not a count of event-loop turns: a loaded server can take a while to answer.
      const deadline = Date.now() + 15_000;
      while (captureRequests === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      expect(captureRequests).toBe(1);
      const [a, b] = await w.whileTimePasses(() => Promise.all([first, w.api('POST', `/v1/payments/${id}/captures`, {})]));
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return {
        answers: [a.status, b.status].sort(),
        captureRequests,
        ops: v.operations.filter((o) => o.kind === 'capture').map((o) => o.status).sort(),
        psp: moves(w, 'stripe', 'capture').length,
      };
    };
    expect(await scenario()).toEqual({ answers: [200, 409], captureRequests: 1, ops: ['succeeded'], psp: 1 });
    expect(await scenario('capture-race')).toEqual({ answers: [200, 502], captureRequests: 2, ops: ['failed', 'succeeded'], psp: 1 });
  });

  it('signature-not-verified: a forged delivery is accepted, and alone it changes the payment', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('adyen'))).body.id;
      // The CAPTURE notification: a forged copy goes out, the genuine one is lost for good.
      w.adyen.kernel.faults.set({ rules: [{ match: { event: 'CAPTURE' }, effect: { type: 'bad_signature' } }, { match: { event: 'CAPTURE' }, effect: { type: 'drop', attempts: 100 } }] });
      await w.api('POST', `/v1/payments/${id}/captures`, {});
      await w.drainWebhooks();
      const forged = w.adyen.kernel.webhooks.list().filter((d) => d.kind === 'forged');
      return { forgedAnswers: forged.map((d) => d.attempts[0]?.status), status: (await w.api('GET', `/v1/payments/${id}`)).body.status };
    };
    expect(await scenario()).toEqual({ forgedAnswers: [400], status: 'authorized' });
    expect(await scenario('signature-not-verified')).toEqual({ forgedAnswers: [200], status: 'captured' });
  });

  it('signature-not-verified: forged Stripe deliveries are answered 2xx', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      w.stripe.kernel.faults.set({ rules: [{ effect: { type: 'bad_signature' } }] });
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, {});
      await w.drainWebhooks();
      return [...new Set(w.stripe.kernel.webhooks.list().filter((d) => d.kind === 'forged').map((d) => d.attempts[0]?.status))];
    };
    expect(await scenario()).toEqual([400]);
    expect(await scenario('signature-not-verified')).toEqual([200]);
  });

  it('stale-accepted: a Stripe replay signed an hour ago is accepted', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      w.stripe.kernel.faults.set({ rules: [{ effect: { type: 'stale', ageMs: 3_600_000 } }] });
      await w.api('POST', '/v1/payments', order('stripe'));
      await w.clock.advance(3_600_000);
      await w.drainWebhooks();
      const stale = w.stripe.kernel.webhooks.list().filter((d) => d.kind === 'stale');
      expect(stale.length).toBeGreaterThan(0);
      return [...new Set(stale.map((d) => d.attempts[0]?.status))];
    };
    expect(await scenario()).toEqual([400]);
    expect(await scenario('stale-accepted')).toEqual([200]);
  });

  it('decline-as-failure: an issuer decline ends the payment failed, without its decline code', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const r = await w.api('POST', '/v1/payments', order('stripe', { paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' }));
      return { http: r.status, status: r.body.status, declineCode: r.body.declineCode };
    };
    expect(await scenario()).toEqual({ http: 201, status: 'declined', declineCode: 'insufficient_funds' });
    expect(await scenario('decline-as-failure')).toEqual({ http: 201, status: 'failed', declineCode: null });
  });

  it('failure-as-decline: a PSP 503 ends the payment declined, never retried', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'error', status: 503 } }] });
      const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', order('stripe')));
      return { status: r.body.status, declined: r.body.declineCode !== null, psp: moves(w, 'stripe', 'authorization').length };
    };
    expect(await scenario()).toEqual({ status: 'authorized', declined: false, psp: 1 });
    expect(await scenario('failure-as-decline')).toEqual({ status: 'declined', declined: true, psp: 0 });
  });

  it('partial-capture-ignored: the PSP captures the whole authorization while the core records the partial amount', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
      await w.api('POST', `/v1/payments/${id}/captures`, { amount: 3000 });
      await w.drainWebhooks();
      await w.whileTimePasses(() => w.core.reconcile());
      const v = (await w.api('GET', `/v1/payments/${id}`)).body;
      return { status: v.status, captured: v.amounts.captured, psp: moves(w, 'stripe', 'capture').map((m) => m.amount) };
    };
    expect(await scenario()).toEqual({ status: 'partially_captured', captured: 3000, psp: [3000] });
    expect(await scenario('partial-capture-ignored')).toEqual({ status: 'partially_captured', captured: 3000, psp: [5000] });
  });

  it('failover-without-resolving: an indeterminate Stripe authorization also fails over to Adyen: two live authorizations', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(mutant);
      w.stripe.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 3, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
      const r = await w.whileTimePasses(() => w.api('POST', '/v1/payments', order('auto')));
      return { provider: r.body.provider, live: [...moves(w, 'stripe', 'authorization'), ...moves(w, 'adyen', 'authorization')].map((m) => m.provider) };
    };
    expect(await scenario()).toEqual({ provider: 'stripe', live: ['stripe'] });
    expect(await scenario('failover-without-resolving')).toEqual({ provider: 'adyen', live: ['stripe', 'adyen'] });
  });
});

describe('no-crash-recovery (live world: a unit-level check here)', () => {
  /** A capture whose process "dies" right after the PSP call: the outcome is never written. */
  async function crashedCapture(w: World): Promise<string> {
    const id = (await w.api('POST', '/v1/payments', order('stripe'))).body.id;
    const crashing = createCore({
      env: w.core.env,
      store: w.store,
      adapters: { stripe: w.core.service.adapter('stripe') },
      afterProviderCall: () => {
        throw new Error('crash: the process died after the provider call');
      },
    });
    const r = await crashing.app.fetch(new Request(`http://core.sim/v1/payments/${id}/captures`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'crash-1' }, body: '{}' }));
    expect(r.status).toBe(500);
    expect(moves(w, 'stripe', 'capture')).toHaveLength(1);
    return id;
  }

  it('the correct core recovers the operation a crash left open; the mutant resolves nothing and the capture stays lost', async () => {
    const scenario = async (mutant?: MutantName) => {
      const w = await world(undefined);
      const id = await crashedCapture(w);
      const options: CoreOptions = { env: w.core.env, store: w.store, adapters: { stripe: w.core.service.adapter('stripe') } };
      const restarted = createCore(mutant ? withMutant(options, mutant) : options);
      const recovered = await restarted.recover();
      // Later background rounds and a reconciliation run do not find it either.
      await w.clock.advance(60_000);
      await restarted.pump();
      await restarted.reconcile();
      const v = await restarted.service.view(id);
      return { examined: recovered.resolved.examined, status: v.status, capture: v.operations.find((o) => o.kind === 'capture')?.status };
    };
    expect(await scenario()).toEqual({ examined: 1, status: 'captured', capture: 'succeeded' });
    expect(await scenario('no-crash-recovery')).toEqual({ examined: 0, status: 'authorized', capture: 'pending' });
  });
});
