import adyen from '@adyen/api-library';
import { describe, expect, it } from 'vitest';
import { forgeryKey, hmacSignature, isHexKey, signingString } from './hmac.ts';
import { HMAC_KEY } from './test-support/in-process.ts';

const item = {
  pspReference: '7914073381342284',
  originalReference: '',
  merchantAccountCode: 'TestMerchant',
  merchantReference: 'TestPayment-1407325143704',
  amount: { value: 1130, currency: 'EUR' },
  eventCode: 'AUTHORISATION',
  success: 'true',
};

describe('notification HMAC', () => {
  it("builds Adyen's signing string, an absent originalReference left empty", () => {
    expect(signingString(item)).toBe('7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true');
    const { originalReference: _, ...without } = item;
    expect(signingString(without)).toBe(signingString(item));
  });

  it("agrees with the library's HmacValidator", () => {
    const validator = new adyen.hmacValidator();
    expect(hmacSignature(item, HMAC_KEY)).toBe(validator.calculateHmac(item as never, HMAC_KEY));
    const signed = { ...item, additionalData: { hmacSignature: hmacSignature(item, HMAC_KEY) } };
    expect(validator.validateHMAC(signed as never, HMAC_KEY)).toBe(true);
  });

  it('signs every field: changing any one breaks the signature', () => {
    const validator = new adyen.hmacValidator();
    const signature = hmacSignature(item, HMAC_KEY);
    for (const tampered of [{ ...item, amount: { value: 1131, currency: 'EUR' } }, { ...item, success: 'false' }, { ...item, eventCode: 'CAPTURE' }]) {
      expect(validator.validateHMAC({ ...tampered, additionalData: { hmacSignature: signature } } as never, HMAC_KEY)).toBe(false);
    }
  });

  it('forges with a different hex key', () => {
    const forged = forgeryKey(HMAC_KEY);
    expect(isHexKey(forged)).toBe(true);
    expect(forged).not.toBe(HMAC_KEY);
    expect(hmacSignature(item, forged)).not.toBe(hmacSignature(item, HMAC_KEY));
  });

  it.each([
    [HMAC_KEY, true],
    ['ab', true],
    ['', false],
    ['abc', false],
    ['not-hex!', false],
    ['whsec_abcdef', false],
  ])('isHexKey(%j) is %s', (key, expected) => {
    expect(isHexKey(key)).toBe(expected);
  });
});
