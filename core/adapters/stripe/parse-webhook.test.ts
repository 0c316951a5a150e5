// parseWebhook on hand-made events: signature rules (several v1, clock skew both ways, the
// tolerance option, header case) and the mapping of event types the simulator does not send.
import { describe, expect, it } from 'vitest';
import { createStripeAdapter } from './index.ts';
import { signed } from './sign.test-support.ts';

const SECRET = 'whsec_unit';
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const noFetch = async (): Promise<Response> => {
  throw new Error('no network in these tests');
};
const adapter = createStripeAdapter({ baseUrl: 'http://stripe.sim', apiKey: 'sk_test_unit', webhookSecret: SECRET, fetch: noFetch });

function event(type: string, object: Record<string, unknown>, id = 'evt_unit'): string {
  return JSON.stringify({ id, object: 'event', type, created: NOW / 1000, data: { object } });
}

const intent = (extra: Record<string, unknown> = {}) => ({
  id: 'pi_1',
  object: 'payment_intent',
  amount: 1000,
  amount_capturable: 0,
  amount_received: 0,
  currency: 'usd',
  capture_method: 'manual',
  latest_charge: 'ch_1',
  metadata: { payment_id: 'pay_1' },
  status: 'requires_capture',
  ...extra,
});

const refund = (extra: Record<string, unknown> = {}) => ({ id: 're_1', object: 'refund', amount: 300, currency: 'usd', payment_intent: 'pi_1', metadata: {}, status: 'succeeded', ...extra });

describe('signature', () => {
  const body = event('payment_intent.canceled', intent({ status: 'canceled' }));

  it('accepts a valid signature, whatever the header name case', () => {
    const header = signed(body, SECRET, NOW)['stripe-signature']!;
    expect(adapter.parseWebhook(body, { 'Stripe-Signature': header }, NOW)).toMatchObject({ kind: 'ok' });
    expect(adapter.parseWebhook(body, { 'STRIPE-SIGNATURE': header }, NOW)).toMatchObject({ kind: 'ok' });
  });

  it('accepts any of several v1 signatures (secret roll), rejects when none matches', () => {
    const good = signed(body, SECRET, NOW)['stripe-signature']!;
    const other = signed(body, 'whsec_old', NOW)['stripe-signature']!.split(',')[1]!;
    expect(adapter.parseWebhook(body, { 'stripe-signature': `${other},${good}` }, NOW)).toMatchObject({ kind: 'ok' });
    expect(adapter.parseWebhook(body, { 'stripe-signature': signed(body, 'whsec_old', NOW)['stripe-signature']! }, NOW)).toMatchObject({
      kind: 'rejected',
      reason: 'bad_signature',
    });
  });

  it('rejects a tampered body, a missing header, a header without t or v1, a v0-only header', () => {
    const headers = signed(body, SECRET, NOW);
    expect(adapter.parseWebhook(body.replace('1000', '9000'), headers, NOW)).toMatchObject({ reason: 'bad_signature' });
    expect(adapter.parseWebhook(body, {}, NOW)).toMatchObject({ reason: 'bad_signature' });
    const [t, v1] = headers['stripe-signature']!.split(',') as [string, string];
    expect(adapter.parseWebhook(body, { 'stripe-signature': v1 }, NOW)).toMatchObject({ reason: 'bad_signature' });
    expect(adapter.parseWebhook(body, { 'stripe-signature': t }, NOW)).toMatchObject({ reason: 'bad_signature' });
    expect(adapter.parseWebhook(body, { 'stripe-signature': `${t},${v1.replace('v1=', 'v0=')}` }, NOW)).toMatchObject({ reason: 'bad_signature' });
  });

  it('is stale beyond the tolerance, in the past and in the future; the boundary is accepted', () => {
    expect(adapter.parseWebhook(body, signed(body, SECRET, NOW - 300_000), NOW)).toMatchObject({ kind: 'ok' });
    expect(adapter.parseWebhook(body, signed(body, SECRET, NOW - 301_000), NOW)).toMatchObject({ kind: 'rejected', reason: 'stale' });
    expect(adapter.parseWebhook(body, signed(body, SECRET, NOW + 301_000), NOW)).toMatchObject({ kind: 'rejected', reason: 'stale' });
  });

  it('checks the signature before the age: an old forgery is bad_signature', () => {
    expect(adapter.parseWebhook(body, signed(body, 'whsec_forger', NOW - 3_600_000), NOW)).toMatchObject({ reason: 'bad_signature' });
  });

  it('honours webhookToleranceSeconds', () => {
    const strict = createStripeAdapter({ baseUrl: 'http://stripe.sim', apiKey: 'sk_test_unit', webhookSecret: SECRET, fetch: noFetch, webhookToleranceSeconds: 10 });
    expect(strict.parseWebhook(body, signed(body, SECRET, NOW - 11_000), NOW)).toMatchObject({ reason: 'stale' });
    expect(strict.parseWebhook(body, signed(body, SECRET, NOW - 9_000), NOW)).toMatchObject({ kind: 'ok' });
  });
});

describe('event mapping', () => {
  const parse = (body: string) => adapter.parseWebhook(body, signed(body, SECRET, NOW), NOW);

  it('payment_intent.succeeded for a manual capture is only the capture', () => {
    const body = event('payment_intent.succeeded', intent({ status: 'succeeded', amount_received: 600 }));
    expect(parse(body)).toEqual({
      kind: 'ok',
      events: [{ eventId: 'evt_unit', type: 'captured', providerPaymentId: 'pi_1', providerReference: 'ch_1', paymentId: 'pay_1', amount: 600, currency: 'USD', occurredAt: NOW }],
    });
  });

  it('payment_intent.succeeded for an automatic capture is the authorization, then the capture', () => {
    const body = event('payment_intent.succeeded', intent({ status: 'succeeded', capture_method: 'automatic_async', amount_received: 1000 }));
    const verdict = parse(body);
    expect(verdict).toMatchObject({
      kind: 'ok',
      events: [
        { eventId: 'evt_unit:authorized', type: 'authorized', amount: 1000 },
        { eventId: 'evt_unit', type: 'captured', amount: 1000 },
      ],
    });
  });

  it('amount_capturable_updated is the authorization of amount_capturable', () => {
    expect(parse(event('payment_intent.amount_capturable_updated', intent({ amount_capturable: 1000 })))).toMatchObject({
      kind: 'ok',
      events: [{ type: 'authorized', amount: 1000, paymentId: 'pay_1' }],
    });
  });

  it('payment_failed carries the decline code, else the error code', () => {
    const withDecline = intent({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'lost_card' } });
    expect(parse(event('payment_intent.payment_failed', withDecline))).toMatchObject({ events: [{ type: 'authorization_failed', reason: 'lost_card' }] });
    const codeOnly = intent({ status: 'requires_payment_method', last_payment_error: { code: 'expired_card' } });
    expect(parse(event('payment_intent.payment_failed', codeOnly))).toMatchObject({ events: [{ type: 'authorization_failed', reason: 'expired_card' }] });
  });

  it('refunds: succeeded is refunded, pending is nothing yet, failed and canceled are refund_failed', () => {
    expect(parse(event('refund.updated', refund({ metadata: { payment_id: 'pay_9' } })))).toEqual({
      kind: 'ok',
      events: [{ eventId: 'evt_unit', type: 'refunded', providerPaymentId: 'pi_1', providerReference: 're_1', paymentId: 'pay_9', amount: 300, currency: 'USD', occurredAt: NOW }],
    });
    expect(parse(event('refund.created', refund({ status: 'pending' })))).toEqual({ kind: 'ok', events: [] });
    expect(parse(event('refund.failed', refund({ status: 'failed', failure_reason: 'expired_or_canceled_card' })))).toMatchObject({
      events: [{ type: 'refund_failed', providerReference: 're_1', reason: 'expired_or_canceled_card' }],
    });
    expect(parse(event('charge.refund.updated', refund({ status: 'canceled' })))).toMatchObject({ events: [{ type: 'refund_failed', reason: 'canceled' }] });
    expect(parse(event('refund.created', refund({ payment_intent: { id: 'pi_expanded' } })))).toMatchObject({ events: [{ providerPaymentId: 'pi_expanded' }] });
    expect(parse(event('refund.created', refund({ payment_intent: null })))).toEqual({ kind: 'ok', events: [] });
  });

  it('charge.refunded is ignored: refunds are taken one by one from refund.*', () => {
    const charge = { id: 'ch_1', object: 'charge', amount: 1000, amount_refunded: 500, payment_intent: 'pi_1', currency: 'usd', metadata: {} };
    expect(parse(event('charge.refunded', charge))).toEqual({ kind: 'ok', events: [] });
  });

  it('events the core does not act on map to no events', () => {
    for (const type of ['payment_intent.created', 'charge.succeeded', 'charge.failed', 'charge.captured', 'customer.created', 'constructor', '__proto__']) {
      expect(parse(event(type, { id: 'x', object: 'whatever' }))).toEqual({ kind: 'ok', events: [] });
    }
  });

  it('a mapped type whose object is not what it should be is malformed', () => {
    expect(parse(event('payment_intent.succeeded', refund()))).toMatchObject({ kind: 'rejected', reason: 'malformed' });
    expect(parse(event('refund.created', intent()))).toMatchObject({ kind: 'rejected', reason: 'malformed' });
    expect(parse(event('charge.dispute.created', intent()))).toMatchObject({ kind: 'rejected', reason: 'malformed' });
  });
});
