import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.ts';

describe('fingerprint', () => {
  it('ignores key order at every depth', () => {
    expect(fingerprint('POST', '/p', { a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(fingerprint('POST', '/p', { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
  });

  it('tells apart method, path, values and array order', () => {
    const base = fingerprint('POST', '/p', { a: [1, 2] });
    expect(fingerprint('PUT', '/p', { a: [1, 2] })).not.toBe(base);
    expect(fingerprint('POST', '/q', { a: [1, 2] })).not.toBe(base);
    expect(fingerprint('POST', '/p', { a: [2, 1] })).not.toBe(base);
    expect(fingerprint('POST', '/p', { a: ['1', 2] })).not.toBe(base);
  });
});
