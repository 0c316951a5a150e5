// The merchant API's body limit. hono's bodyLimit reads `c.req.raw.body` first, which makes a
// server adapter (@hono/node-server, the in-process network) build a full Request around a body
// stream for every request. A declared Content-Length without Transfer-Encoding already answers
// (Node's parser holds the body to it); only a body without one is counted as it streams.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function limitBody(maxSize: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (length !== undefined && !chunked && /^\d+$/.test(length)) return Number(length) > maxSize ? tooLarge(c) : next();
    if (!chunked && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    return streamed(c, next);
  };
}
