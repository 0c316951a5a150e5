import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { requireWellFormedUrl } from './well-formed-url.ts';
import { requireWellFormedJson, textProblem } from './well-formed.ts';

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? `${err.status} ${err.code} ${err.param ?? ''}` : `not an ApiError: ${String(err)}`;
  }
  return 'accepted';
};

describe('well-formed text at the edge', () => {
  it('tells NUL and lone surrogates from text that is fine (paired surrogates, U+FFFD)', () => {
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('a\ud800')).toMatch(/surrogate/);
    expect(textProblem('\udc00a')).toMatch(/surrogate/);
    expect(textProblem('😀 \ufffd é')).toBeUndefined();
  });

  it('walks JSON bodies without recursion, naming the bad field', () => {
    expect(refusal(() => requireWellFormedJson({ a: { b: ['ok', 'x\u0000'] } }))).toBe('400 parameter_invalid a.b.1');
    expect(refusal(() => requireWellFormedJson({ ['k\ud800']: 1 }))).toBe('400 parameter_invalid ');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(() => requireWellFormedJson(deep))).toMatch(/^400 body_invalid/);
    expect(refusal(() => requireWellFormedJson({ amount: 1, nested: { a: [1, 2, { b: 'c' }] } }))).toBe('accepted');
  });

  it('checks every decoded path segment and query value', () => {
    expect(refusal(() => requireWellFormedUrl('http://x/v1/payments/pay_%00'))).toBe('400 path_invalid ');
    expect(refusal(() => requireWellFormedUrl('http://x/v1/payments/%ED%A0%80'))).toBe('400 path_invalid ');
    expect(refusal(() => requireWellFormedUrl('http://x/v1/payments?status=%00'))).toBe('400 parameter_invalid status');
    expect(refusal(() => requireWellFormedUrl('http://x/v1/payments/pay_%C3%A9?status=authorized'))).toBe('accepted');
  });
});
