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
