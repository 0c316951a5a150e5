// The simulation world as a drill world: both simulators and the reference core in one process on
// a virtual clock, the network nemesis in process. Toxiproxy toxics map to the in-process network
// faults that mean the same to the SUT (latency; timeout = the answer never comes back; reset_peer
// = reset; down = the request never arrives); bandwidth, slicer, limit_data and SIGKILL have no
// in-process meaning here and are reported as skipped.
import type { Store } from '../../core/index.ts';
import type { AdapterFactories } from '../worlds/adapter-env.ts';
import type { DrillFault } from '../../scenarios/index.ts';
import { isWebhookEffect } from '../../simulators/index.ts';
import { ledgerOf } from '../history/index.ts';
import type { NetworkFault } from '../nemesis/network.ts';
import type { Scheduler } from 'fast-check';
import { buildSimWorld, ORIGINS, type SimWorld } from '../worlds/sim-world.ts';
import { earlyRetries } from '../checker/retry-after.ts';
import { histogramP95 } from './kpis.ts';
import type { ActiveFault, DrillWorld } from './drill-world.ts';

/** The simulation drill world, with the simulation world under it for traffic that plays it step by step (exploration). */
export type SimDrillWorld = DrillWorld & { readonly sim: SimWorld };

/** Virtual time one phase of a run may take before it counts as a harness bug (a schedule's waits included). */
const MAX_PHASE_VIRTUAL_MS = 60 * 60_000;

export async function simDrillWorld(o: { seed: number; store: Store; mutant?: string; adapterFactories?: AdapterFactories; interleaver?: Scheduler }): Promise<SimDrillWorld> {
  const w = await buildSimWorld({
    seed: o.seed,
    store: o.store,
    ...(o.mutant ? { mutant: o.mutant } : {}),
    ...(o.adapterFactories ? { adapterFactories: o.adapterFactories } : {}),
    ...(o.interleaver ? { interleaver: o.interleaver } : {}),
  });
  let ruleIds = 0;
  const startFault = async (f: DrillFault): Promise<ActiveFault | { unsupported: string }> => {
    switch (f.kind) {
      case 'psp': {
        // Added on its own: the rules already there keep their counters (times, nth, after).
        const id = `drill-${++ruleIds}`;
        const added = w.sims[f.provider].kernel.faults.add({ ...f.rule, id });
        if (!added.ok) return { unsupported: `${f.provider}: ${added.message}` };
        const faults = w.sims[f.provider].kernel.faults;
        return {
          description: `${f.provider}: ${f.rule.effect.type} on ${f.rule.match?.operation ?? f.rule.match?.event ?? 'every request'}`,
          heal: async () => void faults.remove(id),
          hits: async () => faults.current().rules.find((r) => r.id === id)?.applied ?? 0,
          unit: isWebhookEffect(f.rule.effect) ? 'deliveries' : 'requests',
        };
      }
      case 'network': {
        const fault = networkFault(f.toxic, f.attributes ?? {});
        if (!fault) return { unsupported: `${f.toxic} on ${f.target}: no in-process equivalent (live world only)` };
        // Webhooks to the core cross only the first path; sut is everything sent to the core (the
        // merchant's calls and the webhooks); merchant_events what the core sends the merchant.
        const key = f.target === 'core_webhooks' ? `${ORIGINS.core}/v1/webhooks` : f.target === 'sut' ? ORIGINS.core : f.target === 'merchant_events' ? ORIGINS.merchant : ORIGINS[f.target];
        w.network.set(key, fault);
        return {
          description: `${f.target}: ${f.toxic}${fault.type === 'latency' ? ` ${fault.ms} ms` : ''} (in-process network)`,
          heal: async () => w.network.heal(key),
          hits: async () => w.network.hits(key),
          unit: 'requests',
        };
      }
      case 'process':
        return { unsupported: 'SIGKILL of the SUT: the simulation world has no process to kill (live world only)' };
      case 'settlement': {
        const faults = w.sims[f.provider].kernel.faults;
        faults.addSettlementGap(f.gap);
        const before = faults.current().settlementReportsWithGaps;
        return {
          description: `${f.provider}: settlement report ${f.gap.type.replace('_', ' ')}`,
          untilJudged: true,
          heal: async () => faults.clearSettlementGaps(),
          hits: async () => faults.current().settlementReportsWithGaps - before,
          unit: 'settlement reports',
        };
      }
    }
  };

  return {
    sim: w,
    kind: 'sim',
    driver: w.driver,
    sutUrl: ORIGINS.core,
    runTag: '',
    canRestart: false,
    history: w.history,
    now: () => w.clock.now(),
    sleep: (ms) => w.clock.sleep(ms),
    run: (work) => w.whileTimePasses(w.withWebhooks(work), { maxVirtualMs: MAX_PHASE_VIRTUAL_MS }),
    startFault,
    settle: () => w.settle(),
    ledger: async () => ledgerOf([w.sims.stripe, w.sims.adyen]),
    webhookLagP95Ms: async () => histogramP95(w.core.metrics.renderWebhookLag().join('\n'), 'gauntlet_webhook_lag_ms'),
    earlyRetries: async () => earlyRetries(w.sims.stripe.kernel.requests.all()).length + earlyRetries(w.sims.adyen.kernel.requests.all()).length,
    close: async () => undefined,
  };
}

function networkFault(toxic: string, a: Record<string, number>): NetworkFault | undefined {
  switch (toxic) {
    case 'latency':
      return { type: 'latency', ms: (a.latency ?? 1000) + (a.jitter ?? 0) };
    case 'timeout':
      return { type: 'drop_response' };
    case 'reset_peer':
      return { type: 'reset' };
    case 'down':
      return { type: 'drop_request' };
    default:
      return undefined;
  }
}
