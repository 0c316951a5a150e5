// The live world's time and randomness: the real clock, real timers, a seed printed for replay.
// Only the harness may reach for these; simulators and the core get them injected.
import { randomInt } from 'node:crypto';
import type { Clock } from '../../simulators/index.ts';

export const wallClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return;
      const timer = setTimeout(resolve, Math.max(0, ms));
      signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }),
};

/** A fresh 31-bit seed for runs that were not given one. */
export function freshSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}
