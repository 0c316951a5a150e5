import { describe, expect, it } from 'vitest';
import { timeline } from './timeline.ts';
import { RunBuilder, observation } from './test-support.ts';

describe('timeline', () => {
  const build = () => {
    const b = new RunBuilder();
    b.fault('start', 'psp:adyen', 'adyen 500', { effect: { type: 'error', status: 500 } }); // 0, stopped before: left out
    b.fault('stop', 'psp:adyen', 'adyen 500'); // 1
    b.fault('start', 'psp:stripe', 'stripe timeout', { effect: { type: 'timeout_after_commit' } }); // 2, active during: kept
    const a = b.invoke('p', 'authorize', { reference: 'p' }); // 3
    b.invoke('q', 'authorize', { reference: 'q' }); // 4, another payment
    b.webhook('stripe', 'evt_1', 'payment_intent.succeeded', 'genuine', 200); // 5, ordinary: left out
    b.webhook('stripe', 'evt_2', 'payment_intent.succeeded', 'duplicate', 200); // 6, kept
    b.webhook('adyen', 'ev_3', 'AUTHORISATION', 'forged', 401); // 7, other provider
    b.ok(a, observation({ reference: 'p' })); // 8
    b.fault('stop', 'psp:stripe', 'stripe timeout'); // 9, after the window
    const g = b.invoke('p', 'get', {}); // 10
    b.ok(g, observation({ reference: 'p' })); // 11
    return b.build().history;
  };

  it("keeps the payment's operations and, in their window, the active faults and unusual webhooks", () => {
    expect(timeline(build(), 'p').map((e) => e.index)).toEqual([2, 3, 6, 7, 8, 9, 10, 11]);
  });

  it('narrows to some operations and providers', () => {
    expect(timeline(build(), 'p', { ops: ['authorize'], providers: ['stripe'] }).map((e) => e.index)).toEqual([2, 3, 6, 8]);
  });

  it('caps the context to the latest events', () => {
    expect(timeline(build(), 'p', { ops: ['authorize'], maxContext: 1 }).map((e) => e.index)).toEqual([3, 7, 8]);
  });

  it('is empty for a payment the history never mentions', () => {
    expect(timeline(build(), 'nobody')).toEqual([]);
  });
});
