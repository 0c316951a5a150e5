// A request the adapter cannot even build (a lone surrogate Stripe's form encoding cannot take, a
// payment-method token the Adyen adapter cannot read, `hasOwnProperty` included) never left the
// core. Such a payment fails at once, honestly (not `unknown`: nothing may have happened at the
// PSP), and it never counts against the provider's circuit breaker: three of them used to open it
// for every other payment of that provider. The edge refuses such input already (see
// core/api/fuzz.test.ts); this drives the service directly, the way a future caller might.
import { afterEach, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';

let w: World;
afterEach(async () => w?.close());

const order = { amount: 2500, currency: 'EUR', capture: 'manual' as const };

describe('requests refused before they leave the core', () => {
  it.each([
    ['stripe', { paymentMethod: 'pm_card_visa', reference: 'lone \ud800 surrogate' }, 'request_unencodable'],
    ['adyen', { paymentMethod: 'hasOwnProperty', reference: 'proto-token' }, 'invalid_payment_method'],
    ['adyen', { paymentMethod: '__proto__', reference: 'proto-token' }, 'invalid_payment_method'],
  ] as const)('%s: %j fails at once with %s and leaves the breaker closed', async (provider, fields, code) => {
    w = await coreWorld({ core: { breaker: { threshold: 3, cooldownMs: 60_000 } } });
    for (let i = 0; i < 5; i++) {
      const view = await w.whileTimePasses(() => w.core.service.create({ ...order, provider, ...fields }));
      expect(view).toMatchObject({ status: 'failed', providerPaymentId: null });
      expect(view.failureMessage).toContain(code);
    }
    expect(w.core.service.breaker(provider).state()).toBe('closed');
    // Nothing reached the PSP, and its next good payment goes through.
    const ledger = provider === 'stripe' ? w.stripe.kernel.ledger : w.adyen.kernel.ledger;
    expect(ledger.all()).toEqual([]);
    const good = await w.whileTimePasses(() => w.core.service.create({ ...order, provider, paymentMethod: provider === 'stripe' ? 'pm_card_visa' : 'holder:Ada Lovelace', reference: 'good' }));
    expect(good.status).toBe('authorized');
  });

  it('a refused request also does not close a breaker that real failures are opening', async () => {
    // Counted failures must stay counted: a local refusal between them is no proof of health.
    w = await coreWorld({ core: { breaker: { threshold: 3, cooldownMs: 60_000 } } });
    const breaker = w.core.service.breaker('adyen');
    breaker.failure();
    breaker.failure();
    const refused = await w.whileTimePasses(() => w.core.service.create({ ...order, provider: 'adyen', paymentMethod: 'not-a-token', reference: 'unreadable token' }));
    expect(refused.failureMessage).toContain('invalid_payment_method');
    breaker.failure();
    expect(breaker.state()).toBe('open');
  });
});
