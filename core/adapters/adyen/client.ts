// The wire: one JSON POST to Adyen Checkout through the injected fetch, with the API key, the
// provider idempotency key and the core's per-call timeout. It reports what came back (status,
// headers, body) or that nothing usable did; deciding what that means is classify.ts's job.
//
// Timeout: `ctx.signal` when the core gives one (aborted on the core's injected clock, so the
// timeout means the same in virtual time); the adapter then starts no timer of its own. Without
// it, `AbortSignal.timeout(ctx.timeoutMs)`. The fetch and the body read are also raced against
// the signal, so a fetch that ignores its signal cannot hang the core. Aborted = `no_answer`:
// the request may have reached Adyen.
import type { CallContext } from '../types.ts';
import type { FetchLike } from '../../env.ts';

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
}

export interface AdyenClient {
  /** POSTs `body` to `/v71{path}` with `Idempotency-Key: ctx.idempotencyKey`. */
  post(path: string, body: unknown, ctx: CallContext): Promise<WireOutcome>;
}

export function createAdyenClient(options: AdyenClientOptions): AdyenClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async post(path, body, ctx) {
      const signal = ctx.signal ?? timeoutSignal(ctx.timeoutMs);
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
          ...(signal ? { signal } : {}),
        });
        // Raced against the deadline too, so a fetch that ignores its signal cannot hang the core.
        const res = await untilAborted(request, signal);
        const text = await untilAborted(res.text(), signal);
        return { kind: 'answered', status: res.status, headers: res.headers, json: parseJson(text), text };
      } catch (err) {
        if (signal?.aborted) return { kind: 'no_answer', reason: `no answer within ${ctx.timeoutMs} ms (aborted)` };
        return { kind: 'no_answer', reason: `network error: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
  };
}

/** Only when the core gave no signal; none for an infinite timeout. */
function timeoutSignal(timeoutMs: number): AbortSignal | undefined {
  return Number.isFinite(timeoutMs) ? AbortSignal.timeout(Math.max(0, Math.ceil(timeoutMs))) : undefined;
}

/** `work`, or a rejection as soon as `signal` aborts; `work`'s own failure is always handled. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
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
