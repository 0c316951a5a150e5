// Adyen's error response: `{status, errorCode, message, errorType, pspReference}`, the shape the
// official library parses into HttpClientException.apiError (it keys on `status` being present).
//
// Codes with a public source (docs.adyen.com/development-resources/error-codes, the API
// Explorer's generic examples, and the library's own modification tests):
//   000 "HTTP Status Response - Unauthorized" (401, security), 010 Not allowed (403),
//   100 "Required object 'amount' is not provided.", 101 Invalid card number,
//   103 CVC is not the right length, 129 Expiry Date Invalid, 137 Invalid amount specified,
//   138 Unsupported currency specified, 167 "Original pspReference required for this operation",
//   702 "Unexpected input" (malformed JSON, 400), 704 "request already processed or in progress"
//   (idempotency key in use, with `transient-error: true`), 901 Invalid Merchant Account,
//   903 Internal error, 905 Payment details are not supported, 14_030 Return URL is missing.
// Where Adyen documents no code (an over-long Idempotency-Key, 413, 429) the simulator's choice is
// marked at the definition below.
import type { Kernel } from '../kernel/index.ts';
import { newPspReference } from './psp-reference.ts';

export type ErrorType = 'validation' | 'security' | 'configuration' | 'internal';

export interface AdyenError {
  status: number;
  errorCode: string;
  message: string;
  errorType: ErrorType;
  pspReference?: string;
}

/** An error the handlers return instead of throwing: nothing is stored when one is returned. */
export class AdyenErrorReply {
  readonly error: AdyenError;
  readonly headers: Record<string, string>;
  constructor(
    error: AdyenError,
    headers: Record<string, string> = {},
  ) {
    this.error = error;
    this.headers = headers;
  }
}

const e = (status: number, errorCode: string, message: string, errorType: ErrorType): AdyenError => ({ status, errorCode, message, errorType });

export const ADYEN_ERRORS = {
  unauthorized: e(401, '000', 'HTTP Status Response - Unauthorized', 'security'),
  notFound: e(404, '000', 'HTTP Status Response - Not Found', 'security'),
  invalidMerchantAccount: e(403, '901', 'Invalid Merchant Account', 'security'),
  malformedJson: (detail: string) => e(400, '702', `Unexpected input: ${detail}`, 'validation'),
  requiredField: (field: string) => e(422, '702', `Required field '${field}' is not provided.`, 'validation'),
  invalidField: (field: string, why: string) => e(422, '702', `Field '${field}' is not valid: ${why}`, 'validation'),
  amountMissing: e(422, '100', "Required object 'amount' is not provided.", 'validation'),
  invalidCardNumber: e(422, '101', 'Invalid card number', 'validation'),
  cvcLength: e(422, '103', 'CVC is not the right length', 'validation'),
  expiryInvalid: e(422, '129', 'Expiry Date Invalid', 'validation'),
  referenceMissing: e(422, '130', "Required field 'reference' is not provided.", 'validation'),
  invalidAmount: e(422, '137', 'Invalid amount specified', 'validation'),
  unsupportedCurrency: e(422, '138', 'Unsupported currency specified', 'validation'),
  unknownPayment: e(422, '167', 'Original pspReference required for this operation', 'validation'),
  decryptFailed: e(422, '174', 'Unable to decrypt data', 'validation'),
  paymentDetailsNotSupported: e(422, '905', 'Payment details are not supported', 'configuration'),
  returnUrlMissing: e(422, '14_030', 'Return URL is missing.', 'validation'),
  // Simulator choice: Adyen documents the 64-character limit but no error code for breaking it.
  idempotencyKeyTooLong: e(422, '702', 'Idempotency-Key exceeds the maximum length of 64 characters', 'validation'),
  // Adyen: "HTTP 422 or 409 with error code 704"; the simulator answers 409.
  idempotencyInFlight: e(409, '704', 'request already processed or in progress', 'validation'),
  // Simulator choices for statuses Adyen's docs give no body for.
  tooLarge: e(413, '000', 'HTTP Status Response - Request Entity Too Large', 'validation'),
  rateLimited: e(429, '000', 'HTTP Status Response - Too Many Requests', 'security'),
  internal: e(500, '903', 'Internal error', 'internal'),
  capacity: e(503, '903', 'Internal error: the simulator holds its maximum number of payments', 'internal'),
} as const;

/** The error for an injected `error` fault with `status`, `code` and `message`. */
export function injectedError(status: number, code: string | undefined, message: string | undefined): AdyenError {
  const server = status >= 500;
  return {
    status,
    errorCode: code ?? (server ? '903' : '000'),
    message: message ?? (server ? 'Internal error' : `HTTP Status Response - ${status}`),
    errorType: server ? 'internal' : status === 401 || status === 403 ? 'security' : 'validation',
  };
}

/** Serializes an error. Gateway-level errors (401, 404, 413) carry no pspReference, as at Adyen. */
export function errorResponse(kernel: Kernel | undefined, error: AdyenError, headers: Record<string, string> = {}): Response {
  const gateway = error.status === 401 || error.status === 404 || error.status === 413;
  const body: AdyenError = { ...error };
  if (!gateway && kernel && body.pspReference === undefined) body.pspReference = newPspReference(kernel);
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}
