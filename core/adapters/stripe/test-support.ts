// Test rig: the real Stripe simulator in-process on a virtual clock, the adapter talking to it
// through the in-process network, and every webhook the simulator sends kept in an inbox.
import { VirtualClock, createStripeSimulator, inProcessFetch, seededRandom, type FetchLike } from '../../../simulators/index.ts';
import type { CallContext, ProviderAdapter, WebhookVerdict } from '../types.ts';
import { createStripeAdapter } from './index.ts';

export const START = Date.UTC(2026, 0, 1, 9, 0, 0);
export const ORIGIN = 'http://stripe.sim';
export const API_KEY = 'sk_test_gauntlet';
export const WEBHOOK_SECRET = 'whsec_gauntlet_adapter_tests';

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Delivery {
  body: string;
  headers: Record<string, string>;
  /** Virtual time when it arrived. */
  at: number;
  /** What the adapter made of it on arrival (the receiver answers 400 to a rejection). */
  verdict: WebhookVerdict;
}

export function rig(seed = 7) {
  const clock = new VirtualClock(START);
  const inbox: Delivery[] = [];
  // The core's webhook endpoint: verifies with the adapter, records, and answers as Stripe expects.
  const webhookFetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    const body = await request.text();
    const headers = Object.fromEntries(request.headers);
    const verdict = receiving.parseWebhook(body, headers, clock.now());
    inbox.push({ body, headers, at: clock.now(), verdict });
    if (verdict.kind === 'rejected') return new Response(verdict.message, { status: 400 });
    const ack = receiving.acknowledge();
    return new Response(ack.body, { status: ack.status, headers: { 'content-type': ack.contentType } });
  };
  const sim = createStripeSimulator({ env: { clock, random: seededRandom(seed), fetch: webhookFetch } });
  const network = inProcessFetch({ [ORIGIN]: sim.app });
  // What the adapter put on the wire, request by request.
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    sent.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.clone().text() });
    return network(input, init);
  };
  const adapter: ProviderAdapter = createStripeAdapter({ baseUrl: ORIGIN, apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, fetch });
  // The adapter the webhook receiver verifies with: another one for an endpoint with its own secret.
  let receiving = adapter;
  const receiveWith = (webhookSecret: string): ProviderAdapter => {
    receiving = createStripeAdapter({ baseUrl: ORIGIN, apiKey: API_KEY, webhookSecret, fetch });
    return receiving;
  };
  let keys = 0;
  const ctx = (idempotencyKey = `key-${++keys}`, timeoutMs = 10_000): CallContext => ({ idempotencyKey, timeoutMs });
  const webhookEndpoint = () => sim.kernel.webhooks.addEndpoint({ url: 'http://core.test/webhooks/stripe', secret: WEBHOOK_SECRET });
  return { sim, clock, adapter, inbox, webhookEndpoint, receiveWith, sent, fetch: network, ctx, ledger: () => sim.kernel.ledger.all() };
}

export type Rig = ReturnType<typeof rig>;

/** A request straight to the simulator's API (not through the adapter), JSON back. */
export async function stripeCall(r: Rig, method: 'GET' | 'POST', path: string, form = ''): Promise<{ status: number; body: any }> {
  const res = await r.fetch(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(method === 'POST' ? { body: form } : {}),
  });
  return { status: res.status, body: await res.json() };
}

let payments = 0;

/** An AuthorizeRequest with fresh ids. */
export function authorization(overrides: Partial<{ amount: number; currency: string; paymentMethod: string; capture: 'manual' | 'automatic' }> = {}) {
  payments += 1;
  return {
    paymentId: `pay_${payments}`,
    merchantReference: `order-${payments}`,
    amount: 1000,
    currency: 'USD',
    paymentMethod: 'pm_card_visa',
    capture: 'manual' as const,
    ...overrides,
  };
}

/** Unwraps an `ok` result, failing the test with the whole result otherwise. */
export function okValue<T>(result: { kind: string; value?: T }): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value as T;
}
