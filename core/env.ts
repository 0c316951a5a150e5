// What the core may know of the world: injected time, randomness and network, as in the simulators.
// The same core runs in-process under the harness's virtual clock and as a process on a wall clock.
import type { Clock, FetchLike, RandomSource } from '../spec/index.ts';

export type { Clock, FetchLike, RandomSource };

export interface CoreEnv {
  clock: Clock;
  random: RandomSource;
  /** Outbound HTTP to providers and the outbox relay. */
  fetch: FetchLike;
  /**
   * 'linear': the merchant API routes with Hono's LinearRouter, which compiles nothing, for a world
   * that builds a core for every run (exploration). Default: Hono's own choice.
   */
  appRouter?: 'linear';
}
