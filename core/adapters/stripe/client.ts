// The wire: one Stripe API call through the injected fetch, with Stripe's headers, the per-call
// timeout as an abort signal, and the answer classified. Nothing here retries or keeps state.
import type { FetchLike } from '../../env.ts';
import type { CallContext } from '../types.ts';
import { classifyResponse, indeterminate, type WireOutcome } from './classify.ts';
import { encodeForm, type FormInput } from './form.ts';

/** The API version this adapter was written against (the one stripe-node 23.1 pins). */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export interface StripeClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch: FetchLike;
}

export interface StripeClient {
  /** A POST with a form body; `Idempotency-Key` is always `ctx.idempotencyKey`. */
  post(path: string, params: FormInput, ctx: CallContext): Promise<WireOutcome>;
  get(path: string, query: FormInput, ctx: Omit<CallContext, 'idempotencyKey'>): Promise<WireOutcome>;
}

export function createStripeClient(options: StripeClientOptions): StripeClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const common = {
    authorization: `Bearer ${options.apiKey}`,
    'stripe-version': STRIPE_API_VERSION,
    accept: 'application/json',
  };

  async function send(
    method: 'GET' | 'POST',
    path: string,
    init: { headers: Record<string, string>; body?: string; query?: string },
    ctx: Omit<CallContext, 'idempotencyKey'>,
  ): Promise<WireOutcome> {
    const url = `${base}${path}${init.query ? `?${init.query}` : ''}`;
    const { timeoutMs } = ctx;
    const signal = ctx.signal ?? timeoutSignal(timeoutMs);
    const what = `${method} ${path}`;
    let response: Response;
    try {
      response = await options.fetch(url, {
        method,
        headers: { ...common, ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(signal ? { signal } : {}),
        redirect: 'manual',
      });
    } catch (err) {
      return indeterminate(lost(what, err, signal, timeoutMs));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      return indeterminate(lost(what, err, signal, timeoutMs));
    }
    return classifyResponse(response.status, response.headers, text);
  }

  return {
    post(path, params, ctx) {
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': ctx.idempotencyKey };
      const body = encodeOrRefuse(params);
      return typeof body === 'string' ? send('POST', path, { headers, body }, ctx) : Promise.resolve(body);
    },
    get(path, query, ctx) {
      const encoded = encodeOrRefuse(query);
      return typeof encoded === 'string' ? send('GET', path, { headers: {}, query: encoded }, ctx) : Promise.resolve(encoded);
    },
  };
}

/**
 * The form body, or a refusal when a value cannot be percent-encoded (a lone UTF-16 surrogate
 * makes encodeURIComponent throw). Nothing was sent: the refusal is `notSent`, so it is neither a
 * provider failure for the circuit breaker nor an indeterminate payment.
 */
function encodeOrRefuse(params: FormInput): string | WireOutcome {
  try {
    return encodeForm(params);
  } catch (err) {
    return { kind: 'invalid_request', status: 400, code: 'request_unencodable', message: `the request cannot be form-encoded: ${(err as Error).message}`, notSent: true };
  }
}

/**
 * Only when the core passed no `ctx.signal` (its abort on the injected clock, which is what keeps
 * the timeout meaningful in virtual time): a real-time `AbortSignal.timeout(timeoutMs)`, so a
 * caller without a signal still gets its deadline. None for an infinite timeout.
 */
function timeoutSignal(timeoutMs: number): AbortSignal | undefined {
  if (!Number.isFinite(timeoutMs)) return undefined;
  return AbortSignal.timeout(Math.max(0, Math.ceil(timeoutMs)));
}

function lost(what: string, err: unknown, signal: AbortSignal | undefined, timeoutMs: number): string {
  if (signal?.aborted) {
    const why = signal.reason instanceof Error && signal.reason.name !== 'TimeoutError' ? `: ${signal.reason.message}` : '';
    return `${what}: no answer within ${timeoutMs} ms (aborted${why})`;
  }
  return `${what}: ${err instanceof Error ? err.message : String(err)}`;
}
