import { describe, expect, it } from 'vitest';
import { VirtualClock, seededRandom } from './kernel/index.ts';
import { InProcessNetworkError, inProcessFetch } from './in-process.ts';
import { createStripeSimulator } from './stripe/index.ts';

function world() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const sim = createStripeSimulator({ env: { clock, random: seededRandom(3), fetch: async () => new Response('') } });
  const fetch = inProcessFetch({ 'http://stripe.sim': sim.app });
  const create = (init: RequestInit = {}) =>
    fetch('http://stripe.sim/v1/payment_intents', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=100&currency=usd&payment_method=pm_card_visa&confirm=true',
      ...init,
    });
  return { sim, clock, fetch, create };
}

describe('inProcessFetch', () => {
  it('routes by origin to the app', async () => {
    const { create } = world();
    const res = await create();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('succeeded');
  });

  it('turns a dropped connection into a rejected fetch, after the PSP committed', async () => {
    const { sim, create } = world();
    sim.kernel.faults.set({ rules: [{ effect: { type: 'fail_before_commit' } }] });
    await expect(create()).rejects.toBeInstanceOf(InProcessNetworkError);
    sim.kernel.faults.set({ rules: [{ effect: { type: 'timeout_after_commit', hangMs: 0 } }] });
    await expect(create()).rejects.toMatchObject({ reason: 'connection_dropped' });
    expect(sim.kernel.ledger.all().map((m) => m.kind)).toEqual(['authorization', 'capture']);
  });

  it('gives up on abort while the PSP still holds the answer', async () => {
    const { sim, create, clock } = world();
    sim.kernel.faults.set({ rules: [{ effect: { type: 'latency', ms: 10_000 } }] });
    const controller = new AbortController();
    const pending = create({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ reason: 'aborted' });
    await clock.advance(10_000);
  });

  it('refuses unknown origins', async () => {
    const { fetch } = world();
    await expect(fetch('http://nowhere.sim/x')).rejects.toMatchObject({ reason: 'no_route' });
  });
});
