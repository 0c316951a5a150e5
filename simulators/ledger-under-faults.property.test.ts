// Property, through each dialect's real wire API: under any sequence of merchant requests and any
// request fault plan, the ledger never captures more than was authorized nor refunds more than
// was captured, and an operation refused at the edge moves no money.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultRule, RequestEffect } from './kernel/index.ts';
import { DIALECTS } from './testing/dialects.ts';

const effect: fc.Arbitrary<RequestEffect> = fc.oneof(
  fc.record({ type: fc.constant('error' as const), status: fc.constantFrom(500, 502, 503) }),
  fc.record({ type: fc.constant('rate_limit' as const), retryAfterSeconds: fc.integer({ min: 1, max: 5 }) }),
  fc.constant({ type: 'fail_before_commit' as const }),
  fc.record({ type: fc.constant('timeout_after_commit' as const), hangMs: fc.integer({ min: 1, max: 2_000 }) }),
  fc.constant({ type: 'decline' as const }),
  fc.record({ type: fc.constant('latency' as const), ms: fc.integer({ min: 1, max: 500 }) }),
);

const rule: fc.Arbitrary<FaultRule> = fc.record(
  { match: fc.constantFrom({}, { operation: '*capture*' }, { operation: '*refund*' }, { operation: '*payment*' }), probability: fc.double({ min: 0, max: 1, noNaN: true }), effect },
  { requiredKeys: ['effect'] },
);

type Step = { op: 'authorize' | 'capture' | 'refund' | 'void'; payment: number; amount: number; retryKey: boolean };
const step: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('authorize', 'capture', 'capture', 'refund', 'refund', 'void'),
  payment: fc.integer({ min: 0, max: 2 }),
  amount: fc.integer({ min: 1, max: 4_000 }),
  retryKey: fc.boolean(),
});

describe.each(DIALECTS)('$name dialect: ledger bounds under faults', ({ make }) => {
  it('never captures above authorized nor refunds above captured', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { maxLength: 4 }), fc.array(step, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 10_000 }), async (rules, steps, seed) => {
        const { driver, clock } = make({ seed });
        driver.sim.kernel.faults.set({ rules });
        const payments: string[] = [];
        let n = 0;
        for (const s of steps) {
          n += 1;
          const key = s.retryKey ? `k-${s.op}-${s.payment}` : `k-${n}`;
          const run = () => {
            const id = payments[s.payment % Math.max(1, payments.length)];
            if (s.op === 'authorize' || !id) return driver.authorize({ amount: s.amount, currency: 'EUR', capture: 'manual', card: 'approved', idempotencyKey: key });
            if (s.op === 'capture') return driver.capture(id, s.amount, key);
            if (s.op === 'refund') return driver.refund(id, s.amount, key);
            return driver.void(id, key);
          };
          const pending = run();
          // Latency and withheld answers wait on the virtual clock: move it until the call returns.
          let done = false;
          void pending.finally(() => (done = true));
          for (let i = 0; i < 20 && !done; i++) await clock.advance(500);
          const r = await pending;
          if (r.paymentId && !payments.includes(r.paymentId) && r.outcome === 'authorized') payments.push(r.paymentId);
        }
        const ledger = driver.sim.kernel.ledger;
        for (const id of new Set(ledger.all().map((m) => m.paymentId))) {
          const authorized = ledger.total(id, 'authorization');
          const captured = ledger.total(id, 'capture');
          expect(ledger.forPayment(id).filter((m) => m.kind === 'authorization').length).toBe(1);
          expect(captured).toBeLessThanOrEqual(authorized);
          expect(ledger.total(id, 'refund')).toBeLessThanOrEqual(captured);
        }
        // Every applied edge refusal (error, rate limit, dropped before commit) left no trace of its request.
        const refusedRequests = new Set(
          driver.sim.kernel.faults
            .applied()
            .faults.filter((f) => f.request && ['error', 'rate_limit', 'fail_before_commit'].includes(f.effect.type))
            .map((f) => f.request!.requestId),
        );
        expect(ledger.all().filter((m) => refusedRequests.has(m.requestId))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
