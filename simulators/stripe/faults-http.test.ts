// timeout_after_commit over real HTTP: the capture happens, the socket is destroyed instead of
// answered, and a retry with the same idempotency key gets the saved answer; one capture only.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../serve.ts';
import type { StripeSimulator } from './index.ts';
import { overHttp } from './test-support.ts';

let sim: StripeSimulator;
let server: RunningSimulator;
let stripe: Stripe;

beforeAll(async () => {
  ({ sim, server, stripe } = await overHttp(5, globalThis.fetch));
});
afterAll(() => server.close());

const hangOnCapture = () =>
  sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 20 } }] });

const captures = (id: string) => sim.kernel.ledger.forPayment(id).filter((m) => m.kind === 'capture');

describe('timeout_after_commit over HTTP', () => {
  it('a plain client sees the connection die; the retry with the same key replays', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    hangOnCapture();
    const init = {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_123', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'cap-http-1' },
      body: 'amount_to_capture=3000',
    };
    await expect(fetch(`${server.url}/v1/payment_intents/${pi.id}/capture`, init)).rejects.toThrow();
    expect(captures(pi.id).map((m) => m.amount)).toEqual([3000]);

    const retry = await fetch(`${server.url}/v1/payment_intents/${pi.id}/capture`, init);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as { amount_received: number }).amount_received).toBe(3000);
    expect(captures(pi.id)).toHaveLength(1);
  });

  it('stripe-node retries the closed connection with its own key and gets the replay', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    hangOnCapture();
    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured.status).toBe('succeeded');
    expect(captured.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(captures(pi.id)).toHaveLength(1);
  });
});
