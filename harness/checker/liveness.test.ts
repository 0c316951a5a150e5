import { describe, expect, it } from 'vitest';
import { liveness } from './liveness.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

describe('liveness', () => {
  it('passes a clean run', () => {
    expect(liveness(cleanRun().builder.build())).toEqual({ invariant: 'liveness', valid: true, violations: [] });
  });

  it('reports each payment still unknown or authorizing after the liveness phase', () => {
    const b = new RunBuilder();
    b.livenessBoundMs = 60_000;
    const opId = b.invoke('u', 'authorize', { reference: 'u', provider: 'stripe' });
    b.fault('start', 'psp:stripe', 'timeout after commit', { effect: { type: 'timeout_after_commit' } });
    b.info(opId);
    b.quiet();
    b.view(observation({ reference: 'u', status: 'unknown' }));
    b.view(observation({ reference: 'w', status: 'authorizing', provider: 'adyen' }));
    b.view(observation({ reference: 'fine', status: 'declined' }));
    const r = liveness(b.build());
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
      ['u', 'payment u (pay_u on stripe) is still unknown in the final view, read after the liveness phase began at t=40 (bound 60000 ms).'],
      ['w', 'payment w (pay_w on adyen) is still authorizing in the final view, read after the liveness phase began at t=40 (bound 60000 ms).'],
    ]);
    expect(r.violations[0]!.timeline.map((e) => e.type)).toEqual(['invoke', 'fault', 'info', 'phase']);
  });

  it('a final phase counts as the liveness phase', () => {
    const b = new RunBuilder();
    b.phase('final');
    b.view(observation({ reference: 'u', status: 'unknown' }));
    expect(liveness(b.build()).violations).toHaveLength(1);
  });

  it('is unknown when the run had no liveness phase', () => {
    const b = new RunBuilder();
    b.phase('safety');
    b.phase('heal');
    b.view(observation({ reference: 'u', status: 'unknown' }));
    const r = liveness(b.build());
    expect(r.valid).toBe('unknown');
    expect(r.note).toMatch(/no liveness phase/);
    expect(r.violations).toEqual([]);
  });
});
