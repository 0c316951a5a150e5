// Notifications from the real simulator, through the adapter's parseWebhook: genuine ones give
// the expected events, forged, tampered, unsigned and garbled ones are rejected.
import { describe, expect, it } from 'vitest';
import type { AuthorizeOutcome, ModificationOutcome } from '../types.ts';
import { sign } from './hmac.ts';
import { HMAC_KEY, MERCHANT, OTHER_HMAC_KEY, START, adyenWorld, authorizeRequest, ctx, modification, okValue } from './test-support.ts';

describe('genuine notifications', () => {
  it('AUTHORISATION success → authorized, with the core payment id from merchantReference', async () => {
    const w = adyenWorld();
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest({ paymentId: 'pay_xyz', amount: 1234, currency: 'USD' }), ctx())).providerPaymentId;
    expect(await w.flushEvents()).toEqual([
      { eventId: `AUTHORISATION:${psp}:true`, type: 'authorized', providerPaymentId: psp, paymentId: 'pay_xyz', amount: 1234, currency: 'USD', occurredAt: START },
    ]);
    expect(w.sim.kernel.webhooks.summary()).toMatchObject({ delivered: 1, rejected: 0, failed: 0 });
  });

  it('AUTHORISATION failure → authorization_failed with Adyen\'s reason', async () => {
    const w = adyenWorld();
    const result = await w.adapter.authorize(authorizeRequest({ paymentId: 'pay_poor', paymentMethod: 'holder:NOT_ENOUGH_BALANCE' }), ctx());
    const psp = result.kind === 'declined' ? result.providerPaymentId : undefined;
    expect(await w.flushEvents()).toEqual([
      expect.objectContaining({ eventId: `AUTHORISATION:${psp}:false`, type: 'authorization_failed', providerPaymentId: psp, paymentId: 'pay_poor', reason: 'Not enough balance' }),
    ]);
  });

  it('the event time is Adyen\'s eventDate, not the receiving time', async () => {
    const w = adyenWorld();
    okValue(await w.adapter.authorize(authorizeRequest(), ctx()));
    await w.clock.advance(90_000);
    const [event] = await w.flushEvents();
    expect(event!.occurredAt).toBe(START);
  });

  it('a modification\'s event carries no paymentId (its merchantReference is the modification\'s reference)', async () => {
    const w = adyenWorld();
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest(), ctx())).providerPaymentId;
    okValue(await w.adapter.capture(modification(psp, 100), ctx('pay_0001:capture:1')));
    const events = await w.flushEvents();
    const captured = events.find((e) => e.type === 'captured')!;
    expect(captured.paymentId).toBeUndefined();
    expect(JSON.parse(w.received.at(-1)!.body).notificationItems[0].NotificationRequestItem.merchantReference).toBe('pay_0001:capture:1');
  });

  it('CHARGEBACK → disputed, about the original payment', async () => {
    const w = adyenWorld();
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest({ amount: 2000, capture: 'automatic' }), ctx())).providerPaymentId;
    await w.flushEvents();
    const res = await w.fetch('http://adyen.sim/__gauntlet/disputes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paymentId: psp, amount: 800, reason: 'fraudulent' }),
    });
    expect(res.status).toBeLessThan(300);
    expect(await w.flushEvents()).toEqual([
      expect.objectContaining({ type: 'disputed', providerPaymentId: psp, providerReference: expect.any(String), amount: 800, currency: 'EUR', reason: 'Other Fraud-Card Absent Environment' }),
    ]);
  });

  it('duplicates and stale replays verify (Adyen\'s HMAC has no timestamp) and share one eventId for the inbox to dedupe', async () => {
    const w = adyenWorld();
    w.sim.kernel.faults.set({
      rules: [
        { match: { event: 'AUTHORISATION' }, effect: { type: 'duplicate', copies: 1 } },
        { match: { event: 'AUTHORISATION' }, effect: { type: 'stale', ageMs: 3_600_000 } },
      ],
    });
    okValue(await w.adapter.authorize(authorizeRequest(), ctx()));
    // A stale replay goes out only once its hour has passed.
    const fresh = await w.flushEvents();
    expect(fresh).toHaveLength(2);
    await w.clock.advance(3_600_000);
    const events = [...fresh, ...(await w.flushEvents())];
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(1);
    expect(w.received.every((r) => r.verdict.kind === 'ok')).toBe(true);
  });

  it('an endpoint registered over the control API with its own key: verified by an adapter holding that key, refused by one with another', async () => {
    const w = adyenWorld();
    const url = 'http://core.test/webhooks/adyen-second';
    const res = await w.fetch('http://adyen.sim/__gauntlet/webhook-endpoints', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, secret: OTHER_HMAC_KEY }),
    });
    expect(res.status).toBe(201);
    w.receivers.set(url, w.makeAdapter(OTHER_HMAC_KEY));
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest(), ctx())).providerPaymentId;
    await w.flushEvents();
    const toSecond = w.received.filter((r) => r.url === url);
    expect(toSecond.map((r) => r.verdict)).toEqual([{ kind: 'ok', events: [expect.objectContaining({ type: 'authorized', providerPaymentId: psp })] }]);
    expect(w.adapter.parseWebhook(toSecond[0]!.body, {}, START)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
  });
});

describe('forged and broken notifications', () => {
  it('a bad_signature fault\'s forged copy is rejected; the genuine one still parses', async () => {
    const w = adyenWorld();
    const psp = okValue<AuthorizeOutcome>(await w.adapter.authorize(authorizeRequest({ amount: 5000 }), ctx())).providerPaymentId;
    await w.flushEvents();
    w.sim.kernel.faults.set({ rules: [{ match: { event: 'CAPTURE' }, effect: { type: 'bad_signature' } }] });
    const capture = okValue<ModificationOutcome>(await w.adapter.capture(modification(psp, 5000), ctx()));
    const before = w.received.length;
    await w.sim.kernel.webhooks.flush();
    const verdicts = w.received.slice(before).map((r) => r.verdict);
    expect(verdicts).toEqual([
      { kind: 'rejected', reason: 'bad_signature', message: expect.stringContaining('does not match') },
      { kind: 'ok', events: [expect.objectContaining({ type: 'captured', providerReference: capture.providerReference, amount: 5000 })] },
    ]);
    expect(w.sim.kernel.webhooks.summary()).toMatchObject({ rejected: 1 });
  });

  it('a tampered amount breaks the signature', async () => {
    const w = adyenWorld();
    okValue(await w.adapter.authorize(authorizeRequest({ amount: 100 }), ctx()));
    await w.flushEvents();
    const body = JSON.parse(w.received[0]!.body);
    body.notificationItems[0].NotificationRequestItem.amount.value = 100_000;
    expect(w.adapter.parseWebhook(JSON.stringify(body), {}, START)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
  });

  it('one forged item rejects the whole batch', async () => {
    const w = adyenWorld();
    okValue(await w.adapter.authorize(authorizeRequest(), ctx()));
    await w.flushEvents();
    const genuine = JSON.parse(w.received[0]!.body).notificationItems[0];
    const forged = structuredClone(genuine);
    forged.NotificationRequestItem.pspReference = 'FORGEDFORGED0000';
    const verdict = w.adapter.parseWebhook(JSON.stringify({ live: 'false', notificationItems: [genuine, forged] }), {}, START);
    expect(verdict).toMatchObject({ kind: 'rejected', reason: 'bad_signature', message: expect.stringContaining('notificationItems[1]') });
    // …and the same batch without the forgery is fine.
    expect(w.adapter.parseWebhook(JSON.stringify({ live: 'false', notificationItems: [genuine] }), {}, START)).toMatchObject({ kind: 'ok' });
  });

  it('an unsigned item is rejected', async () => {
    const w = adyenWorld();
    okValue(await w.adapter.authorize(authorizeRequest(), ctx()));
    await w.flushEvents();
    const body = JSON.parse(w.received[0]!.body);
    delete body.notificationItems[0].NotificationRequestItem.additionalData.hmacSignature;
    expect(w.adapter.parseWebhook(JSON.stringify(body), {}, START)).toMatchObject({ kind: 'rejected', reason: 'bad_signature', message: expect.stringContaining('not signed') });
  });

  const GARBAGE: [string, string][] = [
    ['not JSON', 'not json at all'],
    ['empty', ''],
    ['an array', '[]'],
    ['no notificationItems', '{"live":"false"}'],
    ['empty notificationItems', '{"live":"false","notificationItems":[]}'],
    ['an item without NotificationRequestItem', '{"live":"false","notificationItems":[{"foo":1}]}'],
    [
      'an item without pspReference',
      JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: { eventCode: 'AUTHORISATION', success: 'true', merchantAccountCode: MERCHANT, merchantReference: 'p', amount: { value: 1, currency: 'EUR' }, eventDate: '2026-03-02T09:00:00+00:00' } }] }),
    ],
    [
      'an item with a non-integer amount',
      JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: { pspReference: 'A', eventCode: 'AUTHORISATION', success: 'true', merchantAccountCode: MERCHANT, merchantReference: 'p', amount: { value: '1', currency: 'EUR' }, eventDate: '2026-03-02T09:00:00+00:00' } }] }),
    ],
  ];
  for (const [what, body] of GARBAGE) {
    it(`malformed: ${what}`, () => {
      const w = adyenWorld();
      expect(w.adapter.parseWebhook(body, {}, START)).toMatchObject({ kind: 'rejected', reason: 'malformed' });
    });
  }
});

describe('correctly signed items the core does not act on', () => {
  const item = (over: Record<string, unknown>) => {
    const base: Record<string, any> = {
      pspReference: 'EVT0000000000001',
      merchantAccountCode: MERCHANT,
      merchantReference: 'pay_0001',
      amount: { value: 500, currency: 'EUR' },
      eventCode: 'REPORT_AVAILABLE',
      eventDate: '2026-03-02T09:00:00+00:00',
      success: 'true',
      ...over,
    };
    base.additionalData = { ...(base.additionalData ?? {}), hmacSignature: sign(base, Buffer.from(HMAC_KEY, 'hex')) };
    return { live: 'false', notificationItems: [{ NotificationRequestItem: base }] };
  };

  it('an unmapped eventCode is accepted with no event', () => {
    const w = adyenWorld();
    expect(w.adapter.parseWebhook(JSON.stringify(item({})), {}, START)).toEqual({ kind: 'ok', events: [] });
  });

  it('another merchant account\'s notification is accepted with no event', () => {
    const w = adyenWorld();
    expect(w.adapter.parseWebhook(JSON.stringify(item({ eventCode: 'AUTHORISATION', merchantAccountCode: 'OtherAccount' })), {}, START)).toEqual({ kind: 'ok', events: [] });
    expect(w.adapter.parseWebhook(JSON.stringify(item({ eventCode: 'AUTHORISATION' })), {}, START)).toMatchObject({ kind: 'ok', events: [{ type: 'authorized' }] });
  });

  it('CAPTURE_FAILED and REFUND_FAILED are failures whatever success says; CANCEL_OR_REFUND follows modification.action', () => {
    const w = adyenWorld();
    const parse = (over: Record<string, unknown>) => w.adapter.parseWebhook(JSON.stringify(item({ originalReference: 'PAY0000000000001', ...over })), {}, START);
    expect(parse({ eventCode: 'CAPTURE_FAILED', reason: 'Capture refused by scheme' })).toMatchObject({
      kind: 'ok',
      events: [{ type: 'capture_failed', providerPaymentId: 'PAY0000000000001', providerReference: 'EVT0000000000001', reason: 'Capture refused by scheme' }],
    });
    expect(parse({ eventCode: 'REFUND_FAILED' })).toMatchObject({ kind: 'ok', events: [{ type: 'refund_failed' }] });
    expect(parse({ eventCode: 'CANCEL_OR_REFUND', additionalData: { 'modification.action': 'cancel' } })).toMatchObject({ kind: 'ok', events: [{ type: 'voided' }] });
    expect(parse({ eventCode: 'CANCEL_OR_REFUND', additionalData: { 'modification.action': 'refund' } })).toMatchObject({ kind: 'ok', events: [{ type: 'refunded' }] });
  });

  it('a modification notification without originalReference is malformed', () => {
    const w = adyenWorld();
    expect(w.adapter.parseWebhook(JSON.stringify(item({ eventCode: 'CAPTURE' })), {}, START)).toMatchObject({ kind: 'rejected', reason: 'malformed' });
  });
});

describe('acknowledge', () => {
  it('answers 200 [accepted] as text/plain', () => {
    expect(adyenWorld().adapter.acknowledge()).toEqual({ status: 200, body: '[accepted]', contentType: 'text/plain' });
  });
});
