import { describe, expect, it } from 'vitest';
import { INVARIANT_NAMES, isInvariantName } from './invariants.ts';

describe('invariant names', () => {
  it('are the seven of DESIGN.md, each once', () => {
    expect(new Set(INVARIANT_NAMES).size).toBe(7);
    expect(INVARIANT_NAMES).toContain('legal-history');
    expect(isInvariantName('no-double-money')).toBe(true);
    expect(isInvariantName('eventual-happiness')).toBe(false);
  });
});
