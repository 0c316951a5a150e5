// The wire: one JSON POST to Adyen Checkout through the injected fetch, with the API key, the
// provider idempotency key and the core's per-call timeout. It reports what came back (status,
// headers, body) or that nothing usable did; deciding what that means is classify.ts's job.
//
// Timeout: with a `clock` the deadline is a sleep on that clock (deterministic under a virtual
// clock, like the simulators' webhook timeouts); without one, `AbortSignal.timeout`. Either way
// an aborted call is `no_answer`: the request may have reached Adyen.
import type { CallContext } from '../types.ts';
import type { Clock, FetchLike } from '../../env.ts';

/** The Checkout API version this adapter speaks. */
export const CHECKOUT_VERSION = 'v71';

export type WireOutcome =
  | {
      kind: 'answered';
      status: number;
      headers: Headers;
      /** The body parsed as JSON; `undefined` when it is not JSON. */
      json: unknown;
      text: string;
    }
  | { kind: 'no_answer'; reason: string };

export interface AdyenClientOptions {
  /** Checkout base URL without the version, e.g. `http://adyen.sim` or `https://checkout-test.adyen.com`. */
  baseUrl: string;
  apiKey: string;
  fetch: FetchLike;
  clock?: Clock;
}

export interface AdyenClient {
  /** POSTs `body` to `/v71{path}` with `Idempotency-Key: ctx.idempotencyKey`. */
  post(path: string, body: unknown, ctx: CallContext): Promise<WireOutcome>;
}

export function createAdyenClient(options: AdyenClientOptions): AdyenClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async post(path, body, ctx) {
      const deadline = startDeadline(ctx.timeoutMs, options.clock);
      try {
        const request = options.fetch(`${base}/${CHECKOUT_VERSION}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-api-key': options.apiKey,
            'idempotency-key': ctx.idempotencyKey,
          },
          body: JSON.stringify(body),
          // A redirect is a misconfigured base URL; following it would re-send a POST as a GET.
          redirect: 'manual',
          signal: deadline.signal,
        });
        // Raced against the deadline too, so a fetch that ignores its signal cannot hang the core.
        const res = await untilAborted(request, deadline.signal);
        const text = await untilAborted(res.text(), deadline.signal);
        return { kind: 'answered', status: res.status, headers: res.headers, json: parseJson(text), text };
      } catch (err) {
        if (deadline.signal.aborted) return { kind: 'no_answer', reason: `no answer within ${ctx.timeoutMs} ms (aborted)` };
        return { kind: 'no_answer', reason: `network error: ${err instanceof Error ? err.message : String(err)}` };
      } finally {
        deadline.done();
      }
    },
  };
}

interface Deadline {
  signal: AbortSignal;
  /** Releases the clock sleeper once the call is over. */
  done(): void;
}

function startDeadline(timeoutMs: number, clock: Clock | undefined): Deadline {
  if (!clock) return { signal: AbortSignal.timeout(Math.max(0, timeoutMs)), done: () => undefined };
  const controller = new AbortController();
  const cancel = new AbortController();
  void clock.sleep(timeoutMs, cancel.signal).then(() => controller.abort());
  return { signal: controller.signal, done: () => cancel.abort() };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
