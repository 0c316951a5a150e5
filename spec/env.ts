// What the simulators and the core may know of the world: everything ambient (time, randomness,
// the network) comes in as one of these, so the same code runs in-process under a virtual clock
// and as a real server on a wall clock. Implementations (VirtualClock, seededRandom…) live with
// the simulators; only the shapes are vocabulary.

export interface Clock {
  /** Milliseconds since the Unix epoch, in this world's time. */
  now(): number;
  /** Resolves after `ms` of this clock's time has passed; an aborted sleep never resolves and holds nothing. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface RandomSource {
  /** A float in [0, 1). */
  next(): number;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Deadline {
  /** Aborts (with the reason given, else an AbortError) once `ms` of the clock's time has passed. */
  readonly signal: AbortSignal;
  /** The call is over: the timer stops waiting (its sleeper leaves the clock). */
  clear(): void;
}

/** Why a deadline's timer is cleared, given up front: abort() would build a DOMException (with its stack) every time. */
const CLEARED = 'cleared';

/**
 * A request timeout on the injected clock, so the same call times out the same way in virtual
 * time: start it before the call, pass `signal` to it, `clear()` when it ends.
 */
export function clockDeadline(clock: Clock, ms: number, reason?: unknown): Deadline {
  const timeout = new AbortController();
  const timer = new AbortController();
  void clock.sleep(ms, timer.signal).then(() => timeout.abort(reason));
  return { signal: timeout.signal, clear: () => timer.abort(CLEARED) };
}
