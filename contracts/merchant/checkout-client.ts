// A checkout client as a merchant's backend would write it against the core's merchant API: the
// consumer side of the merchant contract. It sends what the API needs (an Idempotency-Key on
// every call that moves money, JSON bodies) and reads only the fields a checkout relies on, so the
// pact generated from its tests pins exactly those and nothing the core may change freely.

export type PaymentStatus =
  | 'authorizing'
  | 'unknown'
  | 'authorized'
  | 'partially_captured'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'voided'
  | 'declined'
  | 'failed'
  | 'disputed';

export interface Payment {
  id: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  reference: string;
  provider: string;
  captureMode: 'manual' | 'automatic';
  amounts: { authorized: number; captured: number; refunded: number };
  /** The issuer's reason when status is `declined` (a decline is an answer, not an error). */
  declineCode: string | null;
  createdAt: number;
}

export type ApiErrorType = 'invalid_request' | 'not_found' | 'conflict' | 'idempotency' | 'provider_error' | 'too_large' | 'internal';

export interface ApiError {
  /** The HTTP status: 400 malformed, 404 unknown, 409 illegal or in flight, 413, 422 key reused, 5xx. */
  status: number;
  type: ApiErrorType;
  code: string;
  message: string;
  param?: string;
}

/** What every call returns: the payment, or the API's typed refusal. Transport failures throw. */
export type Result = { ok: true; status: number; payment: Payment } | { ok: false; error: ApiError };

export interface CreatePayment {
  amount: number;
  currency: string;
  provider: 'stripe' | 'adyen' | 'auto';
  paymentMethod: string;
  capture: 'manual' | 'automatic';
  reference: string;
}

export interface CheckoutClientOptions {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * The answer was neither a payment nor the API's error shape (a proxy's HTML page, a truncated
 * body): the caller cannot know what happened, so it must treat the call as indeterminate and
 * retry with the same Idempotency-Key.
 */
export class UnexpectedResponseError extends Error {
  readonly status: number;
  constructor(
    status: number,
    message: string,
  ) {
    super(`HTTP ${status}: ${message}`);
    this.status = status;
  }
}

export class CheckoutClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof globalThis.fetch;

  constructor(o: CheckoutClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/$/, '');
    this.fetch = o.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The key is the caller's (one per checkout attempt), so a retry after a timeout reuses it. */
  createPayment(input: CreatePayment, idempotencyKey: string): Promise<Result> {
    return this.send('POST', '/v1/payments', idempotencyKey, input);
  }

  /** Without an amount, captures what is left of the authorization. */
  capture(paymentId: string, idempotencyKey: string, amount?: number): Promise<Result> {
    return this.send('POST', `/v1/payments/${encodeURIComponent(paymentId)}/captures`, idempotencyKey, amount === undefined ? {} : { amount });
  }

  /** Without an amount, refunds what is left of the captured amount. */
  refund(paymentId: string, idempotencyKey: string, amount?: number): Promise<Result> {
    return this.send('POST', `/v1/payments/${encodeURIComponent(paymentId)}/refunds`, idempotencyKey, amount === undefined ? {} : { amount });
  }

  void(paymentId: string, idempotencyKey: string): Promise<Result> {
    return this.send('POST', `/v1/payments/${encodeURIComponent(paymentId)}/void`, idempotencyKey);
  }

  getPayment(paymentId: string): Promise<Result> {
    return this.send('GET', `/v1/payments/${encodeURIComponent(paymentId)}`);
  }

  private async send(method: 'GET' | 'POST', path: string, idempotencyKey?: string, body?: unknown): Promise<Result> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UnexpectedResponseError(res.status, `not JSON: ${text.slice(0, 200)}`);
    }
    if (res.ok) return { ok: true, status: res.status, payment: readPayment(res.status, json) };
    return { ok: false, error: readError(res.status, json) };
  }
}

const STATUSES: readonly PaymentStatus[] = [
  'authorizing',
  'unknown',
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
  'declined',
  'failed',
  'disputed',
];

const ERROR_TYPES: readonly ApiErrorType[] = ['invalid_request', 'not_found', 'conflict', 'idempotency', 'provider_error', 'too_large', 'internal'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Decoding is strict on what a checkout acts on (status, amounts): a payment the client cannot
// read must not be mistaken for one it can. Everything else in the answer is ignored.
function readPayment(status: number, json: unknown): Payment {
  const fail = (why: string): never => {
    throw new UnexpectedResponseError(status, `not a payment: ${why}`);
  };
  if (!isObject(json)) return fail('body is not an object');
  const str = (k: string): string => (typeof json[k] === 'string' ? (json[k] as string) : fail(`${k} is not a string`));
  const int = (o: Json, k: string): number => (Number.isInteger(o[k]) ? (o[k] as number) : fail(`${k} is not an integer`));
  const paymentStatus = str('status');
  if (!(STATUSES as readonly string[]).includes(paymentStatus)) fail(`unknown status ${paymentStatus}`);
  const captureMode = str('captureMode');
  if (captureMode !== 'manual' && captureMode !== 'automatic') fail(`unknown captureMode ${captureMode}`);
  const amounts = isObject(json.amounts) ? json.amounts : fail('amounts is not an object');
  const declineCode = json.declineCode;
  if (declineCode !== null && typeof declineCode !== 'string') fail('declineCode is neither a string nor null');
  return {
    id: str('id'),
    status: paymentStatus as PaymentStatus,
    amount: int(json, 'amount'),
    currency: str('currency'),
    reference: str('reference'),
    provider: str('provider'),
    captureMode: captureMode as Payment['captureMode'],
    amounts: { authorized: int(amounts, 'authorized'), captured: int(amounts, 'captured'), refunded: int(amounts, 'refunded') },
    declineCode: declineCode as string | null,
    createdAt: int(json, 'createdAt'),
  };
}

function readError(status: number, json: unknown): ApiError {
  const e = isObject(json) && isObject(json.error) ? json.error : undefined;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !(ERROR_TYPES as readonly unknown[]).includes(e.type)) {
    throw new UnexpectedResponseError(status, `not the API's error shape: ${JSON.stringify(json).slice(0, 200)}`);
  }
  return { status, type: e.type as ApiErrorType, code: e.code, message: e.message, ...(typeof e.param === 'string' ? { param: e.param } : {}) };
}
