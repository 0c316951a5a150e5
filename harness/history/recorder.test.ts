import { describe, expect, it } from 'vitest';
import { HistoryRecorder, historyDigest, parseJsonl, toJsonl } from './recorder.ts';

describe('history recorder', () => {
  it('numbers events, stamps them with the clock, and round-trips through JSONL', () => {
    let t = 100;
    const h = new HistoryRecorder(() => t);
    const inv = h.invoke(0, 'capture', 'order-1', { amount: 5 });
    t = 150;
    h.complete(inv, { type: 'info', error: { kind: 'network', code: 'timeout', message: 'no answer' } });
    h.fault('start', 'psp:stripe', 'capture times out after commit');
    h.phase('heal');
    expect(h.events.map((e) => [e.index, e.t, e.type])).toEqual([
      [0, 100, 'invoke'],
      [1, 150, 'info'],
      [2, 150, 'fault'],
      [3, 150, 'phase'],
    ]);
    expect(parseJsonl(toJsonl(h.events))).toEqual(h.events);
  });

  it('gives the same digest for the same events and another for any change', () => {
    const a = new HistoryRecorder(() => 1);
    const b = new HistoryRecorder(() => 1);
    a.phase('safety');
    b.phase('safety');
    expect(historyDigest(a.events)).toBe(historyDigest(b.events));
    b.phase('heal');
    expect(historyDigest(a.events)).not.toBe(historyDigest(b.events));
  });
});
