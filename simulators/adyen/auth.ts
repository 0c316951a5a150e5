// Adyen authenticates before it routes: every request to the Checkout host needs `x-api-key`
// (the library sends `X-API-Key`), else 401 in Adyen's shape, even for a path that does not
// exist. With `apiKey` configured the key must equal it; without, any non-empty key is accepted.
// Basic auth (web service user and password) is not simulated.
import type { MiddlewareHandler } from 'hono';
import { ADYEN_ERRORS, errorResponse } from './errors.ts';

export const API_KEY_HEADER = 'x-api-key';

export function requireApiKey(expected: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header(API_KEY_HEADER);
    if (!key || (expected !== undefined && key !== expected)) return errorResponse(undefined, ADYEN_ERRORS.unauthorized);
    await next();
  };
}
