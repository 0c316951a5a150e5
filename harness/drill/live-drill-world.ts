// The live world as a drill world: real processes and sockets, real Toxiproxy toxics on the wire
// to each simulator and on the webhook path to the SUT, the simulators' fault plan over their
// control API, and SIGKILL + restart of the SUT when the harness owns its process.
import type { DrillFault, ToxicName } from '../../scenarios/index.ts';
import { isWebhookEffect } from '../../simulators/index.ts';
import type { Driver } from '../driver/types.ts';
import { HistoryRecorder } from '../history/index.ts';
import { earlyRetries } from '../checker/retry-after.ts';
import { recordDeliveries } from '../live/webhook-deliveries.ts';
import type { WorldControl, ToxicSpec } from '../live/world-control.ts';
import type { ActiveFault, DrillWorld } from './drill-world.ts';
import { histogramP95 } from './kpis.ts';

/**
 * `before`: the ledger movements already there when the drill starts (a world the user keeps
 * running carries earlier runs' money); they are left out of this drill's ledger.
 */
/**
 * `armed`: the SUT was started set to SIGKILL itself right after provider call `afterProviderCall`
 * (GAUNTLET_CRASH_AFTER_PROVIDER_CALL); `crashed` settles true once it died (false if it never
 * did within its deadline). A `crash_after_provider_call` fault with that count is then the
 * drill's traffic provoking the crash; it heals by restarting the SUT on the same database.
 */
export interface ArmedCrash {
  afterProviderCall: number;
  crashed(): Promise<boolean>;
}

export function liveDrillWorld(o: { control: WorldControl; driver: Driver; before?: ReadonlySet<string>; close?: () => Promise<void>; armed?: ArmedCrash }): DrillWorld {
  const { control } = o;
  const before = o.before ?? new Set<string>();
  const history = new HistoryRecorder(() => Date.now());
  const opened = Date.now();
  let toxics = 0;

  const startFault = async (f: DrillFault): Promise<ActiveFault | { unsupported: string }> => {
    switch (f.kind) {
      case 'psp': {
        const id = await control.addPspFault(f.provider, f.rule);
        return {
          description: `${f.provider}: ${f.rule.effect.type} on ${f.rule.match?.operation ?? f.rule.match?.event ?? 'every request'} (fault plan)`,
          heal: () => control.removePspFault(f.provider, id),
          hits: () => control.pspFaultHits(f.provider, id),
          unit: isWebhookEffect(f.rule.effect) ? 'deliveries' : 'requests',
        };
      }
      case 'network': {
        if (f.target === 'sut' || f.target === 'merchant_events') return { unsupported: `${f.toxic} on ${f.target}: the live world has no proxy on that path (only stripe, adyen and core_webhooks)` };
        if (f.toxic === 'down') {
          const down = await control.disable(f.target);
          return { description: `${f.target}: proxy down (Toxiproxy)`, heal: () => down.remove() };
        }
        const spec = toxicSpec(f.toxic, f.attributes ?? {}, `drill_${f.toxic}_${toxics++}`);
        const t = await control.addToxic(f.target, spec);
        return { description: `${f.target}: ${f.toxic} ${JSON.stringify(spec.attributes)} (Toxiproxy)`, heal: () => t.remove() };
      }
      case 'settlement': {
        const before = await control.settlementReportsWithGaps(f.provider);
        await control.addSettlementGap(f.provider, f.gap);
        return {
          description: `${f.provider}: settlement report ${f.gap.type.replace('_', ' ')} (fault plan)`,
          untilJudged: true,
          heal: () => control.clearSettlementGaps(f.provider),
          hits: async () => (await control.settlementReportsWithGaps(f.provider)) - before,
          unit: 'settlement reports',
        };
      }
      case 'process': {
        if (!control.restartSut) return { unsupported: 'SIGKILL of the SUT: its process is not Gauntlet\'s (external SUT)' };
        if (f.action === 'crash_after_provider_call') {
          const armed = o.armed;
          if (armed?.afterProviderCall !== f.calls) return { unsupported: `a crash right after provider call ${f.calls}: the SUT was not started armed for it (GAUNTLET_CRASH_AFTER_PROVIDER_CALL)` };
          const restart = control.restartSut;
          let died: Promise<boolean> | undefined;
          const crashed = () => (died ??= armed.crashed());
          return {
            description: `SUT SIGKILLed itself right after provider call ${f.calls}, before writing its outcome; restarted on the same database`,
            hits: async () => ((await crashed()) ? 1 : 0),
            unit: 'crashes',
            heal: async () => {
              await crashed();
              await restart();
            },
          };
        }
        await control.restartSut();
        return { description: 'SUT SIGKILLed and restarted on the same database', heal: async () => undefined };
      }
    }
  };

  return {
    kind: 'live',
    driver: o.driver,
    sutUrl: control.sutUrl,
    runTag: `r${Date.now().toString(36)}`,
    canRestart: control.restartSut !== undefined,
    history,
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    run: (work) => work(),
    startFault,
    async settle() {
      for (let round = 0; round < 3; round++) {
        await control.flushWebhooks();
        await o.driver.reconcile?.();
        await new Promise((r) => setTimeout(r, 300));
      }
      // Nothing watched the deliveries cross real sockets: the simulators' delivery logs say what
      // went out and what the SUT answered, so webhook integrity and coverage judge it here too.
      recordDeliveries(history, await control.webhookDeliveries(), opened);
    },
    ledger: async () => (await control.ledger()).filter((m) => !before.has(m.id)),
    async webhookLagP95Ms() {
      const res = await fetch(`${control.sutUrl}/metrics`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      return res?.ok ? histogramP95(await res.text(), 'gauntlet_webhook_lag_ms') : null;
    },
    async earlyRetries() {
      // Wall clocks on both sides: a little tolerance; only this drill's requests.
      const logs = await control.requestLogs();
      return Object.values(logs).reduce((n, log) => n + earlyRetries(log.filter((r) => r.at >= opened), { toleranceMs: 50 }).length, 0);
    },
    close: async () => o.close?.(),
  };
}

/** Toxiproxy's attributes for each toxic, with defaults that hurt without stalling a drill forever. */
function toxicSpec(toxic: Exclude<ToxicName, 'down'>, a: Record<string, number>, name: string): ToxicSpec {
  const defaults: Record<Exclude<ToxicName, 'down'>, Record<string, number>> = {
    latency: { latency: 1000, jitter: 0 },
    timeout: { timeout: 0 },
    reset_peer: { timeout: 0 },
    bandwidth: { rate: 8 },
    slicer: { average_size: 64, size_variation: 32, delay: 10 },
    limit_data: { bytes: 512 },
  };
  return { name, type: toxic, stream: 'downstream', toxicity: 1, attributes: { ...defaults[toxic], ...a } };
}
