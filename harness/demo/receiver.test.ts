// The demo's receiver over real HTTP: it judges deliveries with spec's verifiers, signed here the
// way the simulators sign them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adyenHmacSignature, stripeSignatureHeader } from '../../spec/index.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const STRIPE_SECRET = 'whsec_demo_receiver_test';
const ADYEN_KEY = 'AB'.repeat(32);
const NOW_MS = 1_790_000_000_000;
const T = NOW_MS / 1000;

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ stripe: STRIPE_SECRET, adyenHmacKey: ADYEN_KEY }, () => NOW_MS);
});
afterAll(() => receiver.close());

const post = (provider: 'stripe' | 'adyen', body: string, headers: Record<string, string> = {}) =>
  fetch(receiver.url(provider), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('demo receiver', () => {
  it('accepts a genuine Stripe event, refuses a forged and a stale one', async () => {
    const body = JSON.stringify({ id: 'evt_ok', type: 'charge.refunded' });
    expect((await post('stripe', body, { 'stripe-signature': stripeSignatureHeader(body, STRIPE_SECRET, T) })).status).toBe(200);
    expect((await post('stripe', body, { 'stripe-signature': stripeSignatureHeader(body, 'whsec_forger', T) })).status).toBe(400);
    expect((await post('stripe', body, { 'stripe-signature': stripeSignatureHeader(body, STRIPE_SECRET, T - 301) })).status).toBe(400);
    expect(receiver.received.slice(-3).map((r) => r.verdict)).toEqual(['accepted', 'bad_signature', 'stale']);
  });

  it('accepts a genuine Adyen notification and refuses one signed with another key', async () => {
    const item = { pspReference: 'P1', merchantAccountCode: 'M', merchantReference: 'r', amount: { value: 500, currency: 'JPY' }, eventCode: 'CAPTURE', success: 'true' };
    const batch = (key: string) => JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature: adyenHmacSignature(item, key) } } }] });
    const ok = await post('adyen', batch(ADYEN_KEY));
    expect([ok.status, await ok.text()]).toEqual([200, '[accepted]']);
    expect((await post('adyen', batch('CD'.repeat(32)))).status).toBe(400);
    expect(receiver.received.slice(-2)).toEqual([
      { provider: 'adyen', eventId: 'CAPTURE:P1:true', type: 'CAPTURE', verdict: 'accepted' },
      { provider: 'adyen', eventId: 'CAPTURE:P1:true', type: 'CAPTURE', verdict: 'bad_signature' },
    ]);
  });

  it.each(['null', '7', 'not json', ''])('refuses the body %j without falling over', async (body) => {
    expect((await post('adyen', body)).status).toBe(400);
    expect((await post('stripe', body, { 'stripe-signature': 'garbage' })).status).toBe(400);
  });
});
