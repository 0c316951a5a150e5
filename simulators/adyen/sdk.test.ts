// The official @adyen/api-library against the simulator over real HTTP: its requests must be
// accepted as they are, and its error handling must see Adyen's error shape.
import adyen from '@adyen/api-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../kernel/index.ts';
import { serveSimulator, type RunningSimulator } from '../serve.ts';
import { createAdyenSimulator, type AdyenSimulator } from './index.ts';
import { SimulatorHttpClient } from './test-support/sdk-http-client.ts';
import { HMAC_KEY } from './test-support/in-process.ts';
import { testWallClock } from '../testing/wall-clock.ts';

const wallClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const API_KEY = 'AQEyhmfxK4_gauntlet_test_key';
const MERCHANT = 'GauntletECOM';

let sim: AdyenSimulator;
let server: RunningSimulator;
let http: SimulatorHttpClient;
let checkout: InstanceType<typeof adyen.CheckoutAPI>;

beforeAll(async () => {
  sim = createAdyenSimulator({ env: { clock: testWallClock, random: seededRandom(42), fetch: globalThis.fetch }, hmacKey: HMAC_KEY, apiKey: API_KEY, merchantAccount: MERCHANT });
  server = await serveSimulator(sim);
  http = new SimulatorHttpClient(server.url, globalThis.fetch);
  checkout = new adyen.CheckoutAPI(new adyen.Client({ apiKey: API_KEY, environment: adyen.EnvironmentEnum.TEST }, http));
});
afterAll(() => server.close());
beforeEach(() => sim.kernel.reset());

const EUR = (value: number) => ({ value, currency: 'EUR' });

function paymentRequest(over: { holderName?: string; manual?: boolean; value?: number; reference?: string } = {}) {
  return {
    amount: EUR(over.value ?? 5000),
    reference: over.reference ?? 'sdk-order-1',
    merchantAccount: MERCHANT,
    returnUrl: 'https://merchant.test/return',
    paymentMethod: {
      type: 'scheme',
      encryptedCardNumber: 'test_4111111111111111',
      encryptedExpiryMonth: 'test_03',
      encryptedExpiryYear: 'test_2030',
      encryptedSecurityCode: 'test_737',
      holderName: over.holderName ?? 'John Smith',
    },
    ...(over.manual === false ? {} : { additionalData: { manualCapture: 'true' } }),
  } as never;
}

async function rejection(p: Promise<unknown>): Promise<InstanceType<typeof adyen.HttpClientException>> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(adyen.HttpClientException);
    return err as InstanceType<typeof adyen.HttpClientException>;
  }
  throw new Error('expected the call to fail');
}

describe('@adyen/api-library over HTTP', () => {
  it('authorises, captures in two parts and refunds: the v72 URLs and headers the library sends are accepted', async () => {
    const payment = await checkout.PaymentsApi.payments(paymentRequest());
    expect(payment.resultCode).toBe('Authorised');
    expect(payment.pspReference).toMatch(/^[0-9A-Z]{16}$/);
    expect(payment.merchantReference).toBe('sdk-order-1');
    const psp = payment.pspReference!;

    const first = await checkout.ModificationsApi.captureAuthorisedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(2000), reference: 'cap-1' });
    expect(first).toMatchObject({ status: 'received', paymentPspReference: psp, amount: EUR(2000), reference: 'cap-1' });
    await checkout.ModificationsApi.captureAuthorisedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(3000) });
    const refund = await checkout.ModificationsApi.refundCapturedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(1500) });
    expect(refund).toMatchObject({ status: 'received', paymentPspReference: psp });

    const l = sim.kernel.ledger;
    expect([l.total(psp, 'authorization'), l.total(psp, 'capture'), l.total(psp, 'refund')]).toEqual([5000, 5000, 1500]);
    const sent = http.sent.slice(-4);
    expect(sent.map((s) => new URL(s.url).pathname)).toEqual([
      '/v72/payments',
      `/v72/payments/${psp}/captures`,
      `/v72/payments/${psp}/captures`,
      `/v72/payments/${psp}/refunds`,
    ]);
    expect(sent.every((s) => s.headers['X-API-Key'] === API_KEY)).toBe(true);
  });

  it('cancels by pspReference and reverses (cancel-or-refund)', async () => {
    const a = (await checkout.PaymentsApi.payments(paymentRequest())).pspReference!;
    const cancel = await checkout.ModificationsApi.cancelAuthorisedPaymentByPspReference(a, { merchantAccount: MERCHANT });
    expect(cancel).toMatchObject({ status: 'received', paymentPspReference: a });
    expect(sim.kernel.ledger.total(a, 'void')).toBe(5000);

    const b = (await checkout.PaymentsApi.payments(paymentRequest({ manual: false }))).pspReference!;
    const reversal = await checkout.ModificationsApi.refundOrCancelPayment(b, { merchantAccount: MERCHANT });
    expect(reversal).toMatchObject({ status: 'received', paymentPspReference: b });
    expect(sim.kernel.ledger.total(b, 'refund')).toBe(5000);
  });

  it.each([
    ['REFUSED', 'Refused', 'Refused', '2'],
    ['NOT_ENOUGH_BALANCE', 'Refused', 'Not enough balance', '12'],
    ['CVC_DECLINED', 'Refused', 'CVC Declined', '24'],
    ['ERROR', 'Error', 'Acquirer Error', '4'],
  ])('holderName %s is answered %s with refusal reason %s (%s)', async (holderName, resultCode, refusalReason, refusalReasonCode) => {
    const payment = await checkout.PaymentsApi.payments(paymentRequest({ holderName }));
    expect(payment).toMatchObject({ resultCode, refusalReason, refusalReasonCode });
    expect(sim.kernel.ledger.all()).toHaveLength(0);
  });

  it('replays a payment sent again with the same idempotencyKey', async () => {
    const first = await checkout.PaymentsApi.payments(paymentRequest(), { idempotencyKey: 'sdk-idem-1' });
    const again = await checkout.PaymentsApi.payments(paymentRequest(), { idempotencyKey: 'sdk-idem-1' });
    expect(again.pspReference).toBe(first.pspReference);
    expect(http.sent.at(-1)!.headers['Idempotency-Key']).toBe('sdk-idem-1');
    expect(sim.kernel.ledger.all().filter((m) => m.kind === 'authorization')).toHaveLength(1);
  });

  it("surfaces Adyen's error shape as HttpClientException.apiError", async () => {
    const err = await rejection(checkout.ModificationsApi.captureAuthorisedPayment('ZZZZZZZZZZZZZZZZ', { merchantAccount: MERCHANT, amount: EUR(100) }));
    expect(err.statusCode).toBe(422);
    expect(err.errorCode).toBe('167');
    expect(err.apiError).toMatchObject({ status: 422, errorCode: '167', message: 'Original pspReference required for this operation', errorType: 'validation' });
    const bad = await rejection(checkout.PaymentsApi.payments({ ...(paymentRequest() as object), amount: EUR(-5) } as never));
    expect(bad.apiError).toMatchObject({ status: 422, errorCode: '137' });
  });

  it('answers a wrong API key with 401', async () => {
    const wrong = new adyen.CheckoutAPI(new adyen.Client({ apiKey: 'wrong', environment: adyen.EnvironmentEnum.TEST }, new SimulatorHttpClient(server.url, globalThis.fetch)));
    const err = await rejection(wrong.PaymentsApi.payments(paymentRequest()));
    expect(err.statusCode).toBe(401);
    expect(err.apiError).toMatchObject({ errorCode: '000', errorType: 'security' });
  });

  it('injected 500 and 429 reach the library in Adyen\'s shape', async () => {
    sim.kernel.faults.set({ rules: [{ nth: 1, effect: { type: 'error', status: 500 } }] });
    const e500 = await rejection(checkout.PaymentsApi.payments(paymentRequest()));
    expect(e500.statusCode).toBe(500);
    expect(e500.apiError).toMatchObject({ errorType: 'internal' });
    sim.kernel.faults.set({ rules: [{ effect: { type: 'rate_limit', retryAfterSeconds: 2 } }] });
    const e429 = await rejection(checkout.PaymentsApi.payments(paymentRequest()));
    expect(e429.statusCode).toBe(429);
    expect(e429.responseHeaders?.['retry-after']).toBe('2');
    expect(sim.kernel.ledger.all()).toHaveLength(0);
  });

  it('timeout after commit: the capture happened, the library got no answer, the keyed retry replays it', async () => {
    const psp = (await checkout.PaymentsApi.payments(paymentRequest())).pspReference!;
    sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.captures' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 20 } }] });
    const capture = () => checkout.ModificationsApi.captureAuthorisedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(5000) }, { idempotencyKey: 'sdk-cap-1' });
    await expect(capture()).rejects.toThrow();
    expect(sim.kernel.ledger.total(psp, 'capture')).toBe(5000);
    const retried = await capture();
    expect(retried).toMatchObject({ status: 'received', paymentPspReference: psp });
    expect(sim.kernel.ledger.forPayment(psp).filter((m) => m.kind === 'capture')).toHaveLength(1);
  });

  it('fail before commit: the connection drops and nothing moves', async () => {
    const psp = (await checkout.PaymentsApi.payments(paymentRequest())).pspReference!;
    sim.kernel.faults.set({ rules: [{ match: { operation: 'adyen.refunds' }, times: 1, effect: { type: 'fail_before_commit' } }] });
    await checkout.ModificationsApi.captureAuthorisedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(5000) });
    await expect(checkout.ModificationsApi.refundCapturedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(100) }, { idempotencyKey: 'r-1' })).rejects.toThrow();
    expect(sim.kernel.ledger.total(psp, 'refund')).toBe(0);
    await checkout.ModificationsApi.refundCapturedPayment(psp, { merchantAccount: MERCHANT, amount: EUR(100) }, { idempotencyKey: 'r-1' });
    expect(sim.kernel.ledger.total(psp, 'refund')).toBe(100);
  });
});
