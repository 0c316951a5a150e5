import { describe, expect, it } from 'vitest';
import { VirtualClock, seededRandom } from '../kernel/index.ts';
import { createAdyenCaseDriver } from './case-driver.ts';
import { createAdyenSimulator } from './index.ts';
import { HMAC_KEY, START } from './test-support/in-process.ts';

function driverWith(fetch: (url: string | URL | Request, init?: RequestInit) => Promise<Response> = async () => new Response('[accepted]')) {
  const sim = createAdyenSimulator({ env: { clock: new VirtualClock(START), random: seededRandom(5), fetch }, hmacKey: HMAC_KEY });
  return createAdyenCaseDriver(sim);
}

describe('the Adyen case driver', () => {
  it('covers the decline reasons the holder names express, and only those', () => {
    const d = driverWith();
    expect(d.name).toBe('adyen');
    expect([...d.declineReasons].sort()).toEqual(
      [
        'blocked_card',
        'card_not_supported',
        'expired_card',
        'fraudulent',
        'generic_decline',
        'incorrect_cvc',
        'insufficient_funds',
        'invalid_amount',
        'issuer_unavailable',
        'processing_error',
        'referral',
        'restricted_card',
        'transaction_not_allowed',
      ].sort(),
    );
  });

  it('maps the answers: authorized, captured, declined with its reason, refused, accepted', async () => {
    const d = driverWith();
    const manual = await d.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: 'approved', reference: 'o-1' });
    expect(manual).toMatchObject({ status: 200, outcome: 'authorized', replayed: false });
    expect(d.sim.kernel.ledger.forPayment(manual.paymentId!)[0]!.reference).toBe('o-1');
    expect((await d.authorize({ amount: 1000, currency: 'eur', capture: 'automatic', card: 'approved' })).outcome).toBe('captured');
    expect(await d.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: 'incorrect_cvc' })).toMatchObject({ outcome: 'declined', declineReason: 'incorrect_cvc' });
    expect((await d.authorize({ amount: -1, currency: 'EUR', capture: 'manual', card: 'approved' })).outcome).toBe('refused');
    expect(await d.capture(manual.paymentId!)).toMatchObject({ status: 201, outcome: 'accepted' });
    expect(d.sim.kernel.ledger.total(manual.paymentId!, 'capture')).toBe(1000);
    expect(await d.refund(manual.paymentId!, 400)).toMatchObject({ outcome: 'accepted' });
    expect((await d.capture('ZZZZZZZZZZZZZZZZ', 5)).outcome).toBe('refused');
  });

  it('reports a keyed replay', async () => {
    const d = driverWith();
    const first = await d.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: 'approved', idempotencyKey: 'k' });
    const again = await d.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: 'approved', idempotencyKey: 'k' });
    expect(again).toMatchObject({ replayed: true, body: first.body, paymentId: first.paymentId });
  });

  it('returns a dropped connection as a 504 error', async () => {
    const d = driverWith();
    d.sim.kernel.faults.set({ rules: [{ effect: { type: 'fail_before_commit' } }] });
    expect(await d.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: 'approved' })).toMatchObject({ status: 504, outcome: 'error' });
  });

  it('registers a webhook with a hex key, and verifies with the library what it signs', async () => {
    const bodies: string[] = [];
    const d = driverWith(async (_url, init) => {
      bodies.push(String(init?.body));
      return new Response('[accepted]');
    });
    const key = await d.registerWebhook('http://merchant.test/hooks');
    expect(key).toMatch(/^[0-9A-F]{128}$/);
    expect(await d.registerWebhook('http://merchant.test/hooks')).toBe(key);
    const r = await d.authorize({ amount: 1000, currency: 'EUR', capture: 'manual', card: 'approved' });
    await d.void(r.paymentId!);
    await d.sim.kernel.webhooks.flush();
    expect(bodies).toHaveLength(4);
    expect(bodies.every((b) => d.verifyWebhook(b, {}, key))).toBe(true);
    expect(d.verifyWebhook(bodies[0]!, {}, HMAC_KEY)).toBe(false);
    expect(d.verifyWebhook('not json', {}, key)).toBe(false);
    const tampered = bodies[0]!.replace('"value":1000', '"value":1');
    expect(d.verifyWebhook(tampered, {}, key)).toBe(false);
  });
});
