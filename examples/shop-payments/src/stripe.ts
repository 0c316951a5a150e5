// A thin Stripe client on fetch: form-encoded bodies, Bearer auth, an Idempotency-Key on every
// POST, and an honest answer about what happened. The one rule that matters: an answer we did not
// get (timeout, reset, 5xx) is NOT a failure, it is `indeterminate` - Stripe may have executed it.
// Retries here always reuse the same key, so Stripe replays instead of executing twice.
import type { Bug } from './config.ts';

export type StripeObject = Record<string, unknown>;

export type StripeResult =
  | { kind: 'ok'; body: StripeObject }
  /** The issuer said no (402 card_error). `paymentIntent` is the PaymentIntent Stripe returned with the error. */
  | { kind: 'declined'; code: string; declineCode: string | null; message: string; paymentIntent: StripeObject | null }
  /** Stripe refused the request and did nothing (4xx, or a 429 that outlasted our retries). */
  | { kind: 'rejected'; status: number; code: string; message: string }
  /** We do not know whether Stripe executed it. */
  | { kind: 'indeterminate'; reason: string };

export interface StripeClientOptions {
  apiBase: string;
  secretKey: string;
  timeoutMs: number;
  maxAttempts: number;
  bugs: ReadonlySet<Bug>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface StripeClient {
  /** `attempts` overrides maxAttempts for this call. */
  post(path: string, params: Record<string, unknown>, idempotencyKey: string | undefined, o?: { attempts?: number }): Promise<StripeResult>;
  get(path: string): Promise<StripeResult>;
}

export function createStripeClient(o: StripeClientOptions): StripeClient {
  const http = o.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = o.log ?? (() => undefined);

  const once = async (method: 'GET' | 'POST', path: string, body: string | undefined, key: string | undefined) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.secretKey}` };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (key) headers['idempotency-key'] = key;
    try {
      const res = await http(`${o.apiBase}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(o.timeoutMs) });
      const text = await res.text();
      let json: StripeObject = {};
      try {
        json = text ? (JSON.parse(text) as StripeObject) : {};
      } catch {
        // A proxy's HTML error page: treated by status below.
      }
      return { status: res.status, json, retryAfter: res.headers.get('retry-after') };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      return { status: 0, json: {}, retryAfter: null, timedOut, error: e.cause?.code ?? e.message };
    }
  };

  const call = async (method: 'GET' | 'POST', path: string, params: Record<string, unknown> | undefined, key: string | undefined, maxAttempts = o.maxAttempts): Promise<StripeResult> => {
    const body = params ? formEncode(params) : undefined;
    let last: StripeResult = { kind: 'indeterminate', reason: 'not attempted' };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const r = await once(method, path, body, key);
      if (r.status === 0) {
        last = { kind: 'indeterminate', reason: r.timedOut ? `no answer within ${o.timeoutMs} ms` : `connection failed (${r.error})` };
        if (method === 'POST' && o.bugs.has('retry-without-idempotency-key')) {
          // BUG: "it probably failed, try again" - without the key, Stripe executes it a second time.
          log(`stripe ${path}: ${last.reason}; retrying without an idempotency key`);
          const again = await once(method, path, body, undefined);
          return again.status === 0 ? last : classify(again.status, again.json);
        }
        // A timeout is not retried here: the request is bounded, and reconciliation re-sends it
        // later with the same key. A connection that failed before an answer is retried now.
        if (r.timedOut) return last;
      } else {
        const result = classify(r.status, r.json);
        const retryable = r.status === 429 || r.status >= 500 || (r.status === 409 && errorOf(r.json).code === 'idempotency_key_in_use');
        if (!retryable) return result;
        last = r.status === 429 ? result : { kind: 'indeterminate', reason: `Stripe answered ${r.status} ${errorOf(r.json).message}`.trim() };
        if (attempt < maxAttempts) {
          const asked = Number(r.retryAfter);
          await sleep(Number.isFinite(asked) && asked > 0 ? Math.min(asked * 1000, 3000) : 150 * 2 ** (attempt - 1));
          continue;
        }
      }
      if (attempt < maxAttempts) await sleep(150 * 2 ** (attempt - 1));
    }
    return last;
  };

  return {
    post: (path, params, key, opts) => call('POST', path, params, key, opts?.attempts),
    get: (path) => call('GET', path, undefined, undefined),
  };
}

function errorOf(json: StripeObject): { type: string; code: string; message: string; decline_code?: string; payment_intent?: StripeObject } {
  const e = (json.error ?? {}) as Record<string, unknown>;
  return {
    type: String(e.type ?? ''),
    code: String(e.code ?? ''),
    message: String(e.message ?? ''),
    ...(typeof e.decline_code === 'string' ? { decline_code: e.decline_code } : {}),
    ...(e.payment_intent && typeof e.payment_intent === 'object' ? { payment_intent: e.payment_intent as StripeObject } : {}),
  };
}

function classify(status: number, json: StripeObject): StripeResult {
  if (status >= 200 && status < 300) return { kind: 'ok', body: json };
  const e = errorOf(json);
  if (status === 402 && e.type === 'card_error') {
    return { kind: 'declined', code: e.code || 'card_declined', declineCode: e.decline_code ?? null, message: e.message, paymentIntent: e.payment_intent ?? null };
  }
  if (status >= 500) return { kind: 'indeterminate', reason: `Stripe answered ${status}` };
  return { kind: 'rejected', status, code: e.code || e.type || `http_${status}`, message: e.message || `HTTP ${status}` };
}

/** Stripe's form encoding: nested objects as `metadata[key]=value`. */
export function formEncode(params: Record<string, unknown>, prefix = ''): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const name = prefix ? `${prefix}[${k}]` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) parts.push(formEncode(v as Record<string, unknown>, name));
    else if (Array.isArray(v)) v.forEach((item, i) => parts.push(`${encodeURIComponent(`${name}[${i}]`)}=${encodeURIComponent(String(item))}`));
    else parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(v))}`);
  }
  return parts.filter(Boolean).join('&');
}
