// The merchant API's one error shape: {error: {type, code, message, param?}}. Messages may echo
// the caller's input (an unknown id, a field name): a card number in it never comes back out.
import { maskCardNumbers } from './card-number.ts';

export type ErrorType = 'invalid_request' | 'not_found' | 'conflict' | 'idempotency' | 'provider_error' | 'too_large' | 'internal';

export class ApiError extends Error {
  readonly status: 400 | 404 | 409 | 413 | 422 | 500 | 502 | 503;
  readonly type: ErrorType;
  readonly code: string;
  readonly param?: string;
  constructor(
    status: 400 | 404 | 409 | 413 | 422 | 500 | 502 | 503,
    type: ErrorType,
    code: string,
    message: string,
    param?: string,
  ) {
    super(maskCardNumbers(message));
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  body(): { error: { type: ErrorType; code: string; message: string; param?: string } } {
    return { error: { type: this.type, code: this.code, message: this.message, ...(this.param ? { param: maskCardNumbers(this.param) } : {}) } };
  }
}

export const invalid = (code: string, message: string, param?: string) => new ApiError(400, 'invalid_request', code, message, param);
export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', 'resource_missing', `No such ${what}: ${id}`);
export const illegal = (message: string) => new ApiError(409, 'conflict', 'illegal_transition', message);
