// One stored event that cannot be applied must not stop the others: it is retried on later drains
// and dead-lettered after 50 attempts, while the events after it are applied (each webhook was
// already acknowledged with 200, so the PSP will never send it again: a blocked inbox is lost money).
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const card = { amount: 2500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-poison' };

describe('webhook inbox isolation', () => {
  it('applies the events after one that throws, and dead-letters the poisoned one after 50 attempts', async () => {
    w = await coreWorld();
    await w.api('POST', '/v1/payments', card);
    await w.drainWebhooks();
    // A genuine stored event, stored again under a new id as pending: applying it must succeed.
    const [genuine] = await w.db.query<{ event: string }>(`SELECT event FROM webhook_inbox WHERE provider = 'stripe' LIMIT 1`);
    expect(genuine).toBeDefined();
    // The poison sorts first (earlier received_at): an event whose apply throws.
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_poison', 0, 'null', 'pending')`);
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_after', 1, $1, 'pending')`, [genuine!.event]);

    expect(await w.core.inbox.drain()).toBe(1);
    const state = async (id: string) => (await w.db.query<{ state: string; attempts: number; outcome: string | null }>(`SELECT state, attempts, outcome FROM webhook_inbox WHERE event_id = $1`, [id]))[0]!;
    expect((await state('evt_after')).state).not.toBe('pending');
    expect(await state('evt_poison')).toMatchObject({ state: 'pending', attempts: 1, outcome: expect.stringMatching(/^apply failed: /) });

    for (let i = 1; i < 50; i++) await w.core.inbox.drain();
    expect(await state('evt_poison')).toMatchObject({ state: 'dead_letter', attempts: 50 });
    // Nothing pending is left behind it, and the drain answers normally.
    expect(await w.core.inbox.drain()).toBe(0);
  }, 60_000);
});
