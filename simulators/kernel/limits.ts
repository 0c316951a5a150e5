// Limits every simulator enforces on what it is sent.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

export function limitBody(tooLarge: () => Response): MiddlewareHandler {
  return bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => tooLarge() });
}
