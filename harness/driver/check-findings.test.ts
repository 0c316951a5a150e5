import { describe, expect, it } from 'vitest';
import { judgeAuthorized, judgeDecline, judgeSettled, statusFinding } from './check-findings.ts';
import type { PaymentObservation } from './types.ts';

const view = (o: Partial<PaymentObservation> = {}): PaymentObservation => ({
  paymentId: 'pay_1', reference: 'ref-1', status: 'authorized', amount: 1234, currency: 'EUR', provider: 'stripe', providerPaymentId: 'pi_1',
  amounts: { authorized: 1234, captured: 0, refunded: 0 }, declineCode: null, ...o,
});
const asked = { reference: 'ref-1', provider: 'stripe' as const, amount: 1234, currency: 'eur' };

describe('driver check findings', () => {
  it('an authorization conforms as reported by a correct driver, and each wrong field is named', () => {
    expect(judgeAuthorized({ type: 'ok', value: view() }, asked)).toEqual([]);
    expect(judgeAuthorized({ type: 'ok', value: view({ amount: 12.34, amounts: { authorized: 12.34, captured: 0, refunded: 0 } }) }, asked)).toEqual([
      expect.stringContaining('amount is 12.34, Gauntlet asked for 1234: amounts are in minor units'),
      expect.stringContaining('after authorizing 1234 (minor units) they must be'),
    ]);
    expect(judgeAuthorized({ type: 'ok', value: view({ reference: 'order-9' }) }, asked)).toEqual([expect.stringContaining("reference is 'order-9', not the one Gauntlet gave ('ref-1')")]);
    expect(judgeAuthorized({ type: 'info', error: { kind: 'network', code: 'no_answer', message: 'x' } }, asked)).toEqual([expect.stringContaining('authorize: reported indeterminate')]);
  });

  it('a decline is ok/declined or fail/decline; platform, invalid and info are named', () => {
    expect(judgeDecline({ type: 'ok', value: view({ status: 'declined' }) }, 'ref-1', 'pm_x')).toEqual([]);
    expect(judgeDecline({ type: 'fail', error: { kind: 'decline', code: 'card_declined', message: '' } }, 'ref-1', 'pm_x')).toEqual([]);
    expect(judgeDecline({ type: 'fail', error: { kind: 'platform', code: 'e', message: '' } }, 'ref-1', 'pm_x')[0]).toMatch(/^decline: reported as a platform failure/);
    expect(judgeDecline({ type: 'fail', error: { kind: 'invalid', code: 'e', message: '' } }, 'ref-1', 'pm_x')[0]).toMatch(/^decline: reported as fail kind 'invalid'/);
    expect(judgeDecline({ type: 'info', error: { kind: 'platform', code: 'e', message: 'm' } }, 'ref-1', 'pm_x')[0]).toMatch(/^decline: reported as indeterminate/);
    expect(judgeDecline({ type: 'ok', value: view({ status: 'failed' }) }, 'ref-1', 'pm_x')[0]).toContain("the driver reported status 'failed', expected 'declined'");
  });

  it("a status outside Gauntlet's vocabulary gets the mapping to make", () => {
    expect(statusFinding('capture', 'succeeded', ['captured'], '')).toMatch(/^capture: the driver reported status 'succeeded'; Gauntlet's statuses are .*; map 'succeeded' to 'captured'$/);
  });

  it('a settled step checks cumulative amounts and the status', () => {
    expect(judgeSettled('refund', view({ status: 'partially_refunded', amounts: { authorized: 1234, captured: 1234, refunded: 300 } }), { captured: 1234, refunded: 300 }, ['partially_refunded'], 'a refund', 20_000)).toEqual([]);
    expect(judgeSettled('second refund', view({ status: 'partially_refunded', amounts: { authorized: 1234, captured: 1234, refunded: 200 } }), { refunded: 500 }, ['partially_refunded'], 'two refunds', 20_000)).toEqual([
      expect.stringContaining('amounts.refunded is 200, expected 500 (minor units, cumulative'),
    ]);
  });
});
