// Stripe's idempotency layer over the kernel's store: a POST's `Idempotency-Key` is claimed per
// API key; a retry replays the saved status and body with `Idempotent-Replayed: true` (and
// `Original-Request`); other parameters under the same key are a 400 idempotency_error; a retry
// while the first request still runs is a 409. GET and DELETE ignore the header, as in Stripe.
import type { Kernel, SavedResponse } from '../kernel/index.ts';
import { errorBody, type StripeErrorBody } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';

export type Claim =
  | { kind: 'none' }
  | { kind: 'claimed'; key: string; scope: string }
  | { kind: 'answered'; status: number; body: { error: StripeErrorBody } | undefined; saved?: SavedResponse };

export function claim(kernel: Kernel, scope: string, key: string | undefined, method: string, path: string, params: FormObject): Claim {
  if (key === undefined || method !== 'POST') return { kind: 'none' };
  const begin = kernel.idempotency.begin(scope, key, formFingerprint(method, path, params), kernel.now());
  switch (begin.kind) {
    case 'new':
      return { kind: 'claimed', key, scope };
    case 'replay':
      return { kind: 'answered', status: begin.response.status, body: undefined, saved: begin.response };
    case 'mismatch':
      return {
        kind: 'answered',
        status: 400,
        body: {
          error: errorBody(
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          ),
        },
      };
    case 'in_flight':
      return {
        kind: 'answered',
        status: 409,
        body: {
          error: errorBody(
            'idempotency_error',
            `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
            { code: 'idempotency_key_in_use' },
          ),
        },
      };
    case 'key_too_long':
      return {
        kind: 'answered',
        status: 400,
        body: { error: errorBody('invalid_request_error', 'Invalid Idempotency-Key: it must be from 1 to 255 characters long.') },
      };
  }
}

/**
 * What makes two requests under one key the same request: method, path and parameters, key order
 * not mattering, list order mattering (spec's `fingerprint` compares the same). Written for form
 * parameters, which hold only strings, lists and hashes: every string is length-prefixed instead
 * of JSON-quoted, which is as unambiguous and, at one JSON.stringify call per key and value, was
 * the most called builtin of a create+confirm. Only compared with fingerprints made here.
 */
export function formFingerprint(method: string, path: string, params: FormObject): string {
  return `${method} ${path} ${canonical(params)}`;
}

function canonical(value: FormValue): string {
  if (typeof value === 'string') return `${value.length}:${value}`;
  if (Array.isArray(value)) {
    let out = '[';
    for (const item of value) out += canonical(item);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const k of keys) out += `${k.length}:${k}${canonical(value[k]!)}`;
  return `${out}}`;
}
