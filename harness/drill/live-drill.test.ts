// A drill in the live world: real processes, a real Toxiproxy toxic, the fault plan over the
// simulators' control API, and a SIGKILL + restart of the core in the middle of the traffic.
// The correct core must come out with its books matching the PSPs'.
import { describe, expect, it } from 'vitest';
import type { Drill } from '../../scenarios/index.ts';
import { runDrill } from './run-drill.ts';
import { startLiveWorld } from '../live/up.ts';
import { openDrillWorld } from './start-world.ts';

const drill: Drill = {
  name: 'live-smoke',
  description: 'Captures time out after commit at Stripe, Adyen is slow behind Toxiproxy, and the core is SIGKILLed mid-traffic.',
  requires: ['authorize', 'capture', 'restart'],
  worlds: ['live'],
  traffic: { rate: 3, duration: '5s', providers: ['stripe', 'adyen'], capture: 'manual', followUps: ['capture'] },
  faults: [
    { at: '0s', kind: 'psp', provider: 'stripe', rule: { match: { operation: 'stripe.payment_intents.capture' }, times: 2, effect: { type: 'timeout_after_commit', hangMs: 0 } } },
    { at: '1s', for: '2s', kind: 'network', target: 'adyen', toxic: 'latency', attributes: { latency: 300 } },
    { at: '2s', kind: 'process', action: 'sigkill' },
  ],
  invariants: 'all',
  pass: { maxUnknownAfterHeal: 0, maxDuplicateRate: 0, maxReconciliationMismatchRate: 0 },
};

describe('runDrill in the live world', () => {
  it('the correct core passes a drill with a fault-plan rule, a Toxiproxy toxic and a SIGKILL', async () => {
    const w = await openDrillWorld({ world: 'live', seed: 11 });
    let r;
    try {
      r = await runDrill(drill, w, { seed: 11 });
    } finally {
      await w.close();
    }
    expect(r.faultsSkipped).toEqual([]);
    expect(r.faultsApplied).toHaveLength(3);
    expect(r.record.history.filter((e) => e.type === 'fault' && e.action === 'start').map((e) => (e as { target: string }).target)).toEqual(['psp:stripe', 'net:adyen', 'sut']);
    expect(r.payments).toBeGreaterThanOrEqual(10);
    expect(r.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
    // Non-vacuous: every fault touched something (the SIGKILL, operations in flight), both providers captured.
    expect(r.shortfalls).toEqual([]);
    expect(r.faults.map((f) => f.hits > 0)).toEqual([true, true, true]);
    expect(r.passed).toBe(true);
    expect(r.record.ledger.some((m) => m.kind === 'capture')).toBe(true);
  }, 180_000);

  it('drills one after another against a world the user keeps running judge only their own payments and money', async () => {
    const world = await startLiveWorld({ seed: 12, simulatorPorts: 'ephemeral' });
    try {
      const quiet: Drill = { ...drill, name: 'live-attached', faults: [drill.faults[0]!], traffic: { ...drill.traffic, duration: '3s' } };
      for (const seed of [1, 2]) {
        const w = await openDrillWorld({ world: 'live', seed, attach: world.describe() });
        try {
          const r = await runDrill(quiet, w, { seed });
          expect(r.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
          expect(r.record.final.every((p) => p.reference.startsWith('live-attached-'))).toBe(true);
          expect(r.record.final).toHaveLength(r.payments);
        } finally {
          await w.close();
        }
      }
    } finally {
      await world.stop();
    }
  }, 180_000);
});
