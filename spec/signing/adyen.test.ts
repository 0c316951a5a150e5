// Checked against @adyen/api-library's HmacValidator, the library merchants verify with.
import adyen from '@adyen/api-library';
import { describe, expect, it } from 'vitest';
import { adyenHmacSignature, adyenSigningString, isGenuineAdyen, isGenuineAdyenItem } from './adyen.ts';

const KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const item = {
  pspReference: '7914073381342284',
  originalReference: '',
  merchantAccountCode: 'TestMerchant',
  merchantReference: 'TestPayment-1407325143704',
  amount: { value: 1130, currency: 'EUR' },
  eventCode: 'AUTHORISATION',
  success: 'true',
};
const batch = (...items: object[]) => JSON.stringify({ live: 'false', notificationItems: items.map((i) => ({ NotificationRequestItem: i })) });
const signed = (i: typeof item, key = KEY) => ({ ...i, additionalData: { hmacSignature: adyenHmacSignature(i, key) } });

describe('Adyen notification HMAC', () => {
  it("builds Adyen's signing string, absent fields left empty", () => {
    expect(adyenSigningString(item)).toBe('7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true');
    const { originalReference: _o, merchantReference: _m, ...without } = item;
    expect(adyenSigningString(without)).toBe('7914073381342284::TestMerchant::1130:EUR:AUTHORISATION:true');
  });

  it("agrees with the library's HmacValidator both ways", () => {
    const validator = new adyen.hmacValidator();
    expect(adyenHmacSignature(item, KEY)).toBe(validator.calculateHmac(item as never, KEY));
    expect(validator.validateHMAC(signed(item) as never, KEY)).toBe(true);
    expect(isGenuineAdyenItem({ ...item, additionalData: { hmacSignature: validator.calculateHmac(item as never, KEY) } }, KEY)).toBe(true);
  });

  it('signs every field: changing any one breaks the signature', () => {
    const signature = adyenHmacSignature(item, KEY);
    for (const tampered of [{ ...item, amount: { value: 1131, currency: 'EUR' } }, { ...item, success: 'false' }, { ...item, eventCode: 'CAPTURE' }, { ...item, originalReference: 'X' }]) {
      expect(isGenuineAdyenItem({ ...tampered, additionalData: { hmacSignature: signature } }, KEY)).toBe(false);
    }
  });

  it('accepts a batch only when every item is signed under the key', () => {
    const second = { ...item, pspReference: '7914073381342285' };
    expect(isGenuineAdyen(batch(signed(item), signed(second)), KEY)).toBe(true);
    expect(isGenuineAdyen(batch(signed(item), signed(second, 'AB'.repeat(32))), KEY)).toBe(false);
    expect(isGenuineAdyen(batch(signed(item)), 'AB'.repeat(32))).toBe(false);
  });

  it.each(['', 'not json', 'null', '{}', '{"notificationItems":[]}', '{"notificationItems":[null]}', batch(item), batch({ ...item, amount: null, additionalData: { hmacSignature: 'x' } })])(
    'refuses %j',
    (body) => {
      expect(isGenuineAdyen(body, KEY)).toBe(false);
    },
  );
});
