// relayOutboxIfAny skips the relay's query only when that query would have found nothing: every
// skip is checked against the outbox itself, and a relay that left anything behind or an enqueue
// since makes the next one query.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const card = { amount: 3000, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: 'order-r' };

/** A world whose core relays to the merchant receiver at http://merchant.sim, up or down as `up` says. */
async function world(state: { up: boolean }): Promise<World> {
  const x = await coreWorld({ shape: (options) => ({ ...options, outbox: { url: 'http://merchant.sim/events', fetch: options.env.fetch } }) });
  x.routes['http://merchant.sim'] = { fetch: async () => (state.up ? new Response('ok') : new Response('down', { status: 503 })) };
  return x;
}

/** Counts the relay's queries on the core's store. */
function countQueries(x: World): { readonly n: number } {
  const outbox = x.core.store.outbox;
  const original = outbox.listUndelivered.bind(outbox);
  const counter = { n: 0 };
  (outbox as { listUndelivered: typeof original }).listUndelivered = (limit) => {
    counter.n += 1;
    return original(limit);
  };
  return counter;
}

/** relayOutboxIfAny, and whether it queried; a skip must be a relay that would have found nothing. */
async function relayIfAny(x: World, queries: { readonly n: number }): Promise<boolean> {
  const before = queries.n;
  expect(await x.core.relayOutboxIfAny()).toBeDefined();
  const queried = queries.n > before;
  if (!queried) expect(await x.db.query('SELECT id FROM outbox WHERE delivered_at IS NULL')).toEqual([]);
  return queried;
}

describe('Core relayOutboxIfAny', () => {
  it('queries first, then not until something is enqueued', async () => {
    const state = { up: true };
    w = await world(state);
    const queries = countQueries(w);
    expect(await relayIfAny(w, queries)).toBe(true);
    expect(await relayIfAny(w, queries)).toBe(false);
    const id = (await w.api('POST', '/v1/payments', card)).body.id as string;
    expect(await relayIfAny(w, queries)).toBe(true);
    expect(await relayIfAny(w, queries)).toBe(false);
    await w.api('POST', `/v1/payments/${id}/captures`, {});
    expect(await relayIfAny(w, queries)).toBe(true);
    expect(await relayIfAny(w, queries)).toBe(false);
  });

  it('queries on every relay while an event is left undelivered', async () => {
    const state = { up: false };
    w = await world(state);
    const queries = countQueries(w);
    await w.api('POST', '/v1/payments', card);
    for (let i = 0; i < 3; i++) expect(await relayIfAny(w, queries)).toBe(true);
    state.up = true;
    expect(await w.core.relayOutboxIfAny()).toEqual({ delivered: 1, failed: 0 });
    expect(await relayIfAny(w, queries)).toBe(false);
  });
});
