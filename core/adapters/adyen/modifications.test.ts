// capture, refund, void and retrieve against the real Adyen simulator, each followed to its
// notification: the synchronous answer is only "received", the outcome comes by webhook.
import { describe, expect, it } from 'vitest';
import type { AuthorizeOutcome, ModificationOutcome } from '../types.ts';
import { MERCHANT, START, adyenWorld, authorizeRequest, ctx, modification, okValue } from './test-support.ts';

async function authorized(w: ReturnType<typeof adyenWorld>, amount = 5000, capture: 'manual' | 'automatic' = 'manual') {
  const value = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest({ amount, capture }), ctx()));
  await w.flushEvents(); // the AUTHORISATION notification, out of the way
  return value.providerPaymentId;
}

describe('capture', () => {
  it('partial capture is pending; the CAPTURE notification parses to captured with the amount', async () => {
    const w = adyenWorld();
    const psp = await authorized(w, 5000);
    const result = await w.adapter.capture(modification(psp, 3000), ctx('pay_0001:capture:1'));
    const value = okValue<ModificationOutcome>(result);
    expect(value).toEqual({ providerReference: expect.stringMatching(/^[0-9A-Z]{16}$/), status: 'pending' });
    expect(value.providerReference).not.toBe(psp);

    const req = w.sent.at(-1)!;
    expect(req.url).toBe(`http://adyen.sim/v71/payments/${psp}/captures`);
    expect(req.headers['idempotency-key']).toBe('pay_0001:capture:1');
    expect(req.body).toEqual({ merchantAccount: MERCHANT, reference: 'pay_0001:capture:1', amount: { value: 3000, currency: 'EUR' } });
    expect(w.ledger().filter((m) => m.kind === 'capture').map((m) => [m.id, m.amount])).toEqual([[value.providerReference, 3000]]);

    const events = await w.flushEvents();
    expect(events).toEqual([
      {
        eventId: `CAPTURE:${value.providerReference}:true`,
        type: 'captured',
        providerPaymentId: psp,
        providerReference: value.providerReference,
        amount: 3000,
        currency: 'EUR',
        occurredAt: START,
      },
    ]);
  });

  it('a second partial capture, then one above what is left: accepted, and the notification says capture_failed', async () => {
    const w = adyenWorld();
    const psp = await authorized(w, 5000);
    okValue(await w.adapter.capture(modification(psp, 2000), ctx()));
    okValue(await w.adapter.capture(modification(psp, 2000), ctx()));
    const tooMuch = okValue<ModificationOutcome>(await w.adapter.capture(modification(psp, 2000), ctx()));
    const events = await w.flushEvents();
    expect(events.map((e) => [e.type, e.amount])).toEqual([
      ['captured', 2000],
      ['captured', 2000],
      ['capture_failed', 2000],
    ]);
    expect(events[2]).toMatchObject({ providerReference: tooMuch.providerReference, reason: 'Insufficient balance on payment' });
    expect(w.ledger().filter((m) => m.kind === 'capture').map((m) => m.amount)).toEqual([2000, 2000]);
  });

  it('an unknown pspReference is an invalid request (422, 167)', async () => {
    const w = adyenWorld();
    const result = await w.adapter.capture(modification('ZZZZZZZZZZZZZZZZ', 100), ctx());
    expect(result).toMatchObject({ kind: 'invalid_request', status: 422, code: 'unknown_payment', message: expect.stringContaining('167') });
  });
});

describe('refund', () => {
  it('refunds part of a captured payment: pending, then refunded', async () => {
    const w = adyenWorld();
    const psp = await authorized(w, 4000, 'automatic');
    const value = okValue<ModificationOutcome>(await w.adapter.refund(modification(psp, 1500), ctx('pay_0001:refund:1')));
    expect(value.status).toBe('pending');
    expect(w.sent.at(-1)!.url).toBe(`http://adyen.sim/v71/payments/${psp}/refunds`);
    expect(w.sent.at(-1)!.body).toEqual({ merchantAccount: MERCHANT, reference: 'pay_0001:refund:1', amount: { value: 1500, currency: 'EUR' } });
    expect(await w.flushEvents()).toEqual([
      expect.objectContaining({ type: 'refunded', providerPaymentId: psp, providerReference: value.providerReference, amount: 1500, currency: 'EUR' }),
    ]);
    expect(w.ledger().filter((m) => m.kind === 'refund').map((m) => m.amount)).toEqual([1500]);
  });

  it('a refund of an uncaptured payment is accepted and fails by notification', async () => {
    const w = adyenWorld();
    const psp = await authorized(w, 4000, 'manual');
    okValue(await w.adapter.refund(modification(psp, 1000), ctx()));
    const [event] = await w.flushEvents();
    expect(event).toMatchObject({ type: 'refund_failed', providerPaymentId: psp, reason: expect.any(String) });
    expect(w.ledger().filter((m) => m.kind === 'refund')).toEqual([]);
  });
});

describe('void', () => {
  it('cancels an authorisation: no amount on the wire, pending, then voided', async () => {
    const w = adyenWorld();
    const psp = await authorized(w, 3300);
    const value = okValue<ModificationOutcome>(await w.adapter.void(modification(psp, 3300), ctx('pay_0001:void:1')));
    expect(w.sent.at(-1)!.url).toBe(`http://adyen.sim/v71/payments/${psp}/cancels`);
    expect(w.sent.at(-1)!.body).toEqual({ merchantAccount: MERCHANT, reference: 'pay_0001:void:1' });
    expect(await w.flushEvents()).toEqual([
      expect.objectContaining({ type: 'voided', providerPaymentId: psp, providerReference: value.providerReference, amount: 3300 }),
    ]);
    expect(w.ledger().map((m) => m.kind)).toEqual(['authorization', 'void']);
  });

  it('a cancel after capture fails by notification', async () => {
    const w = adyenWorld();
    const psp = await authorized(w, 3300, 'automatic');
    okValue(await w.adapter.void(modification(psp, 3300), ctx()));
    expect(await w.flushEvents()).toEqual([expect.objectContaining({ type: 'void_failed', providerPaymentId: psp, reason: expect.any(String) })]);
  });
});

describe('retrieve', () => {
  it('is unsupported (Checkout has no lookup) and makes no call', async () => {
    const w = adyenWorld();
    const psp = await authorized(w);
    const calls = w.sent.length;
    expect(await w.adapter.retrieve(psp, { timeoutMs: 1000 })).toEqual({ kind: 'invalid_request', status: 501, code: 'unsupported', message: expect.any(String) });
    expect(w.sent.length).toBe(calls);
  });
});
