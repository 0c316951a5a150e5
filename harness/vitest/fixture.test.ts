// The fixture against the real Stripe simulator over real HTTP with stripe-node, as a team's suite
// would use it (the packed-package run of the README's example is scripts/package.test.ts).
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { noDoubleMoney } from '../checker/index.ts';
import { gauntletWorld } from './fixture.ts';
import { InvariantViolation, startGauntletWorld } from './world.ts';

describe('gauntletWorld', () => {
  const world = gauntletWorld({ providers: ['stripe'], seed: 7 });
  const stripe = (retries: number) => new Stripe('sk_test_gauntlet', { ...world.stripe.sdkOptions, maxNetworkRetries: retries, timeout: 500 });
  const order = (reference: string) => ({ amount: 1999, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' as const, metadata: { reference } });

  it('captures once through a timeout after commit, and the checker says so', async () => {
    const client = stripe(2);
    const intent = await client.paymentIntents.create(order('o-1'));
    world.stripe.setFaults({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 2000 } }] });
    expect((await client.paymentIntents.capture(intent.id)).status).toBe('succeeded');
    expect(world.stripe.faultsApplied().rules[0]?.applied).toBe(1);
    const asked = [{ reference: 'o-1', op: 'authorize' as const }, { reference: 'o-1', op: 'capture' as const }];
    world.expectNoDoubleMoney({ operations: asked });
    expect(world.check({ operations: asked }, [noDoubleMoney])[0]?.valid).toBe(true);
    // Had the test asked for no capture, the one the ledger shows would be one too many.
    expect(() => world.expectNoDoubleMoney({ operations: asked.slice(0, 1) })).toThrow(/o-1 has 1 capture movements .* for 0 capture idempotency keys/);
    expect(world.ledger().filter((m) => m.reference === 'o-1').map((m) => m.kind)).toEqual(['authorization', 'capture']);
  });

  it('catches two charges for one order, and explains them', async () => {
    const client = stripe(0);
    world.stripe.setFaults({ rules: [{ match: { operation: 'stripe.payment_intents.create' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 2000 } }] });
    await expect(client.paymentIntents.create(order('o-2'), { idempotencyKey: 'k-1' })).rejects.toThrow();
    expect(world.stripe.faultsApplied().rules[0]?.applied).toBe(1);
    await client.paymentIntents.create(order('o-2'), { idempotencyKey: 'k-2' });
    const asked = [{ reference: 'o-2', op: 'authorize' as const }];
    expect(() => world.expectNoDoubleMoney({ operations: asked })).toThrow(InvariantViolation);
    expect(() => world.expectNoDoubleMoney({ operations: asked })).toThrow(/o-2 holds 2 live authorizations/);
    // Without naming the payment, each PSP payment alone is sound: the per-order check needs it.
    world.expectNoDoubleMoney();
  });

  it('refuses a bad fault plan, naming the problem, and keeps the old one', () => {
    world.stripe.clearFaults();
    expect(() => world.stripe.setFaults({ rules: [{ effect: { type: 'explode' } }] } as never)).toThrow(/stripe fault plan is not valid:\n- rules\[0\]\.effect\.type: unknown effect "explode"/);
    expect(world.stripe.faultsApplied().rules).toEqual([]);
  });

  it('has no Adyen simulator unless asked for', () => {
    expect(() => world.adyen).toThrow(/no adyen simulator in this world/);
  });
});

describe('startGauntletWorld', () => {
  it('refuses unknown providers and bad plans before starting anything', async () => {
    await expect(startGauntletWorld({ providers: ['paypal' as never] })).rejects.toThrow(/unknown provider "paypal"/);
    await expect(startGauntletWorld({ faults: { stripe: { rules: 'all' } as never } })).rejects.toThrow(/fault plan is not valid/);
  });

  it('starts both simulators on free ports and stops them', async () => {
    const world = await startGauntletWorld({ providers: ['stripe', 'adyen'] });
    try {
      expect(world.stripe.port).not.toBe(world.adyen.port);
      expect((await fetch(`${world.adyen.url}/__gauntlet/ledger`)).status).toBe(200);
    } finally {
      await world.close();
    }
    await expect(fetch(`${world.stripe.url}/__gauntlet/ledger`)).rejects.toThrow();
  });
});
