import { describe, expect, it } from 'vitest';
import { liveness } from './liveness.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

/** The clean run with every transition of every payment announced to the merchant, in order. */
function announcedRun(): RunBuilder {
  const { builder: b } = cleanRun();
  for (const o of b.final) for (const status of (o.history ?? [o.status]).filter((s) => s !== 'authorizing')) b.merchantEvent(o.paymentId, status);
  return b;
}

describe('liveness: merchant events', () => {
  it('passes a run where every final status reached the merchant (duplicates and earlier statuses allowed)', () => {
    const b = announcedRun();
    b.merchantEvent('pay_split', 'partially_refunded', 'dup');
    expect(liveness(b.build())).toEqual({ invariant: 'liveness', valid: true, violations: [] });
  });

  it('reports a payment whose final status was never received, naming what the merchant did hear', () => {
    const b = new RunBuilder();
    const p = b.payment({ reference: 'lost', captures: [1000] });
    b.merchantEvent(p.sutId, 'authorized');
    b.fault('start', 'net:merchant', 'drop_request');
    b.fault('stop', 'net:merchant', 'healed');
    b.quiet();
    const r = liveness(b.build());
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
      ['lost', 'payment lost (pay_lost) is captured in the final view, but the merchant never received an event announcing it (it heard only: authorized), after every fault healed and the SUT relayed its outbox.'],
    ]);
    expect(r.violations[0]!.timeline.map((e) => e.type)).toEqual(['invoke', 'ok', 'invoke', 'ok', 'merchant_event', 'fault', 'fault', 'phase']);
  });

  it('reports a payment the merchant heard nothing about, when others were announced', () => {
    const b = announcedRun();
    b.payment({ reference: 'silent', provider: 'adyen', void: true });
    b.phase('final');
    const r = liveness(b.build());
    expect(r.violations.map((v) => v.paymentId)).toEqual(['silent']);
    expect(r.violations[0]!.explanation).toContain('it heard nothing about this payment');
  });

  it('says nothing when the history holds no merchant event at all (a world or SUT without a receiver)', () => {
    const { builder: b } = cleanRun();
    expect(b.history.some((e) => e.type === 'merchant_event')).toBe(false);
    expect(liveness(b.build())).toEqual({ invariant: 'liveness', valid: true, violations: [] });
  });

  it('expects no announcement of a pending status (the pending rule reports it once)', () => {
    const b = announcedRun();
    b.view(observation({ reference: 'u', status: 'unknown' }));
    b.view(observation({ reference: 'w', status: 'authorizing' }));
    const r = liveness(b.build());
    expect(r.violations.map((v) => v.paymentId)).toEqual(['u', 'w']);
    expect(r.violations.every((v) => v.explanation.includes('is still'))).toBe(true);
  });

  it('reads the announced status from the event type when the event carries no status', () => {
    const b = new RunBuilder();
    b.payment({ reference: 'x' });
    b.history.push({ index: b.history.length, t: b.now, type: 'merchant_event', eventId: '1', eventType: 'payment.authorized', paymentId: 'pay_x' });
    b.quiet();
    expect(liveness(b.build()).valid).toBe(true);
  });
});
