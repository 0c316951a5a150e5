// The admin API over parked webhook events: behind a bearer token, lists dead letters with why they
// were parked, replays one once its cause is fixed; the reconciliation answer counts them.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import { postStripe } from '../webhooks/signed.test-support.ts';

let w: World;
afterEach(async () => w?.close());

const TOKEN = 'admin-token-for-this-test-only';
const order = { amount: 2500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual' };

async function admin(x: World, method: string, path: string, token: string | null = TOKEN) {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const res = await x.core.app.fetch(new Request(`http://core.sim${path}`, { method, headers }));
  return { status: res.status, body: (await res.json()) as any };
}

/** Two payments whose capture events both claim charge ch_same: the second is dead-lettered. */
async function conflict(x: World) {
  const ids: { id: string; psp: string }[] = [];
  for (const reference of ['dl-a', 'dl-b']) {
    const id = (await x.api('POST', '/v1/payments', { ...order, reference })).body.id;
    await x.drainWebhooks();
    ids.push({ id, psp: (await x.api('GET', `/v1/payments/${id}`)).body.providerPaymentId! });
  }
  for (const [i, p] of ids.entries()) {
    const object = { id: p.psp, object: 'payment_intent', amount: 2500, amount_received: 2500, currency: 'usd', capture_method: 'manual', latest_charge: 'ch_same', metadata: { payment_id: p.id } };
    expect((await postStripe(x, { id: `evt_dl_${i}`, type: 'payment_intent.succeeded', object })).status).toBe(200);
  }
  await x.core.inbox.drain();
  return ids;
}

describe('dead-letter admin API', () => {
  it('is off without an admin token, and refuses a missing or wrong token', async () => {
    w = await coreWorld();
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters')).toMatchObject({ status: 403, body: { error: { code: 'admin_disabled' } } });
    await w.close();
    w = await coreWorld({ core: { adminToken: TOKEN } });
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters', null)).toMatchObject({ status: 401, body: { error: { code: 'admin_token_missing' } } });
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters', `${TOKEN}x`)).toMatchObject({ status: 401, body: { error: { code: 'admin_token_invalid' } } });
    expect(await admin(w, 'POST', '/v1/webhooks/dead-letters/stripe:evt_x/replay', 'nope')).toMatchObject({ status: 401 });
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters')).toMatchObject({ status: 200, body: { object: 'list', data: [] } });
  });

  it('lists a dead letter with its reason, counts it in reconciliation, and replays it once the cause is fixed', async () => {
    w = await coreWorld({ core: { adminToken: TOKEN } });
    const [a, b] = await conflict(w);
    const list = await admin(w, 'GET', '/v1/webhooks/dead-letters?state=dead_letter');
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ id: 'stripe:evt_dl_1', provider: 'stripe', eventId: 'evt_dl_1', state: 'dead_letter', type: 'captured', attempts: 1, reason: expect.stringMatching(/^conflict: .*ch_same/) }),
    ]);
    expect((await admin(w, 'GET', '/v1/webhooks/dead-letters/stripe:evt_dl_1')).body).toMatchObject({ id: 'stripe:evt_dl_1' });
    const rec = (await w.api('POST', '/v1/reconciliation/run', {})).body as unknown as { parkedWebhooks: unknown };
    expect(rec.parkedWebhooks).toEqual({ dead_letter: 1, orphan: 0 });

    // Replayed while the conflict stands: parked again, with the same reason.
    expect((await admin(w, 'POST', '/v1/webhooks/dead-letters/stripe:evt_dl_1/replay')).body).toMatchObject({ replayed: true, state: 'dead_letter', attempts: 1 });
    // An operator finds payment A's capture booked under the wrong charge and corrects it; the replay applies B's capture.
    await w.db.query(`UPDATE operations SET provider_reference = 'ch_a' WHERE payment_id = $1 AND kind = 'capture'`, [a!.id]);
    const replay = await admin(w, 'POST', `/v1/webhooks/dead-letters/${encodeURIComponent('stripe:evt_dl_1')}/replay`);
    expect(replay).toMatchObject({ status: 200, body: { replayed: true, state: 'applied' } });
    expect((await w.api('GET', `/v1/payments/${b!.id}`)).body).toMatchObject({ status: 'captured', amounts: { captured: 2500 } });
    expect((await admin(w, 'GET', '/v1/webhooks/dead-letters')).body.data).toEqual([]);
    const metrics = await (await w.core.app.fetch(new Request('http://core.sim/metrics'))).text();
    expect(metrics).toContain('gauntlet_webhook_dead_letters_total{provider="stripe",reason="conflict"} 2');
    expect(metrics).not.toContain('gauntlet_webhooks_parked{');
  });

  it('answers 404 for an event that is not parked and 400 for a malformed id or query', async () => {
    w = await coreWorld({ core: { adminToken: TOKEN } });
    expect(await admin(w, 'POST', '/v1/webhooks/dead-letters/stripe:evt_never/replay')).toMatchObject({ status: 404, body: { error: { type: 'not_found' } } });
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters/paypal:evt_1')).toMatchObject({ status: 400, body: { error: { param: 'id' } } });
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters?state=applied')).toMatchObject({ status: 400, body: { error: { param: 'state' } } });
    expect(await admin(w, 'GET', '/v1/webhooks/dead-letters?limit=0')).toMatchObject({ status: 400, body: { error: { param: 'limit' } } });
  });
});
