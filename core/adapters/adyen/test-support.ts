// Test support: the adapter against the real Adyen simulator, in process. The simulator runs on a
// VirtualClock with a seeded random source; the adapter reaches it through inProcessFetch; the
// simulator's webhook deliveries go to the adapter's own parseWebhook, answered with
// acknowledge() (or 401 when rejected), as the core's webhook route will. Nothing here touches
// real time, randomness or the network.
import { createAdyenSimulator, inProcessFetch, seededRandom, VirtualClock, type Clock, type FetchLike } from '../../../simulators/index.ts';
import type { AuthorizeRequest, CallContext, ModificationRequest, ProviderAdapter, ProviderEvent, WebhookVerdict } from '../types.ts';
import { createAdyenAdapter } from './index.ts';

export const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
export const OTHER_HMAC_KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
export const START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const BASE_URL = 'http://adyen.sim';
export const API_KEY = 'AQE_core_adapter_test';
export const MERCHANT = 'GauntletCoreECOM';
export const WEBHOOK_URL = 'http://core.test/webhooks/adyen';

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, any>;
}

export interface Received {
  url: string;
  body: string;
  verdict: WebhookVerdict;
}

export function adyenWorld(opts: { seed?: number } = {}) {
  const clock = new VirtualClock(START);
  const received: Received[] = [];
  const receivers = new Map<string, ProviderAdapter>();
  const deliver: FetchLike = async (input, init) => {
    const url = String(input);
    const body = String(init?.body ?? '');
    const receiver = receivers.get(url);
    if (!receiver) return new Response('no such endpoint', { status: 404 });
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const verdict = receiver.parseWebhook(body, headers, clock.now());
    received.push({ url, body, verdict });
    if (verdict.kind !== 'ok') return new Response(verdict.reason, { status: 401 });
    const ack = receiver.acknowledge();
    return new Response(ack.body, { status: ack.status, headers: { 'content-type': ack.contentType } });
  };
  const sim = createAdyenSimulator({
    env: { clock, random: seededRandom(opts.seed ?? 1), fetch: deliver },
    hmacKey: HMAC_KEY,
    apiKey: API_KEY,
    merchantAccount: MERCHANT,
    webhookUrl: WEBHOOK_URL,
  });
  const network = inProcessFetch({ [BASE_URL]: sim.app });
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = String(input);
    sent.push({
      url,
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body ? (JSON.parse(String(init.body)) as Record<string, any>) : {},
    });
    return network(input, init);
  };
  const makeAdapter = (hmacKey = HMAC_KEY) =>
    createAdyenAdapter({ baseUrl: BASE_URL, apiKey: API_KEY, merchantAccount: MERCHANT, hmacKey, fetch });
  const adapter = makeAdapter();
  receivers.set(WEBHOOK_URL, adapter);

  return {
    sim,
    clock,
    adapter,
    makeAdapter,
    /** Every request the adapter sent, in order. */
    sent,
    /** Every webhook delivery, with the verdict of the adapter at its URL. */
    received,
    receivers,
    /** The simulator's network as the adapter sees it (for control-API calls). */
    fetch: network,
    ledger: () => sim.kernel.ledger.all(),
    /** Delivers every pending notification now and returns the events of the accepted ones. */
    async flushEvents(): Promise<ProviderEvent[]> {
      const before = received.length;
      await sim.kernel.webhooks.flush();
      return received.slice(before).flatMap((r) => (r.verdict.kind === 'ok' ? r.verdict.events : []));
    },
  };
}

let keys = 0;
/** A fresh call context (unique idempotency key). */
export function ctx(idempotencyKey = `core-test-key-${++keys}`, timeoutMs = 5_000): CallContext {
  return { idempotencyKey, timeoutMs };
}

export function authorizeRequest(overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest {
  return {
    paymentId: 'pay_0001',
    merchantReference: 'order-0001',
    amount: 2500,
    currency: 'EUR',
    paymentMethod: 'holder:John Smith',
    capture: 'manual',
    ...overrides,
  };
}

export function modification(providerPaymentId: string, amount: number, overrides: Partial<ModificationRequest> = {}): ModificationRequest {
  return { paymentId: 'pay_0001', providerPaymentId, amount, currency: 'EUR', ...overrides };
}

/**
 * A call context whose signal aborts after `timeoutMs` of `clock`, as the core's call policy
 * builds it; `release()` cancels the clock sleeper once the call is over.
 */
export function timedCtx(clock: Clock, idempotencyKey: string, timeoutMs: number): CallContext & { release(): void } {
  const timeout = new AbortController();
  const cancel = new AbortController();
  void clock.sleep(timeoutMs, cancel.signal).then(() => timeout.abort());
  return { idempotencyKey, timeoutMs, signal: timeout.signal, release: () => cancel.abort() };
}

/** Awaits `pending` while moving the virtual clock to each sleeper's deadline. */
export async function whileTimePasses<T>(clock: VirtualClock, pending: Promise<T>): Promise<T> {
  let done = false;
  pending.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 10_000 && !done; i++) {
    await clock.advance(0);
    const next = clock.nextDeadline();
    if (next !== undefined) await clock.advance(next - clock.now());
  }
  return pending;
}

/** Narrows a result to `ok` or fails the test with what it was. */
export function okValue<T>(result: { kind: string; value?: T }): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value as T;
}
