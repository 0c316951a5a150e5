// Stripe's declining test PaymentMethods through stripe-node: a StripeCardError with Stripe's
// code and decline_code, the PaymentIntent back to requires_payment_method, no money moved.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../serve.ts';
import type { StripeSimulator } from './index.ts';
import { overHttp } from './test-support.ts';

let sim: StripeSimulator;
let server: RunningSimulator;
let stripe: Stripe;

beforeAll(async () => {
  ({ sim, server, stripe } = await overHttp(11, globalThis.fetch));
});
afterAll(() => server.close());

const DECLINES: [pm: string, code: string, declineCode: string, last4: string][] = [
  ['pm_card_chargeDeclined', 'card_declined', 'generic_decline', '0002'],
  ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', '9995'],
  ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card', '9987'],
  ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card', '9979'],
  ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', '0069'],
  ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc', '0127'],
  ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error', '0119'],
  ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent', '0019'],
];

describe('declining test PaymentMethods', () => {
  it.each(DECLINES)('%s → 402 %s / %s', async (pm, code, declineCode, last4) => {
    const err = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm, confirm: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const card = err as Stripe.errors.StripeCardError;
    expect(card.statusCode).toBe(402);
    expect(card.code).toBe(code);
    expect(card.decline_code).toBe(declineCode);
    expect(card.message).toEqual(expect.any(String));
    expect(card.raw).toMatchObject({ type: 'card_error', charge: expect.stringMatching(/^ch_/) });

    const pi = card.payment_intent!;
    expect(pi.status).toBe('requires_payment_method');
    // Stripe detaches the failed method from the intent; it stays visible on the error.
    expect(pi.payment_method).toBeNull();
    expect(pi.last_payment_error?.payment_method?.id).toBe(pm);
    expect(pi.last_payment_error).toMatchObject({ code, decline_code: declineCode, charge: (card.raw as { charge: string }).charge });
    expect(sim.kernel.ledger.forPayment(pi.id)).toEqual([]);

    const charge = await stripe.charges.retrieve((card.raw as { charge: string }).charge);
    expect(charge).toMatchObject({ status: 'failed', paid: false, captured: false, failure_code: code });
    expect(charge.payment_method_details?.card?.last4).toBe(last4);
    const retrieved = await stripe.paymentIntents.retrieve(pi.id);
    expect(retrieved.status).toBe('requires_payment_method');
  });

  it('a declined PaymentIntent can be confirmed again with a good card', async () => {
    const err = (await stripe.paymentIntents
      .create({ amount: 700, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const id = err.payment_intent!.id;
    const retried = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('requires_capture');
    expect(retried.last_payment_error).toBeNull();
    expect(sim.kernel.ledger.forPayment(id).map((m) => m.kind)).toEqual(['authorization']);
  });

  it('an unknown payment_method is a 400 resource_missing and creates nothing', async () => {
    const before = sim.kernel.payments.all().length;
    await expect(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_nope', confirm: true })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_method',
    });
    expect(sim.kernel.payments.all().length).toBe(before);
  });
});
