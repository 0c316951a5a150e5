import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.ts';
import { NO_WEBHOOKS_NOTE, webhookIntegrity } from './webhook-integrity.ts';
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

  it('names the lie of a forgery it caught', () => {
    const b = new RunBuilder();
    b.webhook('stripe', 'evt_1', 'refund.created', 'forged', 200).forgery = 'a refund that did not happen, signature missing';
    expect(webhookIntegrity(b.build()).violations[0]!.explanation).toContain('(refund.created) (a refund that did not happen, signature missing) with HTTP 200');
  });
});

describe('webhook-integrity: genuine deliveries must be accepted', () => {
  /** A genuine delivery's attempts, each answered `status` (undefined: lost), with its delivery id. */
  const attempts = (b: RunBuilder, statuses: (number | undefined)[], deliveryId = 'whd_1', provider = 'stripe') =>
    statuses.map((status) => {
      const w = b.webhook(provider, 'evt_g', 'payment_intent.succeeded', 'genuine', status);
      w.deliveryId = deliveryId;
      return w;
    });

  it('a genuine delivery refused with a 4xx is a violation, the attempts its timeline', () => {
    const b = new RunBuilder();
    const ws = attempts(b, [400]);
    const r = webhookIntegrity(b.build());
    expect(r.valid).toBe(false);
    expect(r.violations).toEqual([
      {
        invariant: 'webhook-integrity',
        paymentId: 'evt_g',
        explanation: 'the SUT refused a genuine stripe webhook evt_g (payment_intent.succeeded), correctly signed and fresh, with HTTP 400; a genuine delivery must be accepted (2xx), and a duplicate deduplicated, not refused.',
        timeline: ws,
      },
    ]);
  });

  it('a 4xx is a refusal even when a later retry was accepted; 408 and 429 only say "later"', () => {
    const b = new RunBuilder();
    attempts(b, [404, 200], 'whd_1');
    attempts(b, [429, 408, 200], 'whd_2', 'adyen');
    const r = webhookIntegrity(b.build());
    expect(r.violations.map((v) => v.explanation)).toEqual([expect.stringContaining('with HTTP 404, although a later retry was accepted')]);
  });

  it('a 5xx that a later retry turned into a 2xx is fine, and so is a delivery lost in transit', () => {
    const b = new RunBuilder();
    attempts(b, [500, 503, 200], 'whd_1');
    attempts(b, [undefined, undefined], 'whd_2');
    b.quiet();
    attempts(b, [undefined], 'whd_2');
    expect(webhookIntegrity(b.build())).toEqual({ invariant: 'webhook-integrity', valid: true, violations: [] });
  });

  it('never accepted: a violation when the SUT still answered 5xx after healing, not while faults were on', () => {
    const during = new RunBuilder();
    attempts(during, [500, 500]);
    during.quiet();
    expect(webhookIntegrity(during.build()).valid).toBe(true);

    const after = new RunBuilder();
    attempts(after, [500]);
    after.quiet();
    attempts(after, [503]);
    const r = webhookIntegrity(after.build());
    expect(r.violations.map((v) => v.explanation)).toEqual(['the SUT never accepted a genuine stripe webhook evt_g (payment_intent.succeeded): 2 attempts answered 500, 503, the last after the faults had healed.']);
  });

  it('judges "after healing" by time: attempts appended after the run from a delivery log keep their own time', () => {
    const b = new RunBuilder();
    b.quiet();
    const [w] = attempts(b, [500]);
    w!.t = -1; // crossed the wire before the heal, recorded afterwards
    expect(webhookIntegrity(b.build()).valid).toBe(true);
  });

  it('groups attempts by delivery: two deliveries of one event are judged apart', () => {
    const b = new RunBuilder();
    attempts(b, [200], 'whd_1');
    attempts(b, [401], 'whd_2');
    expect(webhookIntegrity(b.build()).violations.map((v) => v.timeline.length)).toEqual([1]);
  });

  it('duplicates, forgeries and stale copies refused with 4xx are not genuine refusals', () => {
    const b = new RunBuilder();
    b.webhook('stripe', 'evt_d', 'charge.refunded', 'duplicate', 200);
    b.webhook('stripe', 'evt_f', 'charge.refunded', 'forged', 400);
    b.webhook('stripe', 'evt_s', 'charge.refunded', 'stale', 400);
    expect(webhookIntegrity(b.build()).valid).toBe(true);
  });
});

describe('webhook-integrity with nothing to judge', () => {
  it('is unknown, never ok, when the history has no webhook delivery at all', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'p', captures: [1000] });
    b.quiet();
    expect(webhookIntegrity(b.build())).toEqual({ invariant: 'webhook-integrity', valid: 'unknown', note: NO_WEBHOOKS_NOTE, violations: [] });
  });
});
