import { describe, expect, it } from 'vitest';
import { cardVerdict } from './cards.ts';

describe('cardVerdict', () => {
  it("reads Stripe's test payment methods on either provider", () => {
    expect(cardVerdict('pm_card_chargeDeclined')).toBe('decline');
    expect(cardVerdict('pm_card_chargeDeclinedInsufficientFunds', 'adyen')).toBe('decline');
    expect(cardVerdict('pm_card_chargeDeclinedSomethingNew', 'stripe')).toBe('decline');
    expect(cardVerdict('pm_card_visa', 'stripe')).toBe('approve');
    expect(cardVerdict('pm_card_mastercard', 'adyen')).toBe('approve');
  });

  it("reads Adyen's refusing holder names, except on Stripe", () => {
    for (const name of ['NOT_ENOUGH_BALANCE', 'DECLINED', 'REFUSED', 'CARD_EXPIRED', 'BLOCK_CARD', 'CVC_DECLINED', 'ACQUIRER_FRAUD', 'ISSUER_UNAVAILABLE']) {
      expect(cardVerdict(`holder:${name}`, 'adyen')).toBe('decline');
    }
    expect(cardVerdict('holder:declined', null)).toBe('decline');
    expect(cardVerdict('NOT_ENOUGH_BALANCE', 'adyen')).toBe('decline');
    expect(cardVerdict('holder:APPROVED', 'adyen')).toBe('approve');
    expect(cardVerdict('holder:John Smith', 'adyen')).toBe('approve');
    expect(cardVerdict('card:4111111111111111', 'adyen')).toBe('approve');
    expect(cardVerdict('holder:DECLINED', 'stripe')).toBe('unknown');
  });

  it('cannot say for anything else', () => {
    expect(cardVerdict(undefined)).toBe('unknown');
    expect(cardVerdict('tok_whatever')).toBe('unknown');
    expect(cardVerdict('holder:', 'adyen')).toBe('unknown');
  });
});
