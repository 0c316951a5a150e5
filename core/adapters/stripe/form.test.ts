import { describe, expect, it } from 'vitest';
import { encodeForm } from './form.ts';

describe('encodeForm', () => {
  it('uses bracket notation for hashes and lists, keeps brackets literal, escapes values', () => {
    expect(encodeForm({ amount: 100, confirm: true, metadata: { payment_id: 'pay 1&2', reference: 'ä' }, expand: ['latest_charge', 'payment_method'], skip: undefined })).toBe(
      'amount=100&confirm=true&metadata[payment_id]=pay%201%262&metadata[reference]=%C3%A4&expand[]=latest_charge&expand[]=payment_method',
    );
  });

  it('escapes names too, and gives an empty string for no parameters', () => {
    expect(encodeForm({ 'a b': { 'c=d': 'e' } })).toBe('a%20b[c%3Dd]=e');
    expect(encodeForm({})).toBe('');
  });
});
