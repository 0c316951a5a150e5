import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('keeps its bound and evicts oldest first', () => {
    const m = new BoundedMap<string, number>(3);
    for (let i = 0; i < 10; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(3);
    expect([...m.values()]).toEqual([7, 8, 9]);
    expect(m.get('k6')).toBeUndefined();
    expect(m.get('k9')).toBe(9);
  });

  it('a rewritten key becomes the newest; a deleted one frees its place', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    m.set('a', 10); // a is newest now: b is the oldest
    m.set('d', 4);
    expect([...m.values()]).toEqual([3, 10, 4]);
    expect(m.has('b')).toBe(false);
    m.delete('c');
    m.set('e', 5); // room left by c: nothing evicted
    expect([...m.values()]).toEqual([10, 4, 5]);
  });

  it('does not evict a live entry for a stale queue slot of the same key', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('x', 1);
    m.delete('x');
    m.set('y', 2);
    m.set('x', 3); // x's first slot is stale; x is now newer than y
    m.set('z', 4); // evicts y, not x
    expect([...m.values()]).toEqual([3, 4]);
  });

  it('behaves as a Map trimmed to its newest `max` writes (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 6 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 300 }), (max, ops) => {
        const m = new BoundedMap<number, number>(max);
        // The model: an ordered list of [key, value], newest last.
        let model: [number, number][] = [];
        for (const o of ops) {
          model = model.filter(([k]) => k !== o.key);
          if (o.kind === 'set') {
            model.push([o.key, o.value]);
            if (model.length > max) model.shift();
            m.set(o.key, o.value);
          } else {
            m.delete(o.key);
          }
          expect(m.size).toBe(model.length);
        }
        expect([...m.values()]).toEqual(model.map(([, v]) => v));
        for (const [k, v] of model) expect(m.get(k)).toBe(v);
      }),
      { numRuns: 200 },
    );
  });

  it('holds memory bounded under churn of deletes and rewrites', () => {
    const m = new BoundedMap<number, number>(10);
    for (let i = 0; i < 100_000; i++) {
      m.set(i % 7, i);
      m.delete(i % 5);
    }
    // The queue is private; what it must not do is grow with the number of writes.
    const queue = (m as unknown as { queue: unknown[] }).queue;
    expect(queue.length).toBeLessThanOrEqual(64 + 2 * 10 + 1);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
