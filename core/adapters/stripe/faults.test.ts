// The simulator's fault plan against the adapter: each injected failure lands in the kind the
// core needs, and a retry with the same idempotency key never moves money twice.
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../../simulators/index.ts';
import type { CallContext, ProviderResult } from '../types.ts';
import { authorization, okValue, rig, type Rig } from './test-support.ts';

const once = (operation: string, effect: FaultRule['effect']): { rules: FaultRule[] } => ({ rules: [{ match: { operation }, times: 1, effect }] });

/** One money operation, ready to be called (twice) with the same key; `kind` is its ledger movement. */
interface Operation {
  name: string;
  operation: string;
  kind: 'authorization' | 'capture' | 'refund' | 'void';
  prepare(r: Rig): Promise<(ctx: CallContext) => Promise<ProviderResult<unknown>>>;
}

const OPERATIONS: Operation[] = [
  {
    name: 'authorize',
    operation: 'stripe.payment_intents.create',
    kind: 'authorization',
    async prepare(r) {
      const request = authorization({ amount: 1000 });
      return (ctx) => r.adapter.authorize(request, ctx);
    },
  },
  {
    name: 'capture',
    operation: 'stripe.payment_intents.capture',
    kind: 'capture',
    async prepare(r) {
      const pi = okValue(await r.adapter.authorize(authorization({ amount: 1000 }), r.ctx())).providerPaymentId;
      return (ctx) => r.adapter.capture({ paymentId: 'p', providerPaymentId: pi, amount: 400, currency: 'USD' }, ctx);
    },
  },
  {
    name: 'refund',
    operation: 'stripe.refunds.create',
    kind: 'refund',
    async prepare(r) {
      const pi = okValue(await r.adapter.authorize(authorization({ amount: 1000, capture: 'automatic' }), r.ctx())).providerPaymentId;
      return (ctx) => r.adapter.refund({ paymentId: 'p', providerPaymentId: pi, amount: 300, currency: 'USD' }, ctx);
    },
  },
  {
    name: 'void',
    operation: 'stripe.payment_intents.cancel',
    kind: 'void',
    async prepare(r) {
      const pi = okValue(await r.adapter.authorize(authorization({ amount: 1000 }), r.ctx())).providerPaymentId;
      return (ctx) => r.adapter.void({ paymentId: 'p', providerPaymentId: pi, amount: 1000, currency: 'USD' }, ctx);
    },
  },
];

const movements = (r: Rig, kind: Operation['kind']) => r.ledger().filter((m) => m.kind === kind);

describe.each(OPERATIONS)('$name under faults', (op) => {
  it('error 500: indeterminate (Stripe says a 500 may have executed); the retry with the key moves it once', async () => {
    const r = rig();
    const call = await op.prepare(r);
    r.sim.kernel.faults.set(once(op.operation, { type: 'error', status: 500 }));
    expect(await call(r.ctx('k'))).toMatchObject({ kind: 'indeterminate' });
    expect(movements(r, op.kind)).toHaveLength(0);
    expect(await call(r.ctx('k'))).toMatchObject({ kind: 'ok' });
    expect(movements(r, op.kind)).toHaveLength(1);
  });

  it('error 503: provider_error, retryable', async () => {
    const r = rig();
    const call = await op.prepare(r);
    r.sim.kernel.faults.set(once(op.operation, { type: 'error', status: 503, code: 'overloaded' }));
    expect(await call(r.ctx('k'))).toMatchObject({ kind: 'provider_error', status: 503, code: 'overloaded', retryable: true });
    expect(await call(r.ctx('k'))).toMatchObject({ kind: 'ok' });
    expect(movements(r, op.kind)).toHaveLength(1);
  });

  it('rate_limit: provider_error 429 with retryAfterMs from Retry-After', async () => {
    const r = rig();
    const call = await op.prepare(r);
    r.sim.kernel.faults.set(once(op.operation, { type: 'rate_limit', retryAfterSeconds: 7 }));
    expect(await call(r.ctx('k'))).toEqual({ kind: 'provider_error', status: 429, code: 'rate_limit', message: expect.any(String), retryable: true, retryAfterMs: 7_000 });
    expect(movements(r, op.kind)).toHaveLength(0);
    expect(await call(r.ctx('k'))).toMatchObject({ kind: 'ok' });
    expect(movements(r, op.kind)).toHaveLength(1);
  });

  it('fail_before_commit: indeterminate, nothing moved; the retry with the key moves it once', async () => {
    const r = rig();
    const call = await op.prepare(r);
    r.sim.kernel.faults.set(once(op.operation, { type: 'fail_before_commit' }));
    expect(await call(r.ctx('k'))).toEqual({ kind: 'indeterminate', reason: expect.stringContaining('connection_dropped') });
    expect(movements(r, op.kind)).toHaveLength(0);
    const retried = await call(r.ctx('k'));
    expect(retried).toMatchObject({ kind: 'ok' });
    expect(movements(r, op.kind)).toHaveLength(1);
  });

  it('timeout_after_commit: indeterminate though the money moved; the retry with the key replays it, still one movement', async () => {
    const r = rig();
    const call = await op.prepare(r);
    r.sim.kernel.faults.set(once(op.operation, { type: 'timeout_after_commit', hangMs: 0 }));
    expect(await call(r.ctx('k'))).toMatchObject({ kind: 'indeterminate' });
    expect(movements(r, op.kind)).toHaveLength(1);
    const retried = await call(r.ctx('k'));
    expect(retried).toMatchObject({ kind: 'ok' });
    expect(movements(r, op.kind)).toHaveLength(1);
    // The replay is the answer of the call that moved the money.
    const ref = (retried as { value: { providerReference?: string; providerPaymentId?: string } }).value;
    const movement = movements(r, op.kind)[0]!;
    if (op.kind === 'authorization') expect(ref.providerPaymentId).toBe(movement.paymentId);
    if (op.kind === 'refund') expect(ref.providerReference).toBe(movement.id);
  });

  it('a latency the call does not wait for: indeterminate when ctx.timeoutMs passes', async () => {
    const r = rig();
    const call = await op.prepare(r);
    // The virtual clock never reaches 60 s; the adapter's real 50 ms timeout fires first.
    r.sim.kernel.faults.set(once(op.operation, { type: 'latency', ms: 60_000 }));
    expect(await call(r.ctx('k', 50))).toEqual({ kind: 'indeterminate', reason: expect.stringContaining('no answer within 50 ms') });
  });
});

describe("the core's abort signal (ctx.signal)", () => {
  it('aborted on the virtual clock: indeterminate, nothing else decides the deadline', async () => {
    const r = rig();
    r.sim.kernel.faults.set(once('stripe.payment_intents.create', { type: 'latency', ms: 60_000 }));
    const timeout = new AbortController();
    void r.clock.sleep(2_000).then(() => timeout.abort(new Error('core deadline')));
    // A timeoutMs the test would never live to see: only the signal can end this call.
    const call = r.adapter.authorize(authorization(), { idempotencyKey: 'k', timeoutMs: 600_000, signal: timeout.signal });
    await r.clock.advance(2_000);
    expect(await call).toEqual({ kind: 'indeterminate', reason: expect.stringContaining('(aborted: core deadline)') });
  });

  it('with a signal, the adapter starts no real-time timer of its own', async () => {
    const r = rig();
    r.sim.kernel.faults.set(once('stripe.payment_intents.create', { type: 'latency', ms: 500 }));
    // timeoutMs is 1 ms of real time, long gone before the virtual clock lets the answer out.
    const call = r.adapter.authorize(authorization(), { idempotencyKey: 'k', timeoutMs: 1, signal: new AbortController().signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await r.clock.advance(500);
    expect(await call).toMatchObject({ kind: 'ok' });
  });

  it('retrieve honours it too', async () => {
    const r = rig();
    const pi = okValue(await r.adapter.authorize(authorization(), r.ctx())).providerPaymentId;
    expect(await r.adapter.retrieve(pi, { timeoutMs: 1_000, signal: AbortSignal.abort() })).toMatchObject({ kind: 'indeterminate' });
  });
});

describe('injected HTTP errors by status', () => {
  it.each([
    [400, { kind: 'invalid_request', status: 400 }],
    [402, { kind: 'declined', code: 'card_declined' }],
    [404, { kind: 'invalid_request', status: 404 }],
    [502, { kind: 'provider_error', status: 502, retryable: true }],
    [504, { kind: 'provider_error', status: 504, retryable: true }],
  ])('%i', async (status, expected) => {
    const r = rig();
    r.sim.kernel.faults.set(once('stripe.payment_intents.create', { type: 'error', status, ...(status === 402 ? { code: 'card_declined' } : {}) }));
    expect(await r.adapter.authorize(authorization(), r.ctx())).toMatchObject(expected);
    expect(r.ledger()).toHaveLength(0);
  });

  it('a fault on retrieve is classified the same way', async () => {
    const r = rig();
    const pi = okValue(await r.adapter.authorize(authorization(), r.ctx())).providerPaymentId;
    r.sim.kernel.faults.set(once('stripe.payment_intents.retrieve', { type: 'rate_limit', retryAfterSeconds: 2 }));
    expect(await r.adapter.retrieve(pi, { timeoutMs: 10_000 })).toMatchObject({ kind: 'provider_error', status: 429, retryAfterMs: 2_000 });
    r.sim.kernel.faults.set(once('stripe.payment_intents.retrieve', { type: 'fail_before_commit' }));
    expect(await r.adapter.retrieve(pi, { timeoutMs: 10_000 })).toMatchObject({ kind: 'indeterminate' });
  });
});
