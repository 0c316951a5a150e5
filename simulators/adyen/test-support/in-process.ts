// Test support: an Adyen simulator on a virtual clock with an in-process webhook receiver, and
// builders for valid requests. Nothing here touches real time, randomness or the network.
import { VirtualClock, seededRandom, type FetchLike } from '../../kernel/index.ts';
import { createAdyenSimulator, type AdyenSimulatorOptions } from '../index.ts';
import type { NotificationBody, NotificationRequestItem } from '../notifications.ts';

export const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
export const OTHER_HMAC_KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
export const START = Date.UTC(2026, 2, 2, 9, 0, 0);
export const WEBHOOK_URL = 'http://merchant.test/adyen/notifications';
export const API_KEY = 'AQE_test_api_key';
export const MERCHANT = 'GauntletECOM';

export interface Delivered {
  url: string;
  body: string;
  headers: Record<string, string>;
}

type Options = Partial<Omit<AdyenSimulatorOptions, 'env'>> & { seed?: number };

export function adyenInProcess(opts: Options = {}) {
  const { seed = 1, ...simOptions } = opts;
  const clock = new VirtualClock(START);
  const delivered: Delivered[] = [];
  let answer: (d: Delivered) => Response = () => new Response('[accepted]', { status: 200 });
  const fetch: FetchLike = async (input, init) => {
    const d = { url: String(input), body: String(init?.body ?? ''), headers: Object.fromEntries(new Headers(init?.headers).entries()) };
    delivered.push(d);
    return answer(d);
  };
  const sim = createAdyenSimulator({ env: { clock, random: seededRandom(seed), fetch }, hmacKey: HMAC_KEY, webhookUrl: WEBHOOK_URL, ...simOptions });
  const apiKey = simOptions.apiKey ?? API_KEY;

  const send = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    sim.app.fetch(
      new Request(`http://adyen.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );

  return {
    sim,
    clock,
    delivered,
    /** How the receiver answers deliveries from now on. */
    answerWith(fn: (d: Delivered) => Response) {
      answer = fn;
    },
    send,
    async pay(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const res = await send('/v72/payments', paymentRequest(overrides), headers);
      return { res, json: (await res.json()) as Record<string, any> };
    },
    async modify(psp: string, kind: 'captures' | 'refunds' | 'cancels' | 'reversals', body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const res = await send(`/v72/payments/${psp}/${kind}`, { merchantAccount: MERCHANT, ...body }, headers);
      return { res, json: (await res.json()) as Record<string, any> };
    },
    /** Delivers everything queued and returns the notification items received so far. */
    async notifications(): Promise<NotificationRequestItem[]> {
      await sim.kernel.webhooks.flush();
      return itemsOf(delivered);
    },
  };
}

/** A valid Checkout /payments request with a test-encrypted Visa; `overrides` replace top-level fields. */
export function paymentRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    amount: { value: 2500, currency: 'EUR' },
    reference: 'order-1',
    merchantAccount: MERCHANT,
    returnUrl: 'https://merchant.test/return',
    paymentMethod: card(),
    additionalData: { manualCapture: 'true' },
    ...overrides,
  };
}

export function card(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'scheme',
    encryptedCardNumber: 'test_4111111111111111',
    encryptedExpiryMonth: 'test_03',
    encryptedExpiryYear: 'test_2030',
    encryptedSecurityCode: 'test_737',
    holderName: 'John Smith',
    ...overrides,
  };
}

export function itemsOf(delivered: readonly Delivered[]): NotificationRequestItem[] {
  return delivered.flatMap((d) => (JSON.parse(d.body) as NotificationBody).notificationItems.map((i) => i.NotificationRequestItem));
}

/**
 * Awaits `pending` while moving the virtual clock to each sleeper's deadline, so a response
 * held by a latency or timeout fault completes. Only microtasks run between steps.
 */
export async function whileTimePasses<T>(clock: VirtualClock, pending: Promise<T>): Promise<T> {
  let done = false;
  pending.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 100_000 && !done; i++) {
    await Promise.resolve();
    const next = clock.nextDeadline();
    if (next !== undefined) await clock.advance(next - clock.now());
  }
  return pending;
}
