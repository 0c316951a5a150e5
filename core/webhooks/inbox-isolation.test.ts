// One stored event that cannot be applied must not stop the others: it is retried with backoff on
// the injected clock and dead-lettered after the policy's attempts, while the events after it are
// applied (each webhook was already acknowledged with 200, so the PSP will never send it again: a
// blocked inbox is lost money).
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import { DEFAULT_INBOX_RETRY, retryDelayMs } from './retry-policy.ts';

let w: World;
afterEach(async () => w?.close());

const card = { amount: 2500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-poison' };

describe('webhook inbox isolation', () => {
  it('applies the events after one that throws, retries it with backoff on the clock, and dead-letters it', async () => {
    w = await coreWorld();
    await w.api('POST', '/v1/payments', card);
    await w.drainWebhooks();
    // A genuine stored event, stored again under a new id as pending: applying it must succeed.
    const [genuine] = await w.db.query<{ event: string }>(`SELECT event FROM webhook_inbox WHERE provider = 'stripe' LIMIT 1`);
    expect(genuine).toBeDefined();
    // The poisons sort first (earlier received_at): an event whose apply throws, and a body that is not JSON.
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_poison', 0, 'null', 'pending')`);
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_garbled', 0, '{"type":', 'pending')`);
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_after', 1, $1, 'pending')`, [genuine!.event]);

    expect(await w.core.inbox.drain()).toBe(1);
    const state = async (id: string) =>
      (await w.db.query<{ state: string; attempts: number; outcome: string | null; next_attempt_at: string | number | null; dead_at: string | number | null }>(
        `SELECT state, attempts, outcome, next_attempt_at, dead_at FROM webhook_inbox WHERE event_id = $1`,
        [id],
      ))[0]!;
    expect(['applied', 'ignored']).toContain((await state('evt_after')).state);
    expect(await state('evt_poison')).toMatchObject({ state: 'pending', attempts: 1, outcome: expect.stringMatching(/^apply failed \(attempt 1 of 10\): /) });
    expect(await state('evt_garbled')).toMatchObject({ state: 'pending', attempts: 1 });

    // Not retried before its time: draining again at once, or a millisecond early, changes nothing.
    const policy = DEFAULT_INBOX_RETRY;
    for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
      const wait = Number((await state('evt_poison')).next_attempt_at) - w.clock.now();
      expect(wait).toBe(retryDelayMs(policy, attempt));
      await w.clock.advance(wait - 1);
      await w.core.inbox.drain();
      expect((await state('evt_poison')).attempts).toBe(attempt);
      await w.clock.advance(1);
      await w.core.inbox.drain();
      expect((await state('evt_poison')).attempts).toBe(attempt + 1);
    }
    expect(await state('evt_poison')).toMatchObject({ state: 'dead_letter', attempts: policy.maxAttempts, next_attempt_at: null, dead_at: expect.anything() });
    expect((await state('evt_garbled')).state).toBe('dead_letter');
    // Nothing pending is left behind it, and the drain answers normally.
    expect(await w.core.inbox.drain()).toBe(0);
    // Visible in the metrics.
    const metrics = await (await w.core.app.fetch(new Request('http://core.sim/metrics'))).text();
    expect(metrics).toContain('gauntlet_webhooks_parked{provider="stripe",state="dead_letter"} 2');
    expect(metrics).toContain('gauntlet_webhook_dead_letters_total{provider="stripe",reason="apply_failed"} 2');
  }, 60_000);

  it('an event that overtook the one it depends on (a refund before its capture) is tried again on every drain, without backoff', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', card)).body.id;
    await w.drainWebhooks();
    const psp = (await w.api('GET', `/v1/payments/${id}`)).body.providerPaymentId!;
    // A refund made in the dashboard, whose notification arrives before the capture is known.
    const refund = { eventId: 'evt_early_refund', type: 'refunded', providerPaymentId: psp, providerReference: 're_early', amount: 1000, currency: 'USD', occurredAt: w.clock.now() };
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_early_refund', $1, $2, 'pending')`, [w.clock.now(), JSON.stringify(refund)]);
    const row = async () => (await w.db.query<{ state: string; attempts: number; outcome: string; next_attempt_at: unknown }>(`SELECT state, attempts, outcome, next_attempt_at FROM webhook_inbox WHERE event_id = 'evt_early_refund'`))[0]!;
    await w.core.inbox.drain();
    await w.core.inbox.drain();
    expect(await row()).toMatchObject({ state: 'pending', attempts: 2, next_attempt_at: null, outcome: expect.stringMatching(/^waiting for an earlier event \(attempt 2 of 50\)/) });
    await w.api('POST', `/v1/payments/${id}/captures`, {});
    await w.drainWebhooks();
    expect((await row()).state).toBe('applied');
    expect((await w.api('GET', `/v1/payments/${id}`)).body).toMatchObject({ amounts: { captured: 2500, refunded: 1000 } });
  });

  it('the backoff doubles from the base and stops at the cap', () => {
    const policy = { maxAttempts: 20, baseDelayMs: 1_000, maxDelayMs: 60_000 };
    expect(Array.from({ length: 8 }, (_, i) => retryDelayMs(policy, i + 1))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(retryDelayMs(policy, 5_000)).toBe(60_000);
  });
});
