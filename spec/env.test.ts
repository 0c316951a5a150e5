import { describe, expect, it } from 'vitest';
import { clockDeadline, type Clock } from './env.ts';

/** A clock whose sleeps wake only when the test says so, honouring their abort signal. */
function manualClock(): Clock & { fire(): void; waiting(): number } {
  const sleepers: { wake: () => void; signal: AbortSignal | undefined }[] = [];
  return {
    now: () => 0,
    sleep: (_ms, signal) =>
      new Promise<void>((wake) => {
        if (signal?.aborted) return;
        const s = { wake, signal };
        sleepers.push(s);
        signal?.addEventListener('abort', () => sleepers.splice(sleepers.indexOf(s), 1), { once: true });
      }),
    fire: () => sleepers.splice(0).forEach((s) => s.wake()),
    waiting: () => sleepers.length,
  };
}

describe('clockDeadline', () => {
  it('aborts its signal with the reason when the clock passes the deadline', async () => {
    const clock = manualClock();
    const reason = new Error('no answer within 5 ms');
    const d = clockDeadline(clock, 5, reason);
    expect(d.signal.aborted).toBe(false);
    clock.fire();
    await Promise.resolve();
    expect([d.signal.aborted, d.signal.reason]).toEqual([true, reason]);
  });

  it('once cleared, leaves the clock and never aborts', async () => {
    const clock = manualClock();
    const d = clockDeadline(clock, 5);
    expect(clock.waiting()).toBe(1);
    d.clear();
    expect(clock.waiting()).toBe(0);
    clock.fire();
    await Promise.resolve();
    expect(d.signal.aborted).toBe(false);
  });
});
