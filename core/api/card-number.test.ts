import { describe, expect, it } from 'vitest';
import { containsCardNumber, luhnValid, maskCardNumbers } from './card-number.ts';

describe('card numbers at the edge', () => {
  it.each(['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', 'card:4242424242424242', 'order 4000056655665556 12/30', '2223003122003222', '4222222222222'])(
    'finds one in %j',
    (text) => expect(containsCardNumber(text)).toBe(true),
  );
  it.each(['pm_card_visa', 'holder:DECLINED', 'pi_3N4111111111111111', '4111111111111112', '8415995487234100', 'order-1764028800123', '0000000000000000', '123', ''])(
    'finds none in %j',
    (text) => expect(containsCardNumber(text)).toBe(false),
  );
  it('masks what it finds and leaves the rest readable', () => {
    expect(maskCardNumbers('No such payment: 4111 1111 1111 1111 (pay_1)')).toBe('No such payment: [card number removed] (pay_1)');
    expect(maskCardNumbers('No such payment: pay_123')).toBe('No such payment: pay_123');
  });
  it('checks Luhn on its own: published test cards pass, one digit off fails', () => {
    for (const pan of ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222']) expect(luhnValid(pan), pan).toBe(true);
    for (const pan of ['4242424242424241', '5555555555554445', '378282246310006', '', '4242-4242']) expect(luhnValid(pan), pan).toBe(false);
  });
});
