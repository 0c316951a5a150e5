// Stripe's error object (`{error: {type, code, message, param, ...}}`) and the errors the dialect
// raises. An error carries its phase: `validation` errors happen before the endpoint executes
// (Stripe does not save them under an idempotency key), `execution` errors are the endpoint's
// answer (saved and replayed like a success).

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  advice_code?: string;
}

export type ErrorPhase = 'validation' | 'execution';

export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly phase: ErrorPhase;
  constructor(
    status: number,
    body: StripeErrorBody,
    phase: ErrorPhase = 'validation',
  ) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.phase = phase;
  }
}

export function errorBody(type: StripeErrorType, message: string, extra: Omit<StripeErrorBody, 'type' | 'message'> = {}): StripeErrorBody {
  const body: StripeErrorBody = { type, message, ...stripUndefined(extra) };
  if (body.code && !body.doc_url) body.doc_url = `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, '-')}`;
  return body;
}

export function invalidRequest(message: string, opts: { param?: string; code?: string; status?: number; phase?: ErrorPhase; paymentIntent?: unknown } = {}): StripeApiError {
  return new StripeApiError(
    opts.status ?? 400,
    errorBody('invalid_request_error', message, {
      ...(opts.code !== undefined ? { code: opts.code } : {}),
      ...(opts.param !== undefined ? { param: opts.param } : {}),
      ...(opts.paymentIntent !== undefined ? { payment_intent: opts.paymentIntent } : {}),
    }),
    opts.phase ?? 'validation',
  );
}

/** `No such payment_intent: 'pi_123'`, 404 for the path's object, 400 for one named in a parameter. */
export function noSuch(kind: string, id: string, param: string, status: 400 | 404 = 404): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, { param, code: 'resource_missing', status });
}

export function unknownParameter(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { param, code: 'parameter_unknown' });
}

export function missingParameter(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });
}

export function unexpectedState(message: string, paymentIntent: unknown): StripeApiError {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state', phase: 'execution', paymentIntent });
}

export function apiError(message: string, code?: string): StripeErrorBody {
  return errorBody('api_error', message, code !== undefined ? { code } : {});
}

export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
