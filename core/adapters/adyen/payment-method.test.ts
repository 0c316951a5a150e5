import { describe, expect, it } from 'vitest';
import { APPROVING_HOLDER, parsePaymentMethod } from './payment-method.ts';

describe('payment-method tokens', () => {
  it('holder:<NAME> and a bare upper-case name: the test Visa with that holder', () => {
    for (const token of ['holder:NOT_ENOUGH_BALANCE', 'NOT_ENOUGH_BALANCE']) {
      expect(parsePaymentMethod(token)).toEqual({
        ok: true,
        value: {
          type: 'scheme',
          encryptedCardNumber: 'test_4111111111111111',
          encryptedExpiryMonth: 'test_03',
          encryptedExpiryYear: 'test_2030',
          encryptedSecurityCode: 'test_737',
          holderName: 'NOT_ENOUGH_BALANCE',
        },
      });
    }
    expect(parsePaymentMethod('holder:Jane Doe')).toMatchObject({ ok: true, value: { holderName: 'Jane Doe' } });
  });

  it('card:<digits> and bare digits: that card with an approving holder; Amex gets a 4-digit CID', () => {
    for (const token of ['card:5555555555554444', '5555555555554444']) {
      expect(parsePaymentMethod(token)).toMatchObject({ ok: true, value: { encryptedCardNumber: 'test_5555555555554444', holderName: APPROVING_HOLDER } });
    }
    expect(parsePaymentMethod('card:370000000000002')).toMatchObject({ ok: true, value: { encryptedSecurityCode: 'test_7373' } });
  });

  it('refuses what it cannot read', () => {
    for (const token of ['', 'pm_card_unheard_of', 'holder:', 'card:', 'card:4111', 'card:4111x11111111111', 'visa:4111111111111111', 'lower_case', `holder:${'A'.repeat(81)}`]) {
      expect(parsePaymentMethod(token), token).toMatchObject({ ok: false });
    }
  });
});

describe('Stripe test tokens on Adyen', () => {
  it('reads pm_card_* as the Adyen test card or holder name that means the same', () => {
    expect(parsePaymentMethod('pm_card_visa')).toMatchObject({ ok: true, value: { encryptedCardNumber: 'test_4111111111111111' } });
    expect(parsePaymentMethod('pm_card_chargeDeclinedInsufficientFunds')).toMatchObject({ ok: true, value: { holderName: 'NOT_ENOUGH_BALANCE' } });
    expect(parsePaymentMethod('pm_card_unheard_of').ok).toBe(false);
  });
});
