// Merchant events: written with the change they announce, relayed at least once.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import { relayOutbox, type OutboxEvent } from './relay.ts';
import { mutantPolicies } from '../mutants/index.ts';
import { DEFAULT_POLICIES } from '../policies.ts';

let w: World;
afterEach(async () => w?.close());

const card = { amount: 3000, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-o' };

describe('outbox', () => {
  it('holds one event per transition, in order, and relays each until the receiver says 2xx', async () => {
    w = await coreWorld();
    const id = (await w.api('POST', '/v1/payments', card)).body.id;
    await w.api('POST', `/v1/payments/${id}/captures`, {});
    const received: OutboxEvent[] = [];
    let failFirst = true;
    w.routes['http://merchant.sim'] = {
      fetch: async (req: Request) => {
        if (failFirst) {
          failFirst = false;
          return new Response('busy', { status: 503 });
        }
        received.push((await req.json()) as OutboxEvent);
        return new Response('ok');
      },
    };
    const target = { url: 'http://merchant.sim/events', fetch: w.net };
    expect(await relayOutbox({ store: w.store, clock: w.clock, target })).toEqual({ delivered: 1, failed: 1 });
    expect(await relayOutbox({ store: w.store, clock: w.clock, target })).toEqual({ delivered: 1, failed: 0 });
    expect(received.map((e) => e.type).sort()).toEqual(['payment.authorized', 'payment.captured']);
    expect(await relayOutbox({ store: w.store, clock: w.clock, target })).toEqual({ delivered: 0, failed: 0 });
  });

  // The planted bug and the correct relay, through the same failing receiver: the mutant marks the
  // event delivered after a failed POST, so the merchant never receives it.
  it('outbox-at-most-once: an event whose POST failed is never sent again; the correct relay sends it once the receiver is back', async () => {
    const scenario = async (mutant?: 'outbox-at-most-once') => {
      w = await coreWorld();
      await w.api('POST', '/v1/payments', card);
      const received: OutboxEvent[] = [];
      let up = false;
      w.routes['http://merchant.sim'] = {
        fetch: async (req: Request) => {
          if (!up) return new Response('down', { status: 503 });
          received.push((await req.json()) as OutboxEvent);
          return new Response('ok');
        },
      };
      const target = { url: 'http://merchant.sim/events', fetch: w.net };
      const delivery = mutant ? mutantPolicies(mutant).outboxDelivery : DEFAULT_POLICIES.outboxDelivery;
      await relayOutbox({ store: w.store, clock: w.clock, target, delivery });
      up = true;
      await relayOutbox({ store: w.store, clock: w.clock, target, delivery });
      const types = received.map((e) => e.type);
      await w.close();
      return types;
    };
    expect(await scenario()).toEqual(['payment.authorized']);
    expect(await scenario('outbox-at-most-once')).toEqual([]);
  });

  it('announces nothing for a change that did not commit', async () => {
    w = await coreWorld();
    const before = await w.db.query('SELECT id FROM outbox');
    const r = await w.api('POST', '/v1/payments/pay_missing/captures', {});
    expect(r.status).toBe(404);
    expect(await w.db.query('SELECT id FROM outbox')).toEqual(before);
  });
});
