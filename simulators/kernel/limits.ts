// Limits every simulator enforces on what it is sent.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Refuses a body over MAX_BODY_BYTES with `tooLarge()`, as hono's bodyLimit does, but without
 * touching `c.req.raw.body` when the headers already answer: reading `.body` makes
 * @hono/node-server build a full undici Request around a web stream for every request and gives
 * up its fast path for `text()` (a tenth of the Stripe simulator's CPU per request). A declared
 * Content-Length is what Node's parser holds the body to; only a body without one (chunked, or a
 * Request built in process) is counted as it streams.
 */
export function limitBody(tooLarge: () => Response): MiddlewareHandler {
  const streamed = streamedBodyLimit(tooLarge);
  return async (c, next) => {
    const verdict = declaredBody(c);
    if (verdict === 'within') return next();
    if (verdict === 'too_large') return tooLarge();
    return streamed(c, next);
  };
}

/** The body counted as it streams, for requests whose headers do not settle it (see declaredBody). */
export function streamedBodyLimit(tooLarge: () => Response): MiddlewareHandler {
  return bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => tooLarge() });
}

/**
 * What the headers alone say about the body: `within` the limit or `too_large` by its declared
 * Content-Length (or none, for a GET or HEAD that is not chunked), else `unknown`: it has to be
 * counted as it streams (streamedBodyLimit).
 */
export function declaredBody(c: Context): 'within' | 'too_large' | 'unknown' {
  const length = c.req.header('content-length');
  const chunked = c.req.header('transfer-encoding') !== undefined;
  if (length !== undefined && !chunked && /^\d+$/.test(length)) return Number(length) > MAX_BODY_BYTES ? 'too_large' : 'within';
  if (!chunked && (c.req.method === 'GET' || c.req.method === 'HEAD')) return 'within';
  return 'unknown';
}
