// The checker judges by spec's state machine, written apart from the core's on purpose. Today the
// correct core and the harness agree edge for edge; this test says so, and when one of them is
// changed it names the edge, so the change is a decision (fix the core, or teach the harness)
// rather than a silent drift that makes legal-history blind or noisy.
import { describe, expect, it } from 'vitest';
import { STATUSES as CORE_STATUSES, canTransition as coreCanTransition } from '../../core/index.ts';
import { STATUSES, canTransition } from '../../spec/index.ts';

describe("the core's transition table agrees with the harness's", () => {
  it('has the same statuses', () => {
    expect([...CORE_STATUSES].sort()).toEqual([...STATUSES].sort());
  });

  it('has the same edges', () => {
    const differ: string[] = [];
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const harness = canTransition(from, to);
        if (coreCanTransition(from, to) !== harness) differ.push(`${from} → ${to}: harness ${harness ? 'allows' : 'forbids'} it, the core does not agree`);
      }
    }
    expect(differ).toEqual([]);
  });
});
