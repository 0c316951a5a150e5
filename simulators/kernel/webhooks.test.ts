import { describe, expect, it } from 'vitest';
import type { FaultPlan } from './fault-plan.ts';
import { START, testKernel } from './test-support.ts';

interface Received {
  at: number;
  id: string;
  signedBy: string;
  signAt: number;
}

/** A receiver that answers with the statuses given, in order, then 200. */
function receiver(now: () => number, statuses: number[] = []) {
  const got: Received[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body)) as { id: string };
    got.push({ at: now(), id: body.id, signedBy: headers.get('x-test-signed-by')!, signAt: Number(headers.get('x-test-sign-at')) });
    return new Response('', { status: statuses.shift() ?? 200 });
  };
  return { got, fetch };
}

function setup(plan: FaultPlan = { rules: [] }, statuses: number[] = []) {
  let now = () => START;
  const r = receiver(() => now(), statuses);
  const { kernel, clock } = testKernel({ fetch: r.fetch });
  now = () => clock.now();
  kernel.faults.set(plan);
  kernel.webhooks.addEndpoint({ url: 'http://receiver.test/hook', secret: 'whsec_good' });
  const emit = (id: string, type = 'charge.captured') => kernel.webhooks.emit({ id, type, createdAt: kernel.now(), payload: { id } });
  return { kernel, clock, got: r.got, emit };
}

describe('WebhookDispatcher', () => {
  it('delivers due events and retries failures on the schedule', async () => {
    const { kernel, clock, got, emit } = setup({ rules: [] }, [500, 503]);
    emit('evt_1');
    await kernel.webhooks.deliverDue();
    expect(got.map((g) => g.at - START)).toEqual([0]);
    await clock.advance(999);
    await kernel.webhooks.deliverDue();
    expect(got).toHaveLength(1);
    await clock.advance(1);
    await kernel.webhooks.deliverDue();
    await clock.advance(5_000);
    await kernel.webhooks.deliverDue();
    expect(got.map((g) => g.at - START)).toEqual([0, 1_000, 6_000]);
    expect(kernel.webhooks.summary()).toMatchObject({ delivered: 1, queued: 0 });
  });

  it('gives up after the retry budget and says so', async () => {
    const { kernel, emit } = setup({ rules: [] }, [500, 500, 500, 500, 500]);
    emit('evt_1');
    await kernel.webhooks.flush();
    expect(kernel.webhooks.summary()).toMatchObject({ failed: 1, delivered: 0 });
    expect(kernel.webhooks.list()[0]!.attempts).toHaveLength(4);
  });

  it('duplicates, forges and replays stale copies as the plan says', async () => {
    const { kernel, clock, got, emit } = setup({
      rules: [
        { effect: { type: 'duplicate', copies: 2 } },
        { effect: { type: 'bad_signature' } },
        { effect: { type: 'stale', ageMs: 600_000 } },
      ],
    });
    emit('evt_1');
    await kernel.webhooks.deliverDue();
    expect(got.map((g) => g.signedBy)).toEqual(['forger', 'whsec_good', 'whsec_good', 'whsec_good']);
    await clock.advance(600_000);
    await kernel.webhooks.deliverDue();
    const stale = got[4]!;
    expect(stale.at - START).toBe(600_000);
    expect(stale.signAt).toBe(START);
  });

  it('drops the first attempt and redelivers on the retry schedule', async () => {
    const { kernel, clock, got, emit } = setup({ rules: [{ effect: { type: 'drop' } }] });
    emit('evt_1');
    await kernel.webhooks.deliverDue();
    expect(got).toHaveLength(0);
    await clock.advance(1_000);
    await kernel.webhooks.deliverDue();
    expect(got).toHaveLength(1);
    expect(kernel.webhooks.list()[0]!.attempts[0]).toMatchObject({ lost: true });
  });

  it('lets a later event overtake a reordered one', async () => {
    const { kernel, got, emit } = setup({ rules: [{ nth: 1, effect: { type: 'reorder' } }] });
    emit('evt_first', 'payment_intent.amount_capturable_updated');
    emit('evt_second', 'payment_intent.succeeded');
    await kernel.webhooks.deliverDue();
    await kernel.webhooks.deliverDue();
    expect(got.map((g) => g.id)).toEqual(['evt_second', 'evt_first']);
  });

  it('delays by the given time', async () => {
    const { kernel, clock, got, emit } = setup({ rules: [{ effect: { type: 'delay', ms: 5_000 } }] });
    emit('evt_1');
    await kernel.webhooks.deliverDue();
    expect(got).toHaveLength(0);
    expect(kernel.webhooks.nextDueAt()).toBe(START + 5_000);
    await clock.advance(5_000);
    await kernel.webhooks.deliverDue();
    expect(got).toHaveLength(1);
  });

  it('bounds the queue per endpoint and counts what overflowed', async () => {
    const { kernel, clock } = testKernel();
    const small = new (kernel.webhooks.constructor as typeof import('./webhooks.ts').WebhookDispatcher)({
      clock,
      random: kernel.random,
      fetch: async () => new Response(''),
      faults: kernel.faults,
      encoder: { encode: () => ({ body: '{}', headers: {} }), isAcknowledged: () => true },
      retryDelaysMs: [],
      maxQueuedPerEndpoint: 2,
    });
    small.addEndpoint({ url: 'http://x.test', secret: 's' });
    for (let i = 0; i < 5; i++) small.emit({ id: `e${i}`, type: 't', createdAt: 0, payload: {} });
    expect(small.summary()).toMatchObject({ queued: 2, overflowed: 3 });
  });

  it('remembers at most maxEvents events, forgetting the oldest first', () => {
    const { kernel, clock } = testKernel();
    const small = new (kernel.webhooks.constructor as typeof import('./webhooks.ts').WebhookDispatcher)({
      clock,
      random: kernel.random,
      fetch: async () => new Response(''),
      faults: kernel.faults,
      encoder: { encode: () => ({ body: '{}', headers: {} }), isAcknowledged: () => true },
      retryDelaysMs: [],
      maxEvents: 3,
    });
    for (let i = 0; i < 10; i++) small.emit({ id: `e${i}`, type: 't', createdAt: i, payload: {} });
    expect(small.listEvents().map((e) => e.id)).toEqual(['e7', 'e8', 'e9']);
    expect(small.event('e6')).toBeUndefined();
    expect(small.event('e9')?.createdAt).toBe(9);
  });

  it('sends only event types an endpoint asked for', async () => {
    const { kernel, got } = setup();
    kernel.webhooks.addEndpoint({ url: 'http://other.test', secret: 'whsec_other', enabledEvents: ['refund.created'] });
    kernel.webhooks.emit({ id: 'evt_r', type: 'refund.created', createdAt: 0, payload: { id: 'evt_r' } });
    kernel.webhooks.emit({ id: 'evt_c', type: 'charge.captured', createdAt: 0, payload: { id: 'evt_c' } });
    await kernel.webhooks.flush();
    expect(got.filter((g) => g.signedBy === 'whsec_other').map((g) => g.id)).toEqual(['evt_r']);
  });
});
