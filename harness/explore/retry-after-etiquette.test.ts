// The retry-after measure over the simulators' real request logs, with the reference core in the
// simulation world: the correct core waits out Retry-After; the mutant `retry-after-ignored` is
// found retrying early. (The measure itself: harness/checker/retry-after.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { withMutant, type MutantName } from '../../core/index.ts';
import { coreWorld, type World } from '../../core/testing/world.ts';
import { earlyRetries } from '../checker/retry-after.ts';

describe('earlyRetries over the simulators’ request logs, with the reference core', () => {
  const worlds: World[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });

  async function rateLimited(provider: 'stripe' | 'adyen', mutant?: MutantName) {
    const w = await coreWorld(mutant ? { shape: (o) => withMutant(o, mutant) } : {});
    worlds.push(w);
    const sim = provider === 'stripe' ? w.stripe : w.adyen;
    // The first two calls of every kind are refused with 429 and Retry-After: 1 s.
    sim.kernel.faults.set({ rules: [{ match: { operation: `${provider}.*` }, times: 2, effect: { type: 'rate_limit', retryAfterSeconds: 1 } }] });
    const order = { amount: 5000, currency: 'EUR', provider, paymentMethod: provider === 'adyen' ? 'holder:Ada Lovelace' : 'pm_card_visa', capture: 'manual', reference: `order-ra-${provider}` };
    const created = await w.whileTimePasses(() => w.api('POST', '/v1/payments', order));
    const log = sim.kernel.requests.all();
    return { status: created.body.status, requests: log.length, limited: log.filter((r) => r.status === 429).length, early: earlyRetries(log) };
  }

  for (const provider of ['stripe', 'adyen'] as const) {
    it(`${provider}: the correct core waits out Retry-After (none early); retry-after-ignored does not`, async () => {
      const correct = await rateLimited(provider);
      expect(correct).toMatchObject({ status: 'authorized', requests: 3, limited: 2, early: [] });
      const broken = await rateLimited(provider, 'retry-after-ignored');
      expect(broken).toMatchObject({ status: 'authorized', requests: 3, limited: 2 });
      expect(broken.early).toHaveLength(2);
      expect(broken.early.every((e) => e.sameBy === 'idempotency-key' && e.earlyByMs > 0)).toBe(true);
    });
  }
});
