import { describe, expect, it } from 'vitest';
import { FormError, encodeForm, parseForm } from './form.ts';

describe('parseForm', () => {
  it.each([
    ['', {}],
    ['amount=100&currency=usd', { amount: '100', currency: 'usd' }],
    ['metadata[order]=1&metadata[note]=a+b%26c', { metadata: { order: '1', note: 'a b&c' } }],
    ['expand[]=latest_charge&expand[]=payment_method', { expand: ['latest_charge', 'payment_method'] }],
    ['expand[1]=b&expand[0]=a', { expand: ['a', 'b'] }],
    ['expand%5B0%5D=a', { expand: ['a'] }],
    ['items[0][price]=p&items[0][qty]=2', { items: [{ price: 'p', qty: '2' }] }],
    ['description=', { description: '' }],
    ['flag', { flag: '' }],
    ['a=1&&b=2', { a: '1', b: '2' }],
  ])('%j', (text, expected) => {
    expect(parseForm(text)).toEqual(expected);
  });

  it.each([
    ['a=%E0%A4%A', /percent-encoding/],
    ['a=1&a=2', /duplicate parameter: a/],
    ['a=1&a[b]=2', /conflicts/],
    ['a[b]=1&a=2', /conflicts/],
    ['a[0]=1&a[x]=2', /conflicts/],
    ['a]=1', /Invalid parameter name/],
    ['[a]=1', /Invalid parameter name/],
    ['a[b][c][d][e][f][g]=1', /nested too deeply/],
    ['a[5000]=1', /Invalid parameter name|index/],
  ])('%s is refused', (text, message) => {
    expect(() => parseForm(text)).toThrow(FormError);
    expect(() => parseForm(text)).toThrow(message);
  });

  it('gives __proto__ no special meaning', () => {
    const parsed = parseForm('metadata[__proto__]=x');
    expect(Object.getPrototypeOf({})).not.toHaveProperty('x');
    expect(Object.keys(parsed.metadata as object)).toEqual(['__proto__']);
  });

  it('round-trips what encodeForm writes', () => {
    const params = { amount: 100, confirm: true, metadata: { reference: 'a&b=c' }, enabled_events: ['*', 'charge.refunded'] };
    expect(parseForm(encodeForm(params))).toEqual({ amount: '100', confirm: 'true', metadata: { reference: 'a&b=c' }, enabled_events: ['*', 'charge.refunded'] });
  });
});
