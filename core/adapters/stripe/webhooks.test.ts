// Webhooks from the real simulator through the adapter: every genuine delivery verifies and maps
// to the expected events; forged, stale and garbage bodies are rejected with the right reason.
import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from '../types.ts';
import { HANDLED_EVENT_TYPES } from './events.ts';
import { signed } from './sign.test-support.ts';
import { ORIGIN, START, WEBHOOK_SECRET, authorization, okValue, rig, stripeCall, type Delivery } from './test-support.ts';

const stripeType = (d: Delivery): string => JSON.parse(d.body).type;
const events = (d: Delivery): ProviderEvent[] => {
  if (d.verdict.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(d.verdict)}`);
  return d.verdict.events;
};

describe('genuine deliveries', () => {
  it('a full set of lifecycles, to an endpoint created over the API, maps to the expected events', async () => {
    const r = rig();
    const endpoint = await stripeCall(r, 'POST', '/v1/webhook_endpoints', 'url=http%3A%2F%2Fcore.test%2Fwebhooks&enabled_events[]=*');
    expect(endpoint.body.secret).toMatch(/^whsec_/);
    const receiver = r.receiveWith(endpoint.body.secret);
    const mod = (pi: string, amount: number) => ({ paymentId: 'ignored', providerPaymentId: pi, amount, currency: 'USD' });

    const a = authorization({ amount: 1000 });
    const piA = okValue(await r.adapter.authorize(a, r.ctx())).providerPaymentId;
    const capture = okValue(await r.adapter.capture(mod(piA, 600), r.ctx()));
    const refund1 = okValue(await r.adapter.refund({ ...mod(piA, 100), paymentId: a.paymentId }, r.ctx()));
    const refund2 = okValue(await r.adapter.refund({ ...mod(piA, 200), paymentId: a.paymentId }, r.ctx()));
    const b = authorization({ amount: 500, capture: 'automatic' });
    const piB = okValue(await r.adapter.authorize(b, r.ctx())).providerPaymentId;
    const c = authorization({ paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    const declined = await r.adapter.authorize(c, r.ctx());
    const piC = declined.kind === 'declined' ? declined.providerPaymentId : undefined;
    const d = authorization({ amount: 700 });
    const piD = okValue(await r.adapter.authorize(d, r.ctx())).providerPaymentId;
    okValue(await r.adapter.void(mod(piD, 700), r.ctx()));
    const dispute = await r.fetch(`${ORIGIN}/__gauntlet/disputes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: piB, reason: 'fraudulent' }) });
    const { disputeId } = (await dispute.json()) as { disputeId: string };

    await r.sim.kernel.webhooks.flush();
    expect(r.inbox.length).toBeGreaterThan(0);
    // Parse each delivery again, as the core would from its inbox, at its arrival time.
    const verdicts = r.inbox.map((delivery) => receiver.parseWebhook(delivery.body, delivery.headers, delivery.at));
    expect(verdicts.every((v) => v.kind === 'ok')).toBe(true);
    expect(r.inbox.map((x) => x.verdict)).toEqual(verdicts);
    // Each delivered once and acknowledged: no retries, nothing refused.
    expect(r.sim.kernel.webhooks.summary()).toMatchObject({ delivered: r.inbox.length, failed: 0, rejected: 0, queued: 0 });

    // Every event type the simulator sent is one this adapter decided on.
    const sentTypes = [...new Set(r.inbox.map(stripeType))].sort();
    expect(sentTypes.filter((t) => !HANDLED_EVENT_TYPES.includes(t))).toEqual([]);
    expect(sentTypes).toEqual(
      [
        'charge.captured',
        'charge.dispute.created',
        'charge.failed',
        'charge.refunded',
        'charge.succeeded',
        'payment_intent.amount_capturable_updated',
        'payment_intent.canceled',
        'payment_intent.created',
        'payment_intent.payment_failed',
        'payment_intent.succeeded',
        'refund.created',
      ].sort(),
    );

    const mapped = verdicts.flatMap((v) => (v.kind === 'ok' ? v.events : []));
    const view = mapped.map(({ eventId: _e, occurredAt: _o, ...rest }) => rest);
    expect(view).toEqual([
      { type: 'authorized', providerPaymentId: piA, paymentId: a.paymentId, amount: 1000, currency: 'USD' },
      { type: 'captured', providerPaymentId: piA, paymentId: a.paymentId, amount: 600, currency: 'USD', providerReference: capture.providerReference },
      { type: 'refunded', providerPaymentId: piA, paymentId: a.paymentId, amount: 100, currency: 'USD', providerReference: refund1.providerReference },
      { type: 'refunded', providerPaymentId: piA, paymentId: a.paymentId, amount: 200, currency: 'USD', providerReference: refund2.providerReference },
      { type: 'authorized', providerPaymentId: piB, paymentId: b.paymentId, amount: 500, currency: 'USD' },
      { type: 'captured', providerPaymentId: piB, paymentId: b.paymentId, amount: 500, currency: 'USD', providerReference: expect.stringMatching(/^ch_/) },
      { type: 'authorization_failed', providerPaymentId: piC, paymentId: c.paymentId, currency: 'USD', reason: 'insufficient_funds' },
      { type: 'authorized', providerPaymentId: piD, paymentId: d.paymentId, amount: 700, currency: 'USD' },
      { type: 'voided', providerPaymentId: piD, paymentId: d.paymentId, currency: 'USD', providerReference: piD },
      { type: 'disputed', providerPaymentId: piB, amount: 500, currency: 'USD', providerReference: disputeId, reason: 'fraudulent' },
    ]);
    // Event ids: unique, Stripe's own, the automatic capture's authorization derived from its event.
    const ids = mapped.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^evt_\w+(:authorized)?$/.test(id))).toBe(true);
    const autoAuth = mapped.find((e) => e.providerPaymentId === piB && e.type === 'authorized')!;
    const autoCapture = mapped.find((e) => e.providerPaymentId === piB && e.type === 'captured')!;
    expect(autoAuth.eventId).toBe(`${autoCapture.eventId}:authorized`);
    expect(mapped.every((e) => e.occurredAt === START)).toBe(true);
  });

  it('a duplicated delivery maps to the same event ids, so the inbox can dedupe it', async () => {
    const r = rig();
    r.webhookEndpoint();
    r.sim.kernel.faults.set({ rules: [{ match: { event: 'refund.created' }, effect: { type: 'duplicate', copies: 2 } }] });
    const pi = okValue(await r.adapter.authorize(authorization({ capture: 'automatic' }), r.ctx())).providerPaymentId;
    okValue(await r.adapter.refund({ paymentId: 'p', providerPaymentId: pi, amount: 10, currency: 'USD' }, r.ctx()));
    await r.sim.kernel.webhooks.flush();
    const refunds = r.inbox.filter((d) => stripeType(d) === 'refund.created').flatMap(events);
    expect(refunds).toHaveLength(3);
    expect(new Set(refunds.map((e) => e.eventId)).size).toBe(1);
    expect(new Set(refunds.map((e) => e.providerReference)).size).toBe(1);
  });
});

describe('operation ids', () => {
  it('capture and refund send operationId as metadata; their events echo it, the others do not', async () => {
    const r = rig();
    r.webhookEndpoint();
    const pi = okValue(await r.adapter.authorize(authorization({ amount: 1000 }), r.ctx())).providerPaymentId;
    const mod = { paymentId: 'pay_op', providerPaymentId: pi, currency: 'USD' };
    okValue(await r.adapter.capture({ ...mod, amount: 900, operationId: 'op_capture' }, r.ctx()));
    expect(new URLSearchParams(r.sent.at(-1)!.body).get('metadata[operation_id]')).toBe('op_capture');
    okValue(await r.adapter.refund({ ...mod, amount: 100, operationId: 'op_refund_1' }, r.ctx()));
    okValue(await r.adapter.refund({ ...mod, amount: 200, operationId: 'op_refund_2' }, r.ctx()));
    await r.sim.kernel.webhooks.flush();
    const mapped = r.inbox.flatMap(events);
    expect(mapped.map((e) => [e.type, e.operationId])).toEqual([
      ['authorized', undefined],
      ['captured', 'op_capture'],
      ['refunded', 'op_refund_1'],
      ['refunded', 'op_refund_2'],
    ]);
  });
});

describe('forged, stale and garbage deliveries', () => {
  it('bad_signature: the forged copy is rejected and refused with a 4xx; the genuine one follows', async () => {
    const r = rig();
    r.webhookEndpoint();
    r.sim.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.succeeded' }, effect: { type: 'bad_signature' } }] });
    okValue(await r.adapter.authorize(authorization({ capture: 'automatic' }), r.ctx()));
    await r.sim.kernel.webhooks.flush();
    const copies = r.inbox.filter((d) => stripeType(d) === 'payment_intent.succeeded');
    expect(copies).toHaveLength(2);
    expect(r.adapter.parseWebhook(copies[0]!.body, copies[0]!.headers, copies[0]!.at)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
    expect(events(copies[1]!).map((e) => e.type)).toEqual(['authorized', 'captured']);
    const forged = r.sim.kernel.webhooks.list().find((d) => d.kind === 'forged');
    expect(forged?.state).toBe('rejected');
  });

  it('stale: a replay signed with its original time is rejected once the tolerance has passed', async () => {
    const r = rig();
    r.webhookEndpoint();
    r.sim.kernel.faults.set({ rules: [{ match: { event: 'payment_intent.canceled' }, effect: { type: 'stale', ageMs: 600_000 } }] });
    const pi = okValue(await r.adapter.authorize(authorization(), r.ctx())).providerPaymentId;
    okValue(await r.adapter.void({ paymentId: 'p', providerPaymentId: pi, amount: 1000, currency: 'USD' }, r.ctx()));
    await r.sim.kernel.webhooks.deliverDue();
    const fresh = r.inbox.filter((d) => stripeType(d) === 'payment_intent.canceled');
    expect(fresh).toHaveLength(1);
    expect(events(fresh[0]!).map((e) => e.type)).toEqual(['voided']);

    await r.clock.advance(600_000);
    await r.sim.kernel.webhooks.deliverDue();
    const replay = r.inbox.filter((d) => stripeType(d) === 'payment_intent.canceled')[1]!;
    expect(replay.at).toBe(START + 600_000);
    expect(r.adapter.parseWebhook(replay.body, replay.headers, r.clock.now())).toMatchObject({ kind: 'rejected', reason: 'stale' });
    // Only its age condemns it: at its signing time the same bytes verify.
    expect(r.adapter.parseWebhook(replay.body, replay.headers, START)).toMatchObject({ kind: 'ok' });
    expect(r.sim.kernel.webhooks.list().find((d) => d.kind === 'stale')?.state).toBe('rejected');
  });

  it('garbage: unsigned is bad_signature; signed but not a Stripe event is malformed', () => {
    const r = rig();
    const now = START;
    expect(r.adapter.parseWebhook('garbage', {}, now)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
    expect(r.adapter.parseWebhook('garbage', { 'stripe-signature': 't=1,v1=00' }, now)).toMatchObject({ kind: 'rejected', reason: 'bad_signature' });
    for (const body of ['garbage', '{"id":', '[]', 'null', '{"id":"evt_1","type":"payment_intent.succeeded"}', '{"id":"evt_1","type":"x","created":"soon","data":{"object":{}}}']) {
      expect(r.adapter.parseWebhook(body, signed(body, WEBHOOK_SECRET, now), now)).toMatchObject({ kind: 'rejected', reason: 'malformed' });
    }
  });

  it('acknowledge: 200 {"received":true} as JSON', () => {
    const r = rig();
    expect(r.adapter.acknowledge()).toEqual({ status: 200, body: '{"received":true}', contentType: 'application/json' });
  });
});
