// The adapter's HMAC against @adyen/api-library's HmacValidator (a devDependency, used only here).
import adyen from '@adyen/api-library';
import { describe, expect, it } from 'vitest';
import { decodeHexKey, sign, signingString, verify } from './hmac.ts';
import { HMAC_KEY, OTHER_HMAC_KEY } from './test-support.ts';

const ITEM = {
  pspReference: '7914073381342284',
  originalReference: '',
  merchantAccountCode: 'TestMerchant',
  merchantReference: 'TestPayment-1407325143704',
  amount: { value: 1130, currency: 'EUR' },
  eventCode: 'AUTHORISATION',
  success: 'true',
  eventDate: '2026-03-02T09:00:00+00:00',
};

describe('hmac', () => {
  it('signs what the official library computes', () => {
    const validator = new adyen.hmacValidator();
    const signature = sign(ITEM, decodeHexKey(HMAC_KEY));
    expect(signature).toBe(validator.calculateHmac(ITEM as never, HMAC_KEY));
    expect(validator.validateHMAC({ ...ITEM, additionalData: { hmacSignature: signature } } as never, HMAC_KEY)).toBe(true);
  });

  it('the signing string joins the eight fields, absent ones empty', () => {
    expect(signingString(ITEM)).toBe('7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true');
    expect(signingString({ pspReference: 'P', eventCode: 'X' })).toBe('P::::::X:');
  });

  it('verifies only the exact signature under the right key', () => {
    const key = decodeHexKey(HMAC_KEY);
    const good = sign(ITEM, key);
    expect(verify(ITEM, good, key)).toBe(true);
    expect(verify(ITEM, good, decodeHexKey(OTHER_HMAC_KEY))).toBe(false);
    expect(verify({ ...ITEM, amount: { value: 1131, currency: 'EUR' } }, good, key)).toBe(false);
    expect(verify(ITEM, `${good} `, key)).toBe(false);
    expect(verify(ITEM, good.slice(0, -4), key)).toBe(false);
    expect(verify(ITEM, '', key)).toBe(false);
  });

  it('refuses a key that is not hex', () => {
    expect(() => decodeHexKey('not-hex')).toThrow(/hex/);
    expect(() => decodeHexKey('ABC')).toThrow(/hex/);
  });
});
