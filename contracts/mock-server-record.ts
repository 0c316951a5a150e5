// Why a consumer test's answer must wait for the Pact mock server's own record of the request.
//
// The flake: under CPU load a consumer test failed now and then with "The following request was
// expected but not received: POST /v71/payments" (any interaction, Stripe, Adyen or merchant),
// although the adapter had received the mock server's answer and the test's own assertions on it
// had passed. In the Pact FFI we ship (pact_ffi 0.5.4, @pact-foundation/pact-core 19.x) the mock
// server answers a request and records the match separately: hyper_server.rs puts a RequestMatch
// event on an async channel and sends the HTTP response; a separate tokio task drains the channel
// into the list of matches. pact-js's executeTest() reads that list
// (pactffiMockServerMismatches / pactffiMockServerMatched) the instant the test function resolves.
// When the tokio task has not run yet (two busy cores are enough) the list still lacks the
// request, so Pact reports it missing, fails the test, and does not write the interaction into the
// pact file, which then fails the drift check (and, before, `contracts test --update` committed
// the pact without it). Upstream: pact-foundation/pact-core-mock-server#13 (fixed by #14, shipped
// in pact_ffi 0.5.6 / pact-core 20.1), reported as pact-reference#535 and pact-js#1713, #1835.
// The project now runs pact-core 20 (pact_ffi 0.5.8) and pact 17, which have that fix; the barrier
// stays because it costs nothing when the record is already caught up, and keeps a regression
// upstream from coming back as a flake here.
//
// The fix here is a barrier, not a retry and not a sleep: a request sent through
// `recordedByMockServer` returns its answer only once the mock server's record has caught up with
// every answer it gave. The record is read through the same FFI calls executeTest uses; "caught
// up" is counted exactly: since the last moment no request was in flight, each answered request
// has either removed one `missing-request` entry (it matched an interaction) or added one entry of
// another type (request-mismatch, request-not-found). Nothing is re-sent; a wrong request still
// fails exactly as before, only with its real mismatch instead of a phantom "not received".
//
// One case the count cannot see: a second request matching an interaction that already matched
// changes nothing in the list. Then the barrier gives up after RECORD_DEADLINE_MS and lets Pact
// judge what it sees, as it did before (no consumer test here sends such a request).
import { getFfiLib } from '@pact-foundation/pact-core';

/** How long to wait for the record before letting Pact judge as it is (only reached in the case above). */
export const RECORD_DEADLINE_MS = 5_000;

/** What the mock server has recorded, in the two counts that move when it records a request. */
export interface RecordCounts {
  /** Interactions no request has matched yet. */
  missing: number;
  /** Requests recorded as not matching (request-mismatch, request-not-found, …). */
  unmatched: number;
}

/** Reads a mock server's record; undefined when no Pact mock server listens on `port`. */
export type RecordReader = (port: number) => RecordCounts | undefined;

interface MismatchEntry {
  type?: string;
}

/** The FFI's record of the mock server on `port`; undefined when the FFI serves no such port (it throws) or answers nothing readable. */
export const readMockServerRecord: RecordReader = (port) => {
  let entries: MismatchEntry[];
  try {
    entries = JSON.parse(getFfiLib('error').pactffiMockServerMismatches(port)) as MismatchEntry[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(entries)) return undefined;
  const missing = entries.filter((e) => e.type === 'missing-request').length;
  return { missing, unmatched: entries.length - missing };
};

/** How many requests the record shows since `base`. */
export function recordedSince(base: RecordCounts, now: RecordCounts): number {
  return base.missing - now.missing + (now.unmatched - base.unmatched);
}

interface PortState {
  base: RecordCounts;
  inFlight: number;
  answered: number;
}

export interface MockServerBarrier {
  /** Runs `send` (one request to `port`) and resolves with its answer once the mock server has recorded it. */
  recordedByMockServer<T>(port: number, send: () => Promise<T>): Promise<T>;
}

export interface BarrierOptions {
  read?: RecordReader;
  deadlineMs?: number;
  /** Waits between two reads of the record; gives the mock server's threads the CPU. */
  pause?: (ms: number) => Promise<void>;
  now?: () => number;
}

export function createMockServerBarrier(options: BarrierOptions = {}): MockServerBarrier {
  const read = options.read ?? readMockServerRecord;
  const deadlineMs = options.deadlineMs ?? RECORD_DEADLINE_MS;
  const pause = options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  // Per port, from the moment a request starts while none is in flight: a port is reused by the
  // next test's mock server only after this one's requests are all done, so a baseline taken
  // then is always this mock server's.
  const ports = new Map<number, PortState>();

  async function caughtUp(port: number, state: PortState): Promise<void> {
    const until = now() + deadlineMs;
    let wait = 1;
    for (;;) {
      const counts = read(port);
      if (counts === undefined || recordedSince(state.base, counts) >= state.answered) return;
      if (now() >= until) return;
      await pause(wait);
      wait = Math.min(wait * 2, 20);
    }
  }

  return {
    async recordedByMockServer(port, send) {
      let state = ports.get(port);
      if (!state) {
        const base = read(port);
        // Not a Pact mock server: nothing to wait for.
        if (base === undefined) return send();
        state = { base, inFlight: 0, answered: 0 };
        ports.set(port, state);
      }
      state.inFlight += 1;
      try {
        const answer = await send();
        state.answered += 1;
        await caughtUp(port, state);
        return answer;
      } finally {
        state.inFlight -= 1;
        if (state.inFlight === 0) ports.delete(port);
      }
    },
  };
}

/** The one barrier the consumer tests' fetch goes through. */
export const mockServerBarrier = createMockServerBarrier();
