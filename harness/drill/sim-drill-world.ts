// The simulation world as a drill world: both simulators and the reference core in one process on
// a virtual clock, the network nemesis in process. Toxiproxy toxics map to the in-process network
// faults that mean the same to the SUT (latency; timeout = the answer never comes back; reset_peer
// = reset; down = the request never arrives); bandwidth, slicer, limit_data and SIGKILL have no
// in-process meaning here and are reported as skipped.
import type { Db } from '../../core/db/index.ts';
import type { AdapterFactories } from '../certify/adapter-env.ts';
import type { DrillFault } from '../../scenarios/index.ts';
import { ledgerOf } from '../history/index.ts';
import type { NetworkFault } from '../nemesis/network.ts';
import { buildSimWorld, ORIGINS } from '../worlds/sim-world.ts';
import { histogramP95 } from './kpis.ts';
import type { ActiveFault, DrillWorld } from './drill-world.ts';

/** How often, in virtual time, due webhooks are sent while a drill's traffic runs. */
const WEBHOOK_PUMP_MS = 250;
/** Virtual time between healing and the liveness rounds (the reference core's breaker cools down in 10 s). */
const HEAL_GRACE_MS = 30_000;

export async function simDrillWorld(o: { seed: number; db: Db; mutant?: string; adapterFactories?: AdapterFactories }): Promise<DrillWorld> {
  const w = await buildSimWorld({ seed: o.seed, db: o.db, ...(o.mutant ? { mutant: o.mutant } : {}), ...(o.adapterFactories ? { adapterFactories: o.adapterFactories } : {}) });
  let ruleIds = 0;
  // Webhooks cross the wire while the traffic runs, when each is due (holds, delays and reorders
  // included), as a PSP sends them: not all at once at the end.
  const deliverDue = async () => {
    await w.sims.stripe.kernel.webhooks.deliverDue();
    await w.sims.adyen.kernel.webhooks.deliverDue();
    await w.core.inbox.drain();
  };

  const startFault = async (f: DrillFault): Promise<ActiveFault | { unsupported: string }> => {
    switch (f.kind) {
      case 'psp': {
        // Added on its own: the rules already there keep their counters (times, nth, after).
        const id = `drill-${++ruleIds}`;
        const added = w.sims[f.provider].kernel.faults.add({ ...f.rule, id });
        if (!added.ok) return { unsupported: `${f.provider}: ${added.message}` };
        return {
          description: `${f.provider}: ${f.rule.effect.type} on ${f.rule.match?.operation ?? f.rule.match?.event ?? 'every request'}`,
          heal: async () => void w.sims[f.provider].kernel.faults.remove(id),
        };
      }
      case 'network': {
        const fault = networkFault(f.toxic, f.attributes ?? {});
        if (!fault) return { unsupported: `${f.toxic} on ${f.target}: no in-process equivalent (live world only)` };
        // Webhooks to the core cross only this path; the merchant's calls to the core do not.
        const key = f.target === 'core_webhooks' ? `${ORIGINS.core}/v1/webhooks` : ORIGINS[f.target];
        w.network.set(key, fault);
        return { description: `${f.target}: ${f.toxic}${fault.type === 'latency' ? ` ${fault.ms} ms` : ''} (in-process network)`, heal: async () => w.network.heal(key) };
      }
      case 'process':
        return { unsupported: 'SIGKILL of the SUT: the simulation world has no process to kill (live world only)' };
    }
  };

  return {
    kind: 'sim',
    driver: w.driver,
    sutUrl: ORIGINS.core,
    runTag: '',
    history: w.history,
    now: () => w.clock.now(),
    sleep: (ms) => w.clock.sleep(ms),
    run: (work) =>
      w.whileTimePasses(
        async () => {
          let done = false;
          const pump = (async () => {
            while (!done) {
              await w.clock.sleep(WEBHOOK_PUMP_MS);
              if (!done) await deliverDue();
            }
          })();
          try {
            return await work();
          } finally {
            done = true;
            await pump;
          }
        },
        { maxVirtualMs: 30 * 60_000 },
      ),
    startFault,
    async settle() {
      // Healing takes time: the SUT's breakers cool down before it is asked to resolve.
      await w.clock.advance(HEAL_GRACE_MS);
      for (let round = 0; round < 3; round++) {
        await w.whileTimePasses(async () => {
          await w.sims.stripe.kernel.webhooks.flush();
          await w.sims.adyen.kernel.webhooks.flush();
          await w.core.inbox.drain();
          await w.driver.reconcile?.();
          await w.core.inbox.drain();
        });
      }
      // What is still held (a stale replay, a long delay) waits for its time: let that time pass.
      for (let i = 0; i < 20; i++) {
        const next = Math.min(...[w.sims.stripe, w.sims.adyen].map((sim) => sim.kernel.webhooks.nextDueAt() ?? Infinity));
        if (!Number.isFinite(next)) break;
        await w.clock.advance(Math.max(0, next - w.clock.now()));
        await w.whileTimePasses(deliverDue);
      }
    },
    ledger: async () => ledgerOf([w.sims.stripe, w.sims.adyen]),
    webhookLagP95Ms: async () => histogramP95(w.core.metrics.render({}), 'gauntlet_webhook_lag_ms'),
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
