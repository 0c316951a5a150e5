// The simulator's fault plan against the adapter: each fault must land in the kind the core
// needs, and an indeterminate call retried with the same key must move money exactly once.
import { describe, expect, it } from 'vitest';
import type { AuthorizeOutcome, ModificationOutcome } from '../types.ts';
import { START, adyenWorld, authorizeRequest, ctx, modification, okValue, timedCtx, whileTimePasses } from './test-support.ts';

const PAYMENTS = { operation: 'adyen.payments' };
const CAPTURES = { operation: 'adyen.captures' };

describe('provider errors', () => {
  for (const status of [500, 503]) {
    it(`${status} → ${status === 500 ? 'indeterminate (may have executed)' : 'provider_error, retryable'}, nothing moved; the retry executes`, async () => {
      const w = adyenWorld();
      w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'error', status } }] });
      const first = await w.adapter.authorize(authorizeRequest(), ctx('k-5xx'));
      expect(first).toMatchObject(status === 500 ? { kind: 'indeterminate', status: 500 } : { kind: 'provider_error', status, code: 'internal_error', retryable: true });
      expect(w.ledger()).toEqual([]);
      expect(await w.adapter.authorize(authorizeRequest(), ctx('k-5xx'))).toMatchObject({ kind: 'ok' });
      expect(w.ledger()).toHaveLength(1);
    });
  }

  it('rate limit → provider_error 429, retryable, Retry-After in ms', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: CAPTURES, times: 1, effect: { type: 'rate_limit', retryAfterSeconds: 7 } }] });
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest(), ctx())).providerPaymentId;
    expect(await w.adapter.capture(modification(psp, 100), ctx())).toEqual({
      kind: 'provider_error',
      status: 429,
      code: 'rate_limited',
      message: expect.any(String),
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(w.ledger().filter((m) => m.kind === 'capture')).toEqual([]);
  });

  it('an injected 4xx is an invalid request, not retried', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'error', status: 422, code: '702', message: 'Unexpected input' } }] });
    expect(await w.adapter.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'invalid_request', status: 422, code: 'invalid_input' });
  });

  it('the key in use by a running request → provider_error 409 request_in_progress, retryable', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, nth: 1, effect: { type: 'latency', ms: 1000 } }] });
    const slow = w.adapter.authorize(authorizeRequest(), ctx('busy-key', 60_000));
    await w.clock.advance(0); // the first request is now holding the key, asleep in its latency
    const second = await w.adapter.authorize(authorizeRequest(), ctx('busy-key'));
    expect(second).toMatchObject({ kind: 'provider_error', status: 409, code: 'request_in_progress', retryable: true });
    await w.clock.advance(1000);
    expect(await slow).toMatchObject({ kind: 'ok' });
    expect(w.ledger()).toHaveLength(1);
  });
});

describe('indeterminate, then the same key', () => {
  it('fail_before_commit → indeterminate, nothing moved; the retry moves money once', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'fail_before_commit' } }] });
    const first = await w.adapter.authorize(authorizeRequest(), ctx('k-fbc'));
    expect(first).toMatchObject({ kind: 'indeterminate', reason: expect.stringContaining('network error') });
    expect(w.ledger()).toEqual([]);
    okValue(await w.adapter.authorize(authorizeRequest(), ctx('k-fbc')));
    expect(w.ledger().map((m) => [m.kind, m.idempotencyKey])).toEqual([['authorization', 'k-fbc']]);
  });

  it('timeout_after_commit on authorize → indeterminate; the retry replays the committed payment', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    expect(await w.adapter.authorize(authorizeRequest(), ctx('k-tac'))).toMatchObject({ kind: 'indeterminate' });
    expect(w.ledger()).toHaveLength(1); // the money moved, the answer was lost
    const retry = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest(), ctx('k-tac')));
    expect(w.ledger().map((m) => [m.kind, m.paymentId])).toEqual([['authorization', retry.providerPaymentId]]);
  });

  it('timeout_after_commit on capture → indeterminate; the retry gets the same capture reference, one capture in the ledger', async () => {
    const w = adyenWorld();
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest({ amount: 5000 }), ctx())).providerPaymentId;
    w.sim.kernel.faults.set({ rules: [{ match: CAPTURES, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    expect(await w.adapter.capture(modification(psp, 5000), ctx('k-cap'))).toMatchObject({ kind: 'indeterminate' });
    const retry = okValue<ModificationOutcome>(await w.adapter.capture(modification(psp, 5000), ctx('k-cap')));
    const captures = w.ledger().filter((m) => m.kind === 'capture');
    expect(captures.map((m) => [m.id, m.amount, m.idempotencyKey])).toEqual([[retry.providerReference, 5000, 'k-cap']]);
  });

  it('the core\'s signal (its clock\'s timeout) aborts → indeterminate; Adyen commits anyway; the retry replays it', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'latency', ms: 10_000 } }] });
    const first = timedCtx(w.clock, 'k-slow', 2_000);
    const call = w.adapter.authorize(authorizeRequest(), first);
    await w.clock.advance(2_000);
    expect(await call).toMatchObject({ kind: 'indeterminate', reason: expect.stringContaining('2000 ms') });
    expect(w.ledger()).toEqual([]);
    await w.clock.advance(8_000); // the PSP finishes the request nobody waits for any more
    expect(w.ledger()).toHaveLength(1);
    const retry = timedCtx(w.clock, 'k-slow', 2_000);
    okValue(await w.adapter.authorize(authorizeRequest(), retry));
    retry.release();
    expect(w.ledger()).toHaveLength(1);
  });

  it('a call that answers before the core\'s signal aborts is not cut short by it', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'latency', ms: 1_500 } }] });
    const c = timedCtx(w.clock, 'k-ok', 2_000);
    expect(await whileTimePasses(w.clock, w.adapter.authorize(authorizeRequest(), c))).toMatchObject({ kind: 'ok' });
    expect(w.clock.now()).toBe(START + 1_500);
    c.release();
  });

  it('an already aborted signal: indeterminate, and nothing was sent to the PSP', async () => {
    const w = adyenWorld();
    const aborted = new AbortController();
    aborted.abort();
    expect(await w.adapter.authorize(authorizeRequest(), { ...ctx('k-dead'), signal: aborted.signal })).toMatchObject({ kind: 'indeterminate' });
    expect(w.ledger()).toEqual([]);
  });

  it('without the core\'s signal the timeout is AbortSignal.timeout(ctx.timeoutMs): a hung call is indeterminate', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({ rules: [{ match: PAYMENTS, times: 1, effect: { type: 'latency', ms: 60_000 } }] });
    expect(await w.adapter.authorize(authorizeRequest(), ctx('k-wall', 20))).toMatchObject({ kind: 'indeterminate', reason: expect.stringContaining('aborted') });
    await w.clock.advance(60_000);
  });
});
