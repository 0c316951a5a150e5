// The control API's bearer token, on the real simulators served over a real socket: without the
// token, with a wrong one, under another spelling of the path, every control call is refused; the
// provider API is untouched; without a token configured the control API stays open.
import { afterEach, describe, expect, it } from 'vitest';
import { createAdyenSimulator, createStripeSimulator, seededRandom, serveSimulator, type RunningSimulator, type Simulator } from './index.ts';

const TOKEN = 'control-token-for-this-test-0123456789';
const env = { clock: { now: () => 1_700_000_000_000, sleep: async () => undefined }, random: seededRandom(1), fetch: () => Promise.reject(new Error('no network')) };
const sims: Record<string, () => Simulator> = {
  stripe: () => createStripeSimulator({ env }),
  adyen: () => createAdyenSimulator({ env, hmacKey: 'AB'.repeat(32) }),
};

let served: RunningSimulator | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe.each(Object.keys(sims))('the %s simulator with a control token', (dialect) => {
  it('refuses control calls without it, with a wrong one, or under an escaped path; takes the right one', async () => {
    served = await serveSimulator(sims[dialect]!(), { port: 0, controlToken: TOKEN });
    const call = (path: string, init: RequestInit = {}) => fetch(`${served!.url}${path}`, init);
    const refused = await call('/__gauntlet/ledger');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refused.json()).toEqual({ error: { message: expect.stringMatching(/Authorization: Bearer/) } });
    expect((await call('/__gauntlet/ledger', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await call('/__gauntlet/ledger', { headers: { authorization: TOKEN } })).status).toBe(401);
    expect((await call('/%5F%5Fgauntlet/ledger')).status).toBe(401);
    expect((await call('/__GAUNTLET/ledger')).status).toBe(401);
    // Changing calls are refused before they act: the plan stays as it was.
    expect((await call('/__gauntlet/reset', { method: 'POST' })).status).toBe(401);
    const put = await call('/__gauntlet/faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ id: 'x', effect: { type: 'error', status: 500 } }] }) });
    expect(put.status).toBe(401);
    const ok = await call('/__gauntlet/faults', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { rules: unknown[] }).rules).toEqual([]);
    // The provider API keeps its own authentication, unaffected by the control token.
    const api = dialect === 'stripe' ? await call('/v1/payment_intents/pi_missing', { headers: { authorization: 'Bearer sk_test_abc' } }) : await call('/v71/payments', { method: 'POST', headers: { 'x-api-key': 'any', 'content-type': 'application/json' }, body: '{}' });
    expect(api.status).not.toBe(401);
  });

  it('stays open without a token (a simulator on loopback, as a developer runs it)', async () => {
    served = await serveSimulator(sims[dialect]!(), { port: 0 });
    expect((await fetch(`${served.url}/__gauntlet/ledger`)).status).toBe(200);
  });
});
