import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.ts';
import { webhookIntegrity } from './webhook-integrity.ts';
import { RunBuilder, cleanRun } from './test-support.ts';

describe('webhook-integrity', () => {
  it('passes a clean run (a forged webhook refused with 400)', () => {
    const run = cleanRun().builder.build();
    expect(run.history.some((e) => e.type === 'webhook' && e.kind === 'forged')).toBe(true);
    expect(webhookIntegrity(run)).toEqual({ invariant: 'webhook-integrity', valid: true, violations: [] });
  });

  it('catches a forged webhook the SUT accepted, naming the event', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p' });
    const w = b.webhook('stripe', 'evt_forged', 'payment_intent.canceled', 'forged', 200);
    const r = webhookIntegrity(b.build());
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([
      {
        invariant: 'webhook-integrity',
        paymentId: 'evt_forged',
        explanation: 'the SUT accepted a forged stripe webhook evt_forged (payment_intent.canceled) with HTTP 200; it must refuse it with a 4xx.',
        timeline: [w],
      },
    ]);
  });

  it('catches a stale Stripe replay accepted; an Adyen one (no timestamp to check) is left to agreement', () => {
    const b = new RunBuilder();
    b.webhook('stripe', 'evt_old', 'charge.refunded', 'stale', 202);
    b.webhook('adyen', 'ev_old', 'CAPTURE', 'stale', 200);
    expect(webhookIntegrity(b.build()).violations.map((v) => v.paymentId)).toEqual(['evt_old']);
  });

  it('a lost delivery or a 5xx accepted nothing', () => {
    const b = new RunBuilder();
    b.webhook('stripe', 'evt_a', 'charge.refunded', 'forged');
    b.webhook('stripe', 'evt_b', 'charge.refunded', 'forged', 500);
    b.webhook('stripe', 'evt_c', 'charge.refunded', 'stale', 401);
    expect(webhookIntegrity(b.build()).valid).toBe(true);
  });

  it("mentions agreement's disagreement on the same provider without reporting it twice", () => {
    const { builder } = cleanRun();
    builder.webhook('stripe', 'evt_forged', 'charge.refunded', 'forged', 200);
    const run = builder.build();
    run.final.find((o) => o.reference === 'split')!.amounts.refunded = 1000; // the forged refund applied
    const r = webhookIntegrity(run);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.explanation).toBe(
      'the SUT accepted a forged stripe webhook evt_forged (charge.refunded) with HTTP 200; it must refuse it with a 4xx. Agreement also finds stripe payment split disagreeing with the ledger, which this webhook may have caused.',
    );
    expect(agreement(run).violations.map((v) => v.paymentId)).toEqual(['split']);
  });
});
