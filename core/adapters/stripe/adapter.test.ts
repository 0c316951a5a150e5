// The adapter against the real Stripe simulator, in-process: every operation, its wire format,
// declines, state refusals, provider idempotency and retrieve for each status.
import { describe, expect, it } from 'vitest';
import { STRIPE_TEST_PAYMENT_METHODS } from '../../../simulators/index.ts';
import { STRIPE_API_VERSION } from './index.ts';
import { API_KEY, authorization, okValue, rig, stripeCall } from './test-support.ts';

describe('authorize', () => {
  it('manual capture: a held PaymentIntent, sent in Stripe form encoding with the call key', async () => {
    const r = rig();
    const request = authorization({ amount: 1234, currency: 'EUR' });
    const result = await r.adapter.authorize(request, r.ctx('auth-1'));
    const value = okValue(result);
    expect(value).toEqual({ providerPaymentId: expect.stringMatching(/^pi_/), status: 'authorized', amountAuthorized: 1234, amountCaptured: 0 });

    const [sent] = r.sent;
    expect(sent).toMatchObject({ method: 'POST', url: 'http://stripe.sim/v1/payment_intents' });
    expect(sent!.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'idempotency-key': 'auth-1',
      'stripe-version': STRIPE_API_VERSION,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(new URLSearchParams(sent!.body)).toEqual(
      new URLSearchParams({
        amount: '1234',
        currency: 'eur',
        payment_method: 'pm_card_visa',
        confirm: 'true',
        capture_method: 'manual',
        'metadata[payment_id]': request.paymentId,
        'metadata[reference]': request.merchantReference,
      }),
    );
    // The ledger correlates the money with the merchant's reference.
    expect(r.ledger()).toEqual([
      expect.objectContaining({ kind: 'authorization', paymentId: value.providerPaymentId, amount: 1234, currency: 'eur', idempotencyKey: 'auth-1', reference: request.merchantReference }),
    ]);
  });

  it('automatic capture: captured at once', async () => {
    const r = rig();
    const value = okValue(await r.adapter.authorize(authorization({ amount: 500, capture: 'automatic' }), r.ctx()));
    expect(value).toEqual({ providerPaymentId: expect.stringMatching(/^pi_/), status: 'captured', amountAuthorized: 500, amountCaptured: 500 });
    expect(r.ledger().map((m) => [m.kind, m.amount])).toEqual([
      ['authorization', 500],
      ['capture', 500],
    ]);
  });

  const DECLINES: Record<string, string> = {
    pm_card_chargeDeclined: 'generic_decline',
    pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
    pm_card_chargeDeclinedLostCard: 'lost_card',
    pm_card_chargeDeclinedStolenCard: 'stolen_card',
    pm_card_chargeDeclinedExpiredCard: 'expired_card',
    pm_card_chargeDeclinedIncorrectCvc: 'incorrect_cvc',
    pm_card_chargeDeclinedProcessingError: 'processing_error',
    pm_card_chargeDeclinedFraudulent: 'fraudulent',
  };

  it('the table below covers every declining test PaymentMethod of the simulator', () => {
    const declining = Object.entries(STRIPE_TEST_PAYMENT_METHODS)
      .filter(([, pm]) => pm.outcome.kind === 'declined')
      .map(([id]) => id);
    expect(Object.keys(DECLINES).sort()).toEqual(declining.sort());
  });

  it.each(Object.entries(DECLINES))('%s is declined with %s, the intent id kept, no money moved', async (paymentMethod, code) => {
    const r = rig();
    const result = await r.adapter.authorize(authorization({ paymentMethod }), r.ctx());
    expect(result).toEqual({ kind: 'declined', code, message: expect.any(String), providerPaymentId: expect.stringMatching(/^pi_/) });
    expect(r.ledger()).toEqual([]);
  });

  it('a decline forced by the fault plan is a decline too', async () => {
    const r = rig();
    r.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, effect: { type: 'decline', code: 'insufficient_funds' } }] });
    expect(await r.adapter.authorize(authorization(), r.ctx())).toMatchObject({ kind: 'declined', code: 'insufficient_funds' });
  });

  it('an unknown payment method is an invalid request, not a decline', async () => {
    const r = rig();
    expect(await r.adapter.authorize(authorization({ paymentMethod: 'pm_card_nope' }), r.ctx())).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      code: 'resource_missing',
    });
  });
});

describe('capture, refund, void', () => {
  it('partial capture: the charge is the reference, the rest is released', async () => {
    const r = rig();
    const pi = okValue(await r.adapter.authorize(authorization({ amount: 1000 }), r.ctx())).providerPaymentId;
    const result = await r.adapter.capture({ paymentId: 'pay_x', providerPaymentId: pi, amount: 600, currency: 'USD' }, r.ctx('cap-1'));
    expect(okValue(result)).toEqual({ providerReference: expect.stringMatching(/^ch_/), status: 'succeeded' });
    expect(r.sent.at(-1)).toMatchObject({ url: `http://stripe.sim/v1/payment_intents/${pi}/capture`, body: 'amount_to_capture=600' });
    expect(r.sent.at(-1)!.headers['idempotency-key']).toBe('cap-1');
    expect(r.ledger().filter((m) => m.kind === 'capture').map((m) => m.amount)).toEqual([600]);
    expect(okValue(await r.adapter.retrieve(pi, { timeoutMs: 10_000 }))).toMatchObject({ status: 'captured', amountAuthorized: 1000, amountCaptured: 600 });
  });

  it('two partial refunds, each its own Refund; a third above the rest is refused', async () => {
    const r = rig();
    const pi = okValue(await r.adapter.authorize(authorization({ amount: 1000, capture: 'automatic' }), r.ctx())).providerPaymentId;
    const modification = (amount: number) => ({ paymentId: 'pay_r', providerPaymentId: pi, amount, currency: 'USD' });
    const first = okValue(await r.adapter.refund(modification(300), r.ctx()));
    const second = okValue(await r.adapter.refund(modification(200), r.ctx()));
    expect(first).toEqual({ providerReference: expect.stringMatching(/^re_/), status: 'succeeded' });
    expect(second.providerReference).toMatch(/^re_/);
    expect(second.providerReference).not.toBe(first.providerReference);
    expect(new URLSearchParams(r.sent.at(-1)!.body)).toEqual(new URLSearchParams({ payment_intent: pi, amount: '200', 'metadata[payment_id]': 'pay_r' }));
    expect(await r.adapter.refund(modification(600), r.ctx())).toMatchObject({ kind: 'invalid_request', status: 400, code: 'amount_too_large' });
    expect(r.ledger().filter((m) => m.kind === 'refund').map((m) => [m.id, m.amount])).toEqual([
      [first.providerReference, 300],
      [second.providerReference, 200],
    ]);
    expect(okValue(await r.adapter.retrieve(pi, { timeoutMs: 10_000 }))).toMatchObject({ status: 'captured', amountCaptured: 1000, amountRefunded: 500 });
    expect(await r.adapter.refund(modification(500), r.ctx())).toMatchObject({ kind: 'ok' });
    expect(await r.adapter.refund(modification(1), r.ctx())).toMatchObject({ kind: 'invalid_request', code: 'charge_already_refunded' });
  });

  it('void releases the authorization; the intent is the reference', async () => {
    const r = rig();
    const pi = okValue(await r.adapter.authorize(authorization({ amount: 800 }), r.ctx())).providerPaymentId;
    const result = await r.adapter.void({ paymentId: 'pay_v', providerPaymentId: pi, amount: 800, currency: 'USD' }, r.ctx('void-1'));
    expect(okValue(result)).toEqual({ providerReference: pi, status: 'succeeded' });
    expect(r.sent.at(-1)).toMatchObject({ method: 'POST', url: `http://stripe.sim/v1/payment_intents/${pi}/cancel`, body: '' });
    expect(r.sent.at(-1)!.headers['idempotency-key']).toBe('void-1');
    expect(r.ledger().map((m) => m.kind)).toEqual(['authorization', 'void']);
  });

  it('illegal transitions are invalid requests: capture after void, void after capture, capture above the hold', async () => {
    const r = rig();
    const mod = (pi: string, amount: number) => ({ paymentId: 'p', providerPaymentId: pi, amount, currency: 'USD' });
    const voided = okValue(await r.adapter.authorize(authorization(), r.ctx())).providerPaymentId;
    okValue(await r.adapter.void(mod(voided, 1000), r.ctx()));
    expect(await r.adapter.capture(mod(voided, 1000), r.ctx())).toEqual({
      kind: 'invalid_request',
      status: 400,
      code: 'payment_intent_unexpected_state',
      message: expect.stringContaining('canceled'),
    });
    const captured = okValue(await r.adapter.authorize(authorization({ capture: 'automatic' }), r.ctx())).providerPaymentId;
    expect(await r.adapter.void(mod(captured, 1000), r.ctx())).toMatchObject({ kind: 'invalid_request', code: 'payment_intent_unexpected_state' });
    const held = okValue(await r.adapter.authorize(authorization({ amount: 100 }), r.ctx())).providerPaymentId;
    expect(await r.adapter.capture(mod(held, 101), r.ctx())).toMatchObject({ kind: 'invalid_request', status: 400, code: 'amount_too_large' });
    expect(await r.adapter.capture(mod('pi_missing', 1), r.ctx())).toMatchObject({ kind: 'invalid_request', status: 404, code: 'resource_missing' });
  });
});

describe('retrieve', () => {
  const timeout = { timeoutMs: 10_000 };

  it('maps each PaymentIntent status, with latest_charge expanded for the refunded amount', async () => {
    const r = rig();
    const held = okValue(await r.adapter.authorize(authorization({ amount: 700, currency: 'GBP' }), r.ctx())).providerPaymentId;
    expect(okValue(await r.adapter.retrieve(held, timeout))).toEqual({
      providerPaymentId: held,
      status: 'authorized',
      amountAuthorized: 700,
      amountCaptured: 0,
      amountRefunded: 0,
      currency: 'GBP',
    });
    expect(r.sent.at(-1)).toMatchObject({ method: 'GET', url: `http://stripe.sim/v1/payment_intents/${held}?expand[]=latest_charge` });
    expect(r.sent.at(-1)!.headers['idempotency-key']).toBeUndefined();

    const captured = okValue(await r.adapter.authorize(authorization({ amount: 900, capture: 'automatic' }), r.ctx())).providerPaymentId;
    okValue(await r.adapter.refund({ paymentId: 'p', providerPaymentId: captured, amount: 250, currency: 'USD' }, r.ctx()));
    expect(okValue(await r.adapter.retrieve(captured, timeout))).toMatchObject({ status: 'captured', amountAuthorized: 900, amountCaptured: 900, amountRefunded: 250 });

    okValue(await r.adapter.void({ paymentId: 'p', providerPaymentId: held, amount: 700, currency: 'GBP' }, r.ctx()));
    expect(okValue(await r.adapter.retrieve(held, timeout))).toMatchObject({ status: 'voided', amountAuthorized: 700, amountCaptured: 0 });

    const declined = await r.adapter.authorize(authorization({ paymentMethod: 'pm_card_chargeDeclined' }), r.ctx());
    if (declined.kind !== 'declined') throw new Error('expected a decline');
    expect(okValue(await r.adapter.retrieve(declined.providerPaymentId!, timeout))).toMatchObject({ status: 'declined', amountAuthorized: 0, amountCaptured: 0 });

    // An intent created without confirming: neither authorized nor refused yet.
    const unconfirmed = await stripeCall(r, 'POST', '/v1/payment_intents', 'amount=300&currency=usd&payment_method=pm_card_visa');
    expect(unconfirmed.body.status).toBe('requires_confirmation');
    expect(okValue(await r.adapter.retrieve(unconfirmed.body.id, timeout))).toMatchObject({ status: 'pending', amountAuthorized: 0 });
  });

  it('an unknown intent is an invalid request (404 resource_missing)', async () => {
    const r = rig();
    expect(await r.adapter.retrieve('pi_unknown', timeout)).toMatchObject({ kind: 'invalid_request', status: 404, code: 'resource_missing' });
  });
});

describe('provider idempotency', () => {
  it('the same key replays the first answer: one authorization at the PSP', async () => {
    const r = rig();
    const request = authorization();
    const first = okValue(await r.adapter.authorize(request, r.ctx('same')));
    const again = okValue(await r.adapter.authorize(request, r.ctx('same')));
    expect(again).toEqual(first);
    expect(r.ledger()).toHaveLength(1);
  });

  it('a replayed decline is the same decline', async () => {
    const r = rig();
    const request = authorization({ paymentMethod: 'pm_card_chargeDeclinedExpiredCard' });
    const first = await r.adapter.authorize(request, r.ctx('declined-key'));
    expect(first).toMatchObject({ kind: 'declined', code: 'expired_card' });
    expect(await r.adapter.authorize(request, r.ctx('declined-key'))).toEqual(first);
  });

  it('the same key with other parameters is an idempotency_error invalid request', async () => {
    const r = rig();
    okValue(await r.adapter.authorize(authorization({ amount: 100 }), r.ctx('reused')));
    expect(await r.adapter.authorize(authorization({ amount: 200 }), r.ctx('reused'))).toMatchObject({ kind: 'invalid_request', status: 400, code: 'idempotency_error' });
    expect(r.ledger()).toHaveLength(1);
  });

  it('the same key while the first call still runs is a retryable 409; once it finished, a retry replays it', async () => {
    const r = rig();
    r.sim.kernel.faults.set({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'latency', ms: 5_000 } }] });
    const request = authorization();
    // The first call gives up (real 50 ms) while the simulator still holds it on its virtual clock.
    expect(await r.adapter.authorize(request, r.ctx('busy', 50))).toMatchObject({ kind: 'indeterminate' });
    expect(await r.adapter.authorize(request, r.ctx('busy'))).toMatchObject({ kind: 'provider_error', status: 409, code: 'idempotency_key_in_use', retryable: true });
    await r.clock.advance(5_000);
    expect(await r.adapter.authorize(request, r.ctx('busy'))).toMatchObject({ kind: 'ok', value: { status: 'authorized' } });
    expect(r.ledger()).toHaveLength(1);
  });
});
