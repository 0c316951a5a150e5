// What an Adyen answer that is not a success means for the core. The table, with its reasons, is
// in README.md ("Error classification"); this file is that table.
//
// Adyen's error body: `{status, errorCode, message, errorType, pspReference}`.
import type { ProviderResult } from '../types.ts';
import type { WireOutcome } from './client.ts';

type Answered = Extract<WireOutcome, { kind: 'answered' }>;
type Failure = Exclude<ProviderResult<never>, { kind: 'ok' }>;

export interface AdyenErrorBody {
  status?: number;
  errorCode?: string;
  message?: string;
  errorType?: string;
  pspReference?: string;
}

/** Adyen's documented error codes, named as the core sees them. */
const ERROR_CODE_NAMES: Record<string, string> = {
  '010': 'not_allowed',
  '100': 'amount_missing',
  '101': 'invalid_card_number',
  '103': 'invalid_cvc',
  '129': 'invalid_expiry_date',
  '130': 'reference_missing',
  '137': 'invalid_amount',
  '138': 'unsupported_currency',
  '167': 'unknown_payment',
  '174': 'decryption_failed',
  '702': 'invalid_input',
  '704': 'request_in_progress',
  '901': 'invalid_merchant_account',
  '903': 'internal_error',
  '905': 'payment_method_not_supported',
  '14_030': 'return_url_missing',
};

const STATUS_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'request_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** Reads Adyen's error body, or `undefined` when the body is not one (a proxy's page, nothing). */
export function adyenError(json: unknown): AdyenErrorBody | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const errorCode = typeof o.errorCode === 'string' ? o.errorCode : typeof o.errorCode === 'number' ? String(o.errorCode) : undefined;
  if (errorCode === undefined && typeof o.status !== 'number') return undefined;
  return {
    ...(typeof o.status === 'number' ? { status: o.status } : {}),
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(typeof o.message === 'string' ? { message: o.message } : {}),
    ...(typeof o.errorType === 'string' ? { errorType: o.errorType } : {}),
    ...(typeof o.pspReference === 'string' ? { pspReference: o.pspReference } : {}),
  };
}

/** The core's code for an Adyen error: the errorCode's name, else the HTTP status's. */
export function errorCodeName(status: number, errorCode: string | undefined): string {
  if (errorCode !== undefined && errorCode !== '000') {
    const known = Object.hasOwn(ERROR_CODE_NAMES, errorCode) ? ERROR_CODE_NAMES[errorCode] : undefined;
    if (known) return known;
  }
  return (Object.hasOwn(STATUS_NAMES, status) ? STATUS_NAMES[status] : undefined) ?? `http_${status}`;
}

/** Classifies a non-2xx answer. */
export function classifyErrorAnswer(answer: Answered): Failure {
  const { status, headers } = answer;
  const err = adyenError(answer.json);
  const code = errorCodeName(status, err?.errorCode);
  const message = describe(status, err);

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), headers.get('date'));
    return { kind: 'provider_error', status, code: 'rate_limited', message, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  // Idempotency key in use by a request still running: 409 (or 422) with errorCode 704.
  if (err?.errorCode === '704' || headers.get('transient-error') === 'true') {
    return { kind: 'provider_error', status, code: 'request_in_progress', message, retryable: true };
  }
  if (status >= 500) {
    // Only Adyen's own error body says Adyen answered; a bare 502/504 comes from something in
    // front of it (a load balancer, a proxy) that may have given up while Adyen went on.
    if (!err) return { kind: 'indeterminate', reason: `HTTP ${status} without Adyen's error body: the request may have executed` };
    // A 500 is Adyen failing while it processed the request: Adyen does not say nothing happened
    // (its docs: "an unrecoverable error occurred while trying to perform the request"), so the
    // payment may have moved. Retrying the same key tells; giving up on it as a failure does not.
    if (status === 500) return { kind: 'indeterminate', reason: `Adyen answered 500 (${message}): the request may have executed`, status };
    return { kind: 'provider_error', status, code, message, retryable: true };
  }
  if (status === 408) return { kind: 'provider_error', status, code, message, retryable: true };
  if (status >= 300 && status < 400) {
    return { kind: 'invalid_request', status, code: 'unexpected_redirect', message: `HTTP ${status} redirect: check the Checkout base URL` };
  }
  if (status >= 400) return { kind: 'invalid_request', status, code, message };
  return { kind: 'indeterminate', reason: `unexpected HTTP ${status}` };
}

/** A 2xx whose body is not what Adyen sends: whatever happened cannot be read from it. */
export function unreadable(what: string, answer: Answered): Failure {
  return { kind: 'indeterminate', reason: `unreadable ${what} answer (HTTP ${answer.status}): ${answer.text.slice(0, 200)}` };
}

/**
 * Retry-After as delay-seconds, or as an HTTP date measured against the response's own `Date`
 * header (never against local time).
 */
export function parseRetryAfter(value: string | null, dateHeader: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  const now = dateHeader !== null ? Date.parse(dateHeader) : NaN;
  if (Number.isNaN(at) || Number.isNaN(now)) return undefined;
  return Math.max(0, at - now);
}

function describe(status: number, err: AdyenErrorBody | undefined): string {
  if (!err) return `HTTP ${status}`;
  const parts = [err.message ?? `HTTP ${status}`];
  if (err.errorCode !== undefined) parts.push(`errorCode ${err.errorCode}`);
  if (err.pspReference !== undefined) parts.push(`pspReference ${err.pspReference}`);
  return parts.join('; ');
}
