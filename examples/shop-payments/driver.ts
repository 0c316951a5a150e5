// The Gauntlet driver for shop-payments: `npx gauntlet gate --driver examples/shop-payments/driver.ts
// --world-file world.json`. It turns the harness's operations into the shop's own API and maps
// the shop's answers and statuses onto the harness's vocabulary.
//
//   2xx                       → ok, the order as the shop shows it
//   202 (outcome_unknown)     → info: Stripe's answer was lost, the shop holds it open
//   402 card_declined         → fail/decline with the issuer's code
//   400, 404, 409, 413, 422   → fail/invalid: the shop refused, nothing happened
//   502                       → fail/platform: Stripe refused definitively, nothing happened
//   other 5xx, no answer      → info
//
// The harness's payment reference is the shop's order id, so `paymentId` = `reference`.
import type { DriverEnv, AuthorizeArgs, Completion, Driver, DriverCapabilities, PaymentObservation } from '../../harness/index.ts';
import type { OrderStatus, OrderView } from './src/orders.ts';

export const SHOP_CAPABILITIES: DriverCapabilities = Object.freeze({
  providers: ['stripe'],
  // Stripe captures once (a partial capture releases the rest), refunds many times.
  operations: ['capture', 'partial_capture', 'refund', 'partial_refund', 'multiple_refunds', 'void'],
  webhooks: { stripe: '/hooks/stripe' },
  merchantIdempotency: true,
  failover: false,
  reconcile: true,
  settlementReports: false,
}) as DriverCapabilities;

/** The shop's status → the harness's. `paid` splits by amount: Stripe may capture part of an authorization. */
export function harnessStatus(status: OrderStatus | string, o: { authorizedCents: number; capturedCents: number }): string {
  switch (status) {
    case 'pending_payment':
      return 'authorizing';
    case 'unknown':
      return 'unknown';
    case 'authorized':
      return 'authorized';
    case 'paid':
      return o.capturedCents >= o.authorizedCents ? 'captured' : 'partially_captured';
    case 'partially_refunded':
      return 'partially_refunded';
    case 'refunded':
      return 'refunded';
    case 'cancelled':
      return 'voided';
    case 'declined':
      return 'declined';
    case 'error':
      return 'failed';
    default:
      return status; // not ours to invent: the checker reports it as foreign
  }
}

export function observe(v: OrderView): PaymentObservation {
  const history: string[] = [];
  // The history is statuses only; `paid` is mapped with the final amounts (a paid order's capture is one event at Stripe).
  for (const s of v.statusHistory) {
    const h = harnessStatus(s, v);
    if (history[history.length - 1] !== h) history.push(h);
  }
  return {
    paymentId: v.id,
    reference: v.id,
    status: harnessStatus(v.status, v),
    amount: v.amountCents,
    currency: v.currency,
    provider: 'stripe',
    providerPaymentId: v.stripePaymentIntent,
    amounts: { authorized: v.authorizedCents, captured: v.capturedCents, refunded: v.refundedCents },
    declineCode: v.declineCode,
    history,
  };
}

interface ErrorBody {
  error?: { type: string; code: string; message: string; declineCode?: string | null };
  order?: OrderView;
}

export function complete(status: number, text: string): Completion {
  let body: (OrderView & ErrorBody) | undefined;
  try {
    body = text ? (JSON.parse(text) as OrderView & ErrorBody) : undefined;
  } catch {
    body = undefined;
  }
  const order = body?.error ? body.order : body;
  const value = order?.id ? observe(order) : undefined;
  if (status >= 200 && status < 300 && !body?.error && value) return { type: 'ok', value };
  const e = body?.error ?? { type: 'unknown', code: `http_${status}`, message: text.slice(0, 200) };
  const withValue = value ? { value } : {};
  if (status === 202) return { type: 'info', error: { kind: 'platform', code: e.code, message: e.message } };
  if (status === 402) return { type: 'fail', error: { kind: 'decline', code: e.declineCode ?? e.code, message: e.message }, ...withValue };
  if ([400, 404, 409, 413, 422].includes(status)) return { type: 'fail', error: { kind: 'invalid', code: e.code, message: e.message }, ...withValue };
  if (status === 502) return { type: 'fail', error: { kind: 'platform', code: e.code, message: e.message }, ...withValue };
  return { type: 'info', error: { kind: 'platform', code: e.code, message: e.message } };
}

export interface ShopDriverOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
}

export function createShopDriver(o: ShopDriverOptions): Driver {
  const http = o.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = o.requestTimeoutMs ?? 15_000;
  const base = o.baseUrl.replace(/\/$/, '');
  const order = (id: string) => `/orders/${encodeURIComponent(id)}`;

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<Completion> => {
    let res: Response;
    let text: string;
    try {
      res = await http(`${base}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      return { type: 'info', error: { kind: 'network', code: 'no_answer', message: (err as Error).message } };
    }
    return complete(res.status, text);
  };

  return {
    name: `shop-payments at ${base}`,
    capabilities: SHOP_CAPABILITIES,
    async authorize(a: AuthorizeArgs) {
      // The shop is Stripe only: it cannot place a payment on another PSP, so nothing happens.
      if (a.provider === 'adyen') return { type: 'fail', error: { kind: 'invalid', code: 'provider_not_supported', message: 'shop-payments talks to Stripe only' } };
      return call('POST', `${order(a.reference)}/payment`, { amountCents: a.amount, currency: a.currency, card: a.paymentMethod, captureMethod: a.capture }, a.idempotencyKey);
    },
    capture: (id, amount, key) => call('POST', `${order(id)}/capture`, amount === undefined ? {} : { amountCents: amount }, key),
    refund: (id, amount, key) => call('POST', `${order(id)}/refunds`, amount === undefined ? {} : { amountCents: amount }, key),
    void: (id, key) => call('POST', `${order(id)}/cancel`, {}, key),
    get: (id) => call('GET', order(id)),
    async list() {
      const res = await http(`${base}/orders`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`GET /orders: HTTP ${res.status}`);
      const body = (await res.json()) as { data: OrderView[] };
      return body.data.map(observe);
    },
    async reconcile() {
      const res = await http(`${base}/admin/reconcile`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
      if (!res.ok) throw new Error(`POST /admin/reconcile: HTTP ${res.status}`);
    },
  };
}

export default function createDriver(env: DriverEnv): Driver {
  const baseUrl = env.baseUrl ?? process.env.SHOP_URL ?? 'http://127.0.0.1:8080';
  return createShopDriver({ baseUrl });
}
