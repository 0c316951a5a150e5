import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { OffsetClock, VirtualClock, randomId, seededRandom } from './env.ts';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws ids deterministically', () => {
    expect(randomId(seededRandom(7), 'pi_', 8)).toBe(randomId(seededRandom(7), 'pi_', 8));
    expect(randomId(seededRandom(7), 'pi_', 8)).toMatch(/^pi_[0-9A-Za-z]{8}$/);
  });
});

describe('VirtualClock', () => {
  it('lets one signal cancel many sleeps in turn without piling up listeners on it', async () => {
    const clock = new VirtualClock(0);
    const stop = new AbortController();
    for (let i = 0; i < 50; i++) {
      const slept = clock.sleep(10, stop.signal);
      await clock.advance(10);
      await slept;
    }
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    let woke = false;
    void clock.sleep(10, stop.signal).then(() => (woke = true));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    stop.abort('done');
    await clock.advance(20);
    expect([woke, clock.nextDeadline()]).toEqual([false, undefined]);
  });

  it('wakes sleepers in deadline order only when time passes their deadline', async () => {
    const clock = new VirtualClock(1000);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a2@${clock.now()}`));
    await clock.advance(50);
    expect(woke).toEqual([]);
    await clock.advance(100);
    expect(woke).toEqual(['a@1100', 'a2@1100']);
    expect(clock.now()).toBe(1150);
    await clock.advance(1000);
    expect(woke).toEqual(['a@1100', 'a2@1100', 'b@1300']);
    expect(clock.now()).toBe(2150);
    expect(clock.nextDeadline()).toBeUndefined();
  });
});

describe('OffsetClock', () => {
  it('adds advanced time on top of its base clock', () => {
    let base = 10;
    const clock = new OffsetClock({ now: () => base, sleep: async () => {} });
    clock.advance(5);
    base = 20;
    expect(clock.now()).toBe(25);
  });
});

describe('VirtualClock with work in flight', () => {
  it('lets a call started just before advance reach its sleep, and forgets aborted sleeps', async () => {
    const clock = new VirtualClock(0);
    const call = (async () => {
      await Promise.resolve();
      await Promise.resolve();
      await clock.sleep(500);
      return clock.now();
    })();
    await clock.advance(500);
    expect(await call).toBe(500);
    const abort = new AbortController();
    void clock.sleep(100, abort.signal);
    abort.abort();
    expect(clock.nextDeadline()).toBeUndefined();
  });
});
