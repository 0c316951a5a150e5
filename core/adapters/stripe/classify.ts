// How one Stripe HTTP answer is classified for the core. The table in README.md is the
// contract; each row there is one branch here. Only the status and Stripe's error object decide,
// never the message text. A replayed answer (`Idempotent-Replayed: true`) is classified exactly
// like a fresh one: it is the first answer, saved by Stripe under the key.
import type { ProviderResult } from '../types.ts';
import { isObject, obj, parseObject, str, type JsonObject } from './json.ts';

/** Every result the core may get back except `ok`. */
export type Failure = Exclude<ProviderResult<never>, { kind: 'ok' }>;

/** A 2xx answer with a JSON object body, still to be read by `mapping.ts`; or a failure. */
export type WireOutcome = { kind: 'answer'; body: JsonObject } | Failure;

export function classifyResponse(status: number, headers: Headers, text: string): WireOutcome {
  const body = parseObject(text);
  if (status >= 200 && status < 300) {
    return body ? { kind: 'answer', body } : indeterminate(`HTTP ${status} with a body that is not a JSON object`);
  }
  const error = obj(body, 'error');
  const type = str(error, 'type');
  // Not Stripe's error object: a proxy, a load balancer or a truncated answer spoke. Whether the
  // request reached Stripe is unknown.
  if (!error || type === undefined) return indeterminate(`HTTP ${status} without a Stripe error object`);
  const message = str(error, 'message') ?? `HTTP ${status}`;
  const code = str(error, 'code');

  if (status === 402 && type === 'card_error') {
    const paymentIntent = error.payment_intent;
    const providerPaymentId = isObject(paymentIntent) ? str(paymentIntent, 'id') : typeof paymentIntent === 'string' ? paymentIntent : undefined;
    return {
      kind: 'declined',
      code: str(error, 'decline_code') ?? code ?? 'card_declined',
      message,
      ...(providerPaymentId !== undefined ? { providerPaymentId } : {}),
    };
  }
  if (status === 409) return providerError(status, code ?? 'idempotency_key_in_use', message, headers);
  if (status === 429) return providerError(status, code ?? 'rate_limit', message, headers);
  // Stripe documents a 500 as an unknown outcome (the request may have executed, and the result
  // is saved under the key): it must never be read as "nothing happened", or a failover after it
  // leaves two live authorizations. 502-504 come from in front of the API: nothing executed.
  if (status === 500) return { kind: 'indeterminate', reason: `Stripe answered 500 (${code ?? type}): the request may have executed`, status };
  if (status >= 500 && status < 600) return providerError(status, code ?? type, message, headers);
  // The key was used before with other parameters: a bug in the caller's key derivation.
  if (status >= 400 && status < 500 && type === 'idempotency_error') return { kind: 'invalid_request', status, code: 'idempotency_error', message };
  if (status >= 400 && status < 500) return { kind: 'invalid_request', status, code: code ?? type, message };
  return indeterminate(`unexpected HTTP ${status}`);
}

export function indeterminate(reason: string): Failure {
  return { kind: 'indeterminate', reason };
}

function providerError(status: number, code: string, message: string, headers: Headers): Failure {
  // Stripe may say outright that a retry will not help; otherwise these are all worth a retry.
  const retryable = headers.get('stripe-should-retry') !== 'false';
  const retryAfterMs = status === 429 ? retryAfter(headers.get('retry-after')) : undefined;
  return { kind: 'provider_error', status, code, message, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** `Retry-After` in seconds (Stripe's form). The HTTP-date form is ignored: it needs a clock. */
export function retryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  return Math.round(Number(header) * 1000);
}
