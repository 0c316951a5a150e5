// drainIfDue skips a drain's query only when that query would have found nothing: every skip is
// checked here against the query itself, and every time a row can be due it must query.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import { DEFAULT_INBOX_RETRY, retryDelayMs } from './retry-policy.ts';
import { postStripe } from './signed.test-support.ts';

let w: World;
afterEach(async () => w?.close());

/** Counts the drain's queries on the core's store. */
function countQueries(x: World): { readonly n: number } {
  const inbox = x.core.store.inbox;
  const original = inbox.listDueAndNext.bind(inbox);
  const counter = { n: 0 };
  (inbox as { listDueAndNext: typeof original }).listDueAndNext = (now, limit) => {
    counter.n += 1;
    return original(now, limit);
  };
  return counter;
}

/** drainIfDue, and whether it queried; a skip must be a drain that would have found nothing. */
async function drainIfDue(x: World, queries: { readonly n: number }, limit?: number): Promise<boolean> {
  const before = queries.n;
  await x.core.inbox.drainIfDue(limit);
  const queried = queries.n > before;
  if (!queried) expect(await x.core.store.inbox.listDue(x.clock.now(), 500)).toEqual([]);
  return queried;
}

describe('webhook inbox drainIfDue', () => {
  it('queries first, then not while nothing is pending', async () => {
    w = await coreWorld();
    const queries = countQueries(w);
    expect(await drainIfDue(w, queries)).toBe(true);
    expect(await drainIfDue(w, queries)).toBe(false);
    await w.clock.advance(60_000);
    expect(await drainIfDue(w, queries)).toBe(false);
  });

  it('skips until a failed event is due again, then queries and retries it', async () => {
    w = await coreWorld();
    const queries = countQueries(w);
    // Stored before this core looked (as a previous process would have left it): a plain drain learns it.
    await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', 'evt_poison', 0, 'null', 'pending')`);
    await w.core.inbox.drain();
    const attempts = async () => (await w.core.store.inbox.get('stripe', 'evt_poison'))!.attempts;
    expect(await attempts()).toBe(1);
    for (let attempt = 1; attempt < 4; attempt++) {
      const wait = retryDelayMs(DEFAULT_INBOX_RETRY, attempt);
      expect(await drainIfDue(w, queries)).toBe(false);
      await w.clock.advance(wait - 1);
      expect(await drainIfDue(w, queries)).toBe(false);
      await w.clock.advance(1);
      expect(await drainIfDue(w, queries)).toBe(true);
      expect(await attempts()).toBe(attempt + 1);
    }
  });

  it('queries on every drain while an event waits for its payment, and after a receive or a replay', async () => {
    w = await coreWorld();
    const queries = countQueries(w);
    await drainIfDue(w, queries);
    // An event about a payment the core does not know yet: pending, tried on every drain.
    expect((await postStripe(w, { id: 'evt_early', type: 'payment_intent.succeeded', object: { id: 'pi_unknown', object: 'payment_intent', amount: 100, currency: 'usd', metadata: {} } })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect(await drainIfDue(w, queries)).toBe(true);
    // Parked as an orphan, then nothing is due; a replay puts it back.
    await w.db.query(`UPDATE webhook_inbox SET state = 'orphan' WHERE event_id = 'evt_early'`);
    await w.core.inbox.drain();
    expect(await drainIfDue(w, queries)).toBe(false);
    expect(await w.core.inbox.replay('stripe', 'evt_early')).toBe(true);
    expect(await drainIfDue(w, queries)).toBe(true);
  });

  it('queries again after a drain that stopped at its limit', async () => {
    w = await coreWorld();
    const queries = countQueries(w);
    for (const id of ['evt_1', 'evt_2']) {
      await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', $1, 0, 'null', 'pending')`, [id]);
    }
    expect(await drainIfDue(w, queries, 1)).toBe(true);
    expect(await drainIfDue(w, queries, 1)).toBe(true);
    expect(await drainIfDue(w, queries, 1)).toBe(true);
    // Both now wait for their retry: nothing is due, and a full drain knew it.
    expect(await drainIfDue(w, queries)).toBe(false);
  });
});
