import { describe, expect, it } from 'vitest';
import { effectTypes, faultIntervals, isDeclineFault, isWebhookOnly } from './faults.ts';
import { RunBuilder } from './test-support.ts';

describe('fault intervals', () => {
  it('pairs starts with stops, and a heal phase ends everything still open', () => {
    const b = new RunBuilder();
    b.fault('start', 'psp:stripe', 'a', { effect: { type: 'decline' } }); // 0
    b.fault('start', 'net:adyen', 'b', { type: 'reset' }); // 1
    b.fault('stop', 'psp:stripe', 'a'); // 2
    b.fault('start', 'sut', 'crash'); // 3
    b.phase('heal'); // 4
    b.fault('start', 'webhook:stripe', 'dup', { rule: { effect: { type: 'duplicate' } } }); // 5
    const f = faultIntervals(b.build().history);
    expect(f.map((x) => [x.start.description, x.from, x.to, x.provider, x.layer, x.effects])).toEqual([
      ['a', 0, 2, 'stripe', 'psp', ['decline']],
      ['b', 1, 4, 'adyen', 'net', ['reset']],
      ['crash', 3, 4, undefined, 'sut', []],
      ['dup', 5, Infinity, 'stripe', 'webhook', ['duplicate']],
    ]);
    expect(f.map(isDeclineFault)).toEqual([true, false, false, false]);
    expect(f.map(isWebhookOnly)).toEqual([false, false, false, true]);
  });

  it('a stop that names no open fault closes every open fault on its target', () => {
    const b = new RunBuilder();
    b.fault('start', 'psp:stripe', 'error on stripe.payment_intents.create', { effect: { type: 'error', status: 500 } }); // 0
    b.fault('start', 'psp:stripe', 'decline on every request', { effect: { type: 'decline' } }); // 1
    b.fault('start', 'psp:adyen', 'latency', { effect: { type: 'latency', ms: 500 } }); // 2
    b.fault('stop', 'psp:stripe', 'fault plan cleared'); // 3
    expect(faultIntervals(b.build().history).map((x) => [x.from, x.to])).toEqual([
      [0, 3],
      [1, 3],
      [2, Infinity],
    ]);
  });

  it('reads effect types from an effect, a rule, a plan or a generator step', () => {
    expect(effectTypes({ type: 'error', status: 500 })).toEqual(['error']);
    expect(effectTypes({ match: {}, effect: { type: 'decline' } })).toEqual(['decline']);
    expect(effectTypes({ rules: [{ effect: { type: 'stale' } }, { effect: { type: 'drop' } }] })).toEqual(['stale', 'drop']);
    expect(effectTypes({ kind: 'psp_fault', provider: 'stripe', rule: { effect: { type: 'rate_limit' } } })).toEqual(['rate_limit']);
    expect(effectTypes('free text')).toEqual([]);
  });
});
