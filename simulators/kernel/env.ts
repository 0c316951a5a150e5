// What a simulator is allowed to know about the world. Everything ambient (time, randomness,
// timers, the network) comes in through here, so the same simulator runs in-process under a
// virtual clock and as a real server on a wall clock.

// The shapes are spec's vocabulary (the core takes the same ones); the implementations are here.
import type { Env, Hono } from 'hono';
import { LinearRouter } from 'hono/router/linear-router';
import type { Clock, FetchLike, RandomSource } from '../../spec/index.ts';

export type { Clock, FetchLike, RandomSource };

export interface SimEnv {
  clock: Clock;
  random: RandomSource;
  /** Outbound HTTP, used only for webhook delivery. */
  fetch: FetchLike;
  /**
   * 'linear': route with Hono's LinearRouter, which registers a route by appending it and compiles
   * nothing, for a world that builds its apps for every run (exploration: compiling the default
   * router was ~12% of a run, the TrieRouter's inserts ~5%). No route of ours combines a parameter
   * and a wildcard, the one pattern LinearRouter refuses.
   * Default: Hono's own choice, fastest per request for a long-lived server.
   */
  appRouter?: 'linear';
}

/** The options `new Hono()` takes for an app in `env` (its router). */
export function honoOptions<E extends Env>(env: { appRouter?: 'linear' | undefined }): ConstructorParameters<typeof Hono<E>>[0] {
  return env.appRouter === 'linear' ? { router: new LinearRouter() } : {};
}

/**
 * sfc32 seeded from a 32-bit seed through splitmix32: small, fast, and good enough to decide
 * faults. The same seed always gives the same sequence.
 */
export function seededRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return {
    next(): number {
      const t = (((a + b) >>> 0) + d) >>> 0;
      d = (d + 1) >>> 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) >>> 0;
      c = ((c << 21) | (c >>> 11)) >>> 0;
      c = (c + t) >>> 0;
      return t / 4294967296;
    },
  };
}

/**
 * A clock that only moves when told to. Sleepers wake in deadline order (ties in the order they
 * started sleeping) as `advance` passes their deadline.
 */
export class VirtualClock implements Clock {
  private current: number;
  private sleepers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      if (signal?.aborted) return;
      // A sleeper that wakes stops listening: one signal may cancel many sleeps in turn (a pump's).
      const wake = signal ? () => (signal.removeEventListener('abort', onAbort), resolve()) : resolve;
      const onAbort = () => {
        const i = this.sleepers.indexOf(sleeper);
        if (i >= 0) this.sleepers.splice(i, 1);
      };
      const sleeper = { at: this.current + ms, seq: this.seq++, wake };
      // Sleepers stay sorted by deadline, then by arrival: insert after every earlier-or-equal deadline.
      let lo = 0;
      let hi = this.sleepers.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.sleepers[mid]!.at <= sleeper.at) lo = mid + 1;
        else hi = mid;
      }
      this.sleepers.splice(lo, 0, sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Moves time forward by `ms`, waking every sleeper whose deadline passes, in order. Before each
   * look at the sleepers, work already started (a request on its way to a fault's sleep) is let
   * run to its next wait, so a caller can start a call and advance the clock right after; a
   * caller that has just let it (`settled`: it awaited a macrotask turn and ran nothing since)
   * saves that first turn. Each woken sleeper's work runs to its next wait before the next look
   * and before this returns.
   */
  async advance(ms: number, o?: { settled?: boolean }): Promise<void> {
    const target = this.current + Math.max(0, ms);
    // A turn is the world's costliest idle step (a few µs, hundreds per explored run): only the
    // turns that can let something run are taken.
    if (o?.settled !== true) await settle();
    for (;;) {
      const next = this.sleepers[0];
      if (!next || next.at > target) break;
      this.sleepers.shift();
      this.current = Math.max(this.current, next.at);
      next.wake();
      await settle();
    }
    this.current = target;
  }

  /** The earliest pending deadline, if any sleeper is waiting. */
  nextDeadline(): number | undefined {
    return this.sleepers[0]?.at;
  }
}

/** A clock shifted by a settable offset: `POST /__gauntlet/clock/advance` on a wall clock. */
export class OffsetClock implements Clock {
  private readonly base: Clock;
  private offsetMs = 0;
  constructor(base: Clock) {
    this.base = base;
  }
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.base.sleep(ms, signal);
  }
  advance(ms: number): void {
    this.offsetMs += Math.max(0, ms);
  }
}

/**
 * Lets every pending promise continuation run to its next real wait. A macrotask boundary drains
 * the microtask queue however deep the async chain is; it reads no time and draws no randomness,
 * so it keeps the virtual world deterministic.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const ALPHANUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix` followed by `length` characters drawn from `alphabet`, deterministic per random source. */
export function randomId(random: RandomSource, prefix: string, length = 24, alphabet = ALPHANUM): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random.next() * alphabet.length)];
  return out;
}
