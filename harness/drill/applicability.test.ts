// Which drills a SUT can take part in, from the capabilities its driver declares: a Stripe-only
// service without failover or settlement reports gets the drills it can take part in, narrowed to
// Stripe, and the others are not applicable with a reason a payments engineer can act on.
import { describe, expect, it } from 'vitest';
import { findDrill, loadDrills } from '../../scenarios/index.ts';
import { MERCHANT_API_CAPABILITIES, type DriverCapabilities } from '../driver/index.ts';
import { applicability, needs } from './applicability.ts';

const stripeOnly: DriverCapabilities = {
  providers: ['stripe'],
  operations: ['capture', 'partial_capture', 'refund', 'partial_refund', 'multiple_refunds', 'void'],
  webhooks: { stripe: '/hooks/stripe' },
  merchantIdempotency: true,
  failover: false,
  reconcile: true,
  settlementReports: false,
};
const live = { canRestart: true };

describe('applicability', () => {
  it('the reference core takes part in every drill of the library where the world can restart it', () => {
    for (const d of loadDrills()) expect(applicability(d, MERCHANT_API_CAPABILITIES, live), d.name).toMatchObject({ applicable: true, notes: [] });
  });

  it('a Stripe-only service: traffic and faults narrowed to Stripe, each left-out part noted', () => {
    const r = applicability(findDrill('capture-timeout-after-commit'), stripeOnly, live);
    expect(r.applicable).toBe(true);
    if (!r.applicable) return;
    expect(r.drill.traffic.providers).toEqual(['stripe']);
    expect(r.drill.faults.map((f) => (f.kind === 'psp' ? f.provider : f.kind))).toEqual(['stripe']);
    expect(r.notes).toEqual(['traffic to adyen left out: the SUT does not use it', expect.stringMatching(/^fault left out: adyen timeout_after_commit: the SUT does not use adyen/)]);
  });

  it("a fault on a provider the SUT declares but the drill's traffic skips is the drill's doing, said so", () => {
    const d = findDrill('capture-timeout-after-commit');
    const stripeTraffic = { ...d, traffic: { ...d.traffic, providers: ['stripe' as const] } };
    const r = applicability(stripeTraffic, MERCHANT_API_CAPABILITIES, live);
    expect(r).toMatchObject({ applicable: true, notes: [expect.stringMatching(/^fault left out: adyen timeout_after_commit: this drill's traffic does not go to adyen$/)] });
  });

  it('failover, settlement reports, a SIGKILL the world cannot do: not applicable, with the reason', () => {
    expect(applicability(findDrill('provider-outage-failover'), stripeOnly, live)).toEqual({ applicable: false, reason: expect.stringContaining('routing and failover between providers') });
    expect(applicability(findDrill('settlement-gap'), stripeOnly, live)).toEqual({ applicable: false, reason: expect.stringContaining('reconciliation against settlement reports') });
    expect(applicability(findDrill('sut-crash-mid-capture'), MERCHANT_API_CAPABILITIES, { canRestart: false })).toEqual({ applicable: false, reason: expect.stringContaining('SIGKILL') });
  });

  it('a drill whose only fault is on an undeclared provider still applies when its own traffic tests something (declines)', () => {
    const r = applicability(findDrill('decline-mix'), stripeOnly, live);
    expect(r).toMatchObject({ applicable: true, drill: { faults: [], traffic: { providers: ['stripe'], declineRate: 0.3 } } });
    const noDeclines = { ...findDrill('decline-mix'), traffic: { ...findDrill('decline-mix').traffic, declineRate: 0, keyReuseRate: 0 } };
    expect(applicability(noDeclines, stripeOnly, live)).toEqual({ applicable: false, reason: expect.stringContaining('every fault it injects is out of the SUT') });
  });

  it('an undeclared operation or webhooks make a drill not applicable; undeclared merchant keys only stop merchant retries', () => {
    expect(applicability(findDrill('refund-timeout-after-commit'), { ...stripeOnly, operations: ['capture', 'partial_refund'] }, live)).toEqual({ applicable: false, reason: expect.stringContaining('several refunds on one payment') });
    expect(applicability(findDrill('webhook-storm'), { ...stripeOnly, webhooks: {} }, live)).toEqual({ applicable: false, reason: expect.stringContaining('PSP webhooks') });
    const r = applicability(findDrill('refund-timeout-after-commit'), { ...stripeOnly, merchantIdempotency: false }, live);
    expect(r).toMatchObject({ applicable: true, notes: expect.arrayContaining([expect.stringContaining('no merchant retries')]) });
    if (r.applicable) expect(r.drill.traffic.retryRate).toBeUndefined();
  });

  it('needs() reads what the traffic and faults imply, beyond what the drill says it requires', () => {
    expect(needs(findDrill('webhook-storm'))).toEqual(expect.arrayContaining(['multiple_refunds', 'webhooks']));
    expect(needs(findDrill('settlement-gap'))).toContain('settlement_reports');
  });
});
