import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES, canTransition, isTerminal, statusFromAmounts, type PaymentStatus } from './state-machine.ts';

describe('payment state machine', () => {
  it('never allows going back: no two distinct statuses can reach each other', () => {
    for (const a of STATUSES) for (const b of STATUSES) if (a !== b && canTransition(a, b)) expect(canTransition(b, a)).toBe(false);
  });

  it('has no cycles: any path of legal moves visits each status once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATUSES), { maxLength: 30 }), (steps) => {
        let at = 'authorizing' as PaymentStatus;
        const seen = [at];
        for (const next of steps) {
          if (next !== at && canTransition(at, next)) {
            expect(seen).not.toContain(next);
            at = next;
            seen.push(at);
          }
        }
      }),
    );
  });

  it('makes declined, failed, voided and disputed terminal', () => {
    for (const s of ['declined', 'failed', 'voided', 'disputed'] as const) expect(isTerminal(s)).toBe(true);
    expect(canTransition('captured', 'authorized')).toBe(false);
    expect(canTransition('refunded', 'captured')).toBe(false);
  });

  // Captures are only accepted before the first refund (ALLOWED_FROM), so amounts grow in that order.
  it('derives a status from amounts that only moves forward as amounts grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.tuple(fc.nat(3000), fc.nat(3000)), { maxLength: 10 }), (authorized, deltas) => {
        let captured = 0;
        let refunded = 0;
        let status = statusFromAmounts({ amountAuthorized: authorized, amountCaptured: 0, amountRefunded: 0 });
        for (const [c, r] of deltas) {
          if (refunded === 0) captured = Math.min(authorized, captured + c);
          refunded = Math.min(captured, refunded + r);
          const next = statusFromAmounts({ amountAuthorized: authorized, amountCaptured: captured, amountRefunded: refunded });
          expect(canTransition(status, next), `${status} -> ${next}`).toBe(true);
          status = next;
        }
      }),
    );
  });
});
