// Notifications over real HTTP: the simulator (served on loopback) posts to a node:http receiver;
// the library's HmacValidator must accept every genuine item and refuse the forged ones.
import adyen from '@adyen/api-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../kernel/index.ts';
import { serveSimulator, type RunningSimulator } from '../serve.ts';
import { createAdyenSimulator, type AdyenSimulator } from './index.ts';
import type { NotificationBody } from './notifications.ts';
import { HMAC_KEY } from './test-support/in-process.ts';
import { startReceiver, type Receiver } from './test-support/receiver.ts';
import { SimulatorHttpClient } from './test-support/sdk-http-client.ts';
import { testWallClock } from '../testing/wall-clock.ts';

const wallClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const MERCHANT = 'GauntletECOM';

let sim: AdyenSimulator;
let server: RunningSimulator;
let receiver: Receiver;
let checkout: InstanceType<typeof adyen.CheckoutAPI>;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = createAdyenSimulator({ env: { clock: testWallClock, random: seededRandom(3), fetch: globalThis.fetch }, hmacKey: HMAC_KEY, webhookUrl: receiver.url });
  server = await serveSimulator(sim);
  checkout = new adyen.CheckoutAPI(new adyen.Client({ apiKey: 'any-key', environment: adyen.EnvironmentEnum.TEST }, new SimulatorHttpClient(server.url, globalThis.fetch)));
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const flush = () => globalThis.fetch(`${server.url}/__gauntlet/webhooks/flush`, { method: 'POST' });
const items = () => receiver.received.flatMap((r) => (JSON.parse(r.body) as NotificationBody).notificationItems.map((i) => i.NotificationRequestItem));

describe('notifications over HTTP', () => {
  it('delivers signed notifications the library validates; the forged copy fails', async () => {
    sim.kernel.faults.set({ rules: [{ match: { event: 'CAPTURE' }, times: 1, effect: { type: 'bad_signature' } }] });
    const payment = await checkout.PaymentsApi.payments({
      amount: { value: 4100, currency: 'EUR' },
      reference: 'http-order',
      merchantAccount: MERCHANT,
      returnUrl: 'https://merchant.test/return',
      paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_5555555555554444', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
      additionalData: { manualCapture: 'true' },
    } as never);
    const psp = payment.pspReference!;
    await checkout.ModificationsApi.captureAuthorisedPayment(psp, { merchantAccount: MERCHANT, amount: { value: 4100, currency: 'EUR' } });
    await checkout.ModificationsApi.refundCapturedPayment(psp, { merchantAccount: MERCHANT, amount: { value: 100, currency: 'EUR' } });
    const res = await flush();
    expect(res.status).toBe(200);

    const validator = new adyen.hmacValidator();
    const verdicts = items().map((i) => [i.eventCode, validator.validateHMAC(i as never, HMAC_KEY)]);
    expect(verdicts).toEqual([
      ['AUTHORISATION', true],
      ['CAPTURE', false],
      ['CAPTURE', true],
      ['REFUND', true],
    ]);
    expect(receiver.received.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
    // This receiver acknowledges everything, the forgery included.
    expect(sim.kernel.webhooks.summary()).toMatchObject({ delivered: 4, rejected: 0, queued: 0 });
  });
});
