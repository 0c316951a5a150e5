// Limits every simulator enforces on what it is sent.
import type { MiddlewareHandler } from 'hono';
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
  const streamed = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => tooLarge() });
  return async (c, next) => {
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (length !== undefined && !chunked && /^\d+$/.test(length)) return Number(length) > MAX_BODY_BYTES ? tooLarge() : next();
    if (!chunked && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    return streamed(c, next);
  };
}
