// Narrowing the drill catalogue to one dialect: all traffic on it, only the faults that reach it,
// and the drills no single adapter can be judged by are set aside, with the reason.
import { describe, expect, it } from 'vitest';
import { findDrill, loadDrills } from '../../scenarios/index.ts';
import { againstReference, forDialect, notApplicable, selectDrills } from './fault-classes.ts';

describe('forDialect', () => {
  it('sends every payment to the dialect and keeps only its faults (and those on the core webhook path)', () => {
    const drill = forDialect(findDrill('partition-to-psp'), 'adyen');
    expect(drill.traffic.providers).toEqual(['adyen']);
    expect(drill.faults.map((f) => (f.kind === 'network' ? f.target : f.kind === 'psp' ? f.provider : 'process'))).toEqual(['adyen']);
    const storm = forDialect(findDrill('webhook-storm'), 'stripe');
    expect(storm.faults).toHaveLength(1);
    expect(storm.faults[0]).toMatchObject({ kind: 'psp', provider: 'stripe' });
    // The catalogue itself is untouched.
    expect(findDrill('webhook-storm').traffic.providers).toEqual(['stripe', 'adyen']);
  });
});

describe('notApplicable', () => {
  it('sets aside live-only drills, failover between providers, and drills whose faults all target the other provider', () => {
    const reasons = (dialect: 'stripe' | 'adyen') => Object.fromEntries(loadDrills().flatMap((d) => (notApplicable(d, dialect) ? [[d.name, notApplicable(d, dialect)]] : [])));
    expect(Object.keys(reasons('stripe')).sort()).toEqual(['late-async-failure', 'provider-outage-failover', 'sut-crash-mid-capture']);
    expect(Object.keys(reasons('adyen')).sort()).toEqual(['provider-outage', 'provider-outage-failover', 'sut-crash-mid-capture', 'webhook-stale-replay']);
    expect(reasons('adyen')['provider-outage']).toContain('targets the other provider');
    expect(reasons('stripe')['sut-crash-mid-capture']).toContain('live');
  });

  it('keeps a drill whose own traffic is the point even when its only fault is for the other provider', () => {
    // decline-mix's fault is Adyen's; its 30% declining cards still test a Stripe adapter's mapping.
    const drill = findDrill('decline-mix');
    expect(forDialect(drill, 'stripe').faults).toEqual([]);
    expect(notApplicable(drill, 'stripe')).toBeUndefined();
  });
});

describe('selectDrills', () => {
  it('keeps catalogue order and refuses unknown names', () => {
    expect(selectDrills(['webhook-storm', 'decline-mix']).map((d) => d.name)).toEqual(['decline-mix', 'webhook-storm']);
    expect(() => selectDrills(['no-such-drill'])).toThrow('no drill "no-such-drill"');
  });
});

describe('againstReference', () => {
  it('waives a missed throughput criterion only when the adapter does no worse than the built-in one', () => {
    // slow-provider on Stripe: the built-in adapter fails every payment too.
    expect(againstReference({ criterion: 'maxPlatformFailureRate', measured: 1 }, 1)).toEqual({ reference: 1, waived: true });
    expect(againstReference({ criterion: 'minAuthorizationSuccessRate', measured: 0.62 }, 0.633)).toEqual({ reference: 0.633, waived: true });
    // Worse than the reference by more than the tolerance: held against the adapter.
    expect(againstReference({ criterion: 'maxPlatformFailureRate', measured: 0.4 }, 0.2).waived).toBe(false);
    expect(againstReference({ criterion: 'minAuthorizationSuccessRate', measured: 0.3 }, 0.6).waived).toBe(false);
    expect(againstReference({ criterion: 'minAuthorizationSuccessRate', measured: 0.5 }, null).waived).toBe(false);
  });
});
