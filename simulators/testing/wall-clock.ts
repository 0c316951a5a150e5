// The real clock, for tests that serve a simulator over real sockets (tests may use timers;
// simulators may not, which is why it is handed in from here).
import type { Clock } from '../kernel/index.ts';

export const testWallClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return;
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }),
};
