// A driver for any payment service that speaks the reference core's merchant API over HTTP
// (POST /v1/payments, /captures, /refunds, /void, GET /v1/payments/{id}, POST /v1/reconciliation/run).
// It is also the template for a driver of your own service: copy it, change the paths and the
// mapping in `observe` and `complete`, and pass it with `--driver ./my-driver.ts`.
//
// Mapping (what makes the checkers fair):
//   2xx                      → ok, with the payment as the service shows it (a decline is ok + status declined)
//   400, 404, 409, 413, 422  → fail/invalid: the service refused, nothing happened
//   502                      → fail/platform: the provider refused definitively, nothing happened
//   other 5xx, no answer     → info: it may or may not have happened
import type { Deadline } from '../../spec/index.ts';
import type { AuthorizeArgs, Completion, Driver, DriverCapabilities, OperationCapability, PaymentObservation } from './types.ts';

/** Everything the reference core's merchant API offers. */
export const MERCHANT_API_CAPABILITIES: DriverCapabilities = Object.freeze({
  providers: ['stripe', 'adyen'],
  operations: ['capture', 'partial_capture', 'refund', 'partial_refund', 'multiple_refunds', 'void'],
  webhooks: { stripe: '/v1/webhooks/stripe', adyen: '/v1/webhooks/adyen' },
  merchantIdempotency: true,
  failover: true,
  reconcile: true,
  settlementReports: true,
}) as DriverCapabilities;

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface MerchantApiDriverOptions {
  baseUrl: string;
  fetch: FetchLike;
  name?: string;
  /** What the service behind the API supports (default: all the reference core does). */
  capabilities?: DriverCapabilities;
  /** Gives up on a request after this long, as a real client does (AbortSignal). */
  requestTimeoutMs?: number;
  /**
   * Makes the deadline of one request, cleared when its answer is in; the simulation world passes
   * one on its virtual clock (a deadline left to fire after its request is a sleeper the clock has
   * to stop at for nothing). Default: AbortSignal.timeout.
   */
  deadline?: (ms: number) => Deadline;
}

interface PaymentBody {
  id: string;
  reference: string;
  status: string;
  amount: number;
  currency: string;
  provider: string | null;
  providerPaymentId: string | null;
  amounts: { authorized: number; captured: number; refunded: number; disputed?: number };
  declineCode: string | null;
  history?: { to: string }[];
  error?: { type: string; code: string; message: string };
}

export function observe(p: PaymentBody): PaymentObservation {
  return {
    paymentId: p.id,
    reference: p.reference,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    provider: p.provider,
    providerPaymentId: p.providerPaymentId,
    amounts: { authorized: p.amounts.authorized, captured: p.amounts.captured, refunded: p.amounts.refunded, ...(typeof p.amounts.disputed === 'number' ? { disputed: p.amounts.disputed } : {}) },
    declineCode: p.declineCode,
    ...(p.history ? { history: p.history.map((h) => h.to) } : {}),
  };
}

export function createMerchantApiDriver(o: MerchantApiDriverOptions): Driver {
  const timeoutMs = o.requestTimeoutMs ?? 30_000;
  const deadline = (): Deadline => (o.deadline ? o.deadline(timeoutMs) : { signal: AbortSignal.timeout(timeoutMs), clear: () => undefined });

  /** `work` under one request's deadline, cleared when it is over. */
  const within = async <T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const d = deadline();
    try {
      return await work(d.signal);
    } finally {
      d.clear();
    }
  };

  const call = async (method: string, path: string, body?: unknown, key?: string): Promise<Completion> => {
    let res: Response;
    let text: string;
    const d = deadline();
    try {
      res = await o.fetch(`${o.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: d.signal,
      });
      text = await res.text();
    } catch (err) {
      return { type: 'info', error: { kind: 'network', code: 'no_answer', message: (err as Error).message } };
    } finally {
      d.clear();
    }
    return complete(res.status, text);
  };

  const capabilities = o.capabilities ?? MERCHANT_API_CAPABILITIES;
  // The contract for an operation the service does not support: refused as invalid, nothing sent.
  const refuse = (what: OperationCapability): Completion | undefined =>
    capabilities.operations.includes(what) ? undefined : { type: 'fail', error: { kind: 'invalid', code: 'unsupported', message: `${what.replace('_', ' ')} is not declared in this driver's capabilities` } };

  return {
    name: o.name ?? 'merchant-api',
    capabilities,
    authorize: (a: AuthorizeArgs) =>
      call('POST', '/v1/payments', { amount: a.amount, currency: a.currency, provider: a.provider, paymentMethod: a.paymentMethod, capture: a.capture, reference: a.reference }, a.idempotencyKey),
    capture: async (id, amount, key) =>
      refuse('capture') ?? (amount !== undefined ? refuse('partial_capture') : undefined) ?? call('POST', `/v1/payments/${encodeURIComponent(id)}/captures`, amount === undefined ? {} : { amount }, key),
    // A refund with an amount may still be a full one; only the service can tell, so only `refund` is required here.
    refund: async (id, amount, key) => refuse('refund') ?? call('POST', `/v1/payments/${encodeURIComponent(id)}/refunds`, amount === undefined ? {} : { amount }, key),
    void: async (id, key) => refuse('void') ?? call('POST', `/v1/payments/${encodeURIComponent(id)}/void`, undefined, key),
    get: (id) => call('GET', `/v1/payments/${encodeURIComponent(id)}`),
    list: () =>
      within(async (signal) => {
        const res = await o.fetch(`${o.baseUrl}/v1/payments?limit=1000`, { signal });
        const body = (await res.json()) as { data: PaymentBody[] };
        return body.data.map(observe);
      }),
    reconcile: () =>
      within(async (signal) => {
        await o.fetch(`${o.baseUrl}/v1/reconciliation/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal });
      }),
    discrepancies: () =>
      within(async (signal) => {
        const res = await o.fetch(`${o.baseUrl}/v1/reconciliation/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal });
        if (!res.ok) throw new Error(`POST /v1/reconciliation/run: HTTP ${res.status}`);
        const body = (await res.json()) as { discrepancies?: { kind: string; paymentId?: string | null }[] };
        return (body.discrepancies ?? []).map((d) => ({ kind: d.kind, paymentId: d.paymentId ?? null }));
      }),
  };
}

function complete(status: number, text: string): Completion {
  let body: PaymentBody | undefined;
  try {
    body = text ? (JSON.parse(text) as PaymentBody) : undefined;
  } catch {
    body = undefined;
  }
  if (status >= 200 && status < 300 && body && !body.error) return { type: 'ok', value: observe(body) };
  const error = body?.error ?? { type: 'unknown', code: `http_${status}`, message: text.slice(0, 200) };
  if ([400, 404, 409, 413, 422].includes(status)) return { type: 'fail', error: { kind: 'invalid', code: error.code, message: error.message } };
  if (status === 502) return { type: 'fail', error: { kind: 'platform', code: error.code, message: error.message } };
  return { type: 'info', error: { kind: 'platform', code: error.code, message: error.message } };
}
