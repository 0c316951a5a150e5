// Property: whatever sequence of operations is thrown at the payment book, the ledger never
// captures more than was authorized nor refunds (or charges back) more than was captured.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { movementContext, testKernel } from './test-support.ts';

type Op =
  | { kind: 'capture'; payment: number; amount: number; final: boolean }
  | { kind: 'refund'; payment: number; amount: number }
  | { kind: 'void'; payment: number }
  | { kind: 'dispute'; payment: number; amount: number }
  | { kind: 'authorize'; payment: number };

const amount = fc.integer({ min: 1, max: 12_000 });
const payment = fc.integer({ min: 0, max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('capture' as const), payment, amount, final: fc.boolean() }),
  fc.record({ kind: fc.constant('refund' as const), payment, amount }),
  fc.record({ kind: fc.constant('void' as const), payment }),
  fc.record({ kind: fc.constant('dispute' as const), payment, amount }),
  fc.record({ kind: fc.constant('authorize' as const), payment }),
);

describe('PaymentBook ledger bounds', () => {
  it('never captures more than authorized, never refunds more than captured', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 4, maxLength: 4 }), fc.array(op, { maxLength: 60 }), (amounts, ops) => {
        const { kernel } = testKernel();
        const ids = amounts.map((a, i) => kernel.payments.create({ id: `p${i}`, amount: a, currency: 'usd', at: 0 }).id);
        for (const o of ops) {
          const id = ids[o.payment]!;
          const ctx = movementContext(kernel);
          if (o.kind === 'authorize') kernel.payments.authorize(id, ctx);
          if (o.kind === 'capture') kernel.payments.capture(id, o.amount, ctx, { final: o.final });
          if (o.kind === 'refund') kernel.payments.refund(id, o.amount, ctx);
          if (o.kind === 'void') kernel.payments.void(id, ctx);
          if (o.kind === 'dispute') kernel.payments.dispute(id, o.amount, ctx);
        }
        for (const id of ids) {
          const l = kernel.ledger;
          const authorized = l.total(id, 'authorization');
          const captured = l.total(id, 'capture');
          const refunded = l.total(id, 'refund') + l.total(id, 'dispute');
          expect(captured).toBeLessThanOrEqual(authorized);
          expect(refunded).toBeLessThanOrEqual(captured);
          if (l.total(id, 'void') > 0) expect(captured).toBe(0);
          expect(l.forPayment(id).filter((m) => m.kind === 'authorization').length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses with the reason and the remaining room', () => {
    const { kernel } = testKernel();
    kernel.payments.create({ id: 'p', amount: 1000, currency: 'usd', at: 0 });
    expect(kernel.payments.capture('p', 10, movementContext(kernel), { final: true })).toEqual({ ok: false, refusal: { code: 'not_authorized' } });
    kernel.payments.authorize('p', movementContext(kernel));
    expect(kernel.payments.capture('p', 1001, movementContext(kernel), { final: false })).toEqual({
      ok: false,
      refusal: { code: 'amount_exceeds_capturable', capturable: 1000 },
    });
    expect(kernel.payments.capture('p', 400, movementContext(kernel), { final: false }).ok).toBe(true);
    expect(kernel.payments.capture('p', 600, movementContext(kernel), { final: false }).ok).toBe(true);
    expect(kernel.payments.capture('p', 1, movementContext(kernel), { final: false })).toEqual({ ok: false, refusal: { code: 'authorization_closed' } });
    expect(kernel.payments.refund('p', 1001, movementContext(kernel))).toEqual({ ok: false, refusal: { code: 'amount_exceeds_refundable', refundable: 1000 } });
    expect(kernel.payments.void('p', movementContext(kernel))).toEqual({ ok: false, refusal: { code: 'already_captured' } });
  });

  it('releases the remainder on a final partial capture', () => {
    const { kernel } = testKernel();
    kernel.payments.create({ id: 'p', amount: 1000, currency: 'usd', at: 0 });
    kernel.payments.authorize('p', movementContext(kernel));
    kernel.payments.capture('p', 300, movementContext(kernel), { final: true });
    expect(kernel.payments.capturable(kernel.payments.get('p')!)).toBe(0);
  });
});
