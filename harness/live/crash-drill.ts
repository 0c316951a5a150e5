// The live crash drill that selftest runs for the crash-only mutant (no-crash-recovery), and the
// correct core must pass: real processes, a real SIGKILL between the provider call and the
// database write, run as a drill by the one runner (runDrill) in the live drill world.
//
//   1. the live world, its core armed to SIGKILL itself right after provider call 2: the
//      authorization is call 1, the capture call 2 (GAUNTLET_CRASH_AFTER_PROVIDER_CALL);
//   2. every Stripe webhook is lost in transit (a drop fault: 20 attempts, more than Stripe's retries): the SUT must not lean on a webhook
//      to learn what its own crashed call did (webhooks get lost, endpoints get misconfigured);
//   3. the drill's one payment authorizes, then captures: the PSP captures, the core dies before
//      it writes the outcome, the merchant's connection dies with it (info);
//   4. the crash fault heals by starting a new core on the same database (recovery runs at its
//      start), then the runner's liveness phase: reconciliation, the final view, the checkers.
// The PSP's ledger says captured; a core that never recovers the open operation says authorized.
import type { Drill } from '../../scenarios/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import { createMerchantApiDriver } from '../driver/index.ts';
import type { FaultCoverage } from '../drill/exercise.ts';
import { liveDrillWorld } from '../drill/live-drill-world.ts';
import { runDrill, type DrillVerdict } from '../drill/run-drill.ts';
import type { Coverage } from '../history/coverage.ts';
import type { RunRecord } from '../history/types.ts';
import { startLiveWorld } from './up.ts';
import { worldControl } from './world-control.ts';

export interface CrashDrillOptions {
  seed: number;
  /** Run the core as this built-in mutant; the correct core when absent. */
  mutant?: string;
  log?: (line: string) => void;
}

export interface CrashDrillReport {
  seed: number;
  mutant: string | null;
  operations: number;
  durationMs: number;
  historyDigest: string;
  record: RunRecord;
  results: CheckResult[];
  violations: Violation[];
  /** The runner's verdict: vacuous when the core never crashed (the drill then proves nothing). */
  verdict: DrillVerdict;
  coverage: Coverage;
  faults: FaultCoverage[];
  shortfalls: string[];
}

/** Provider calls before the crash: the authorization (1), then the capture (2). */
const CRASH_AFTER_PROVIDER_CALL = 2;
/** How long the armed core has to die once the traffic is over. */
const CRASH_DEADLINE_MS = 15_000;

export const CRASH_DRILL: Drill = {
  name: 'crash-after-provider-call',
  description: 'The core SIGKILLs itself right after the capture reached Stripe, before writing the outcome; Stripe webhooks are lost; a new core on the same database must recover the capture.',
  requires: ['authorize', 'capture', 'restart'],
  worlds: ['live'],
  traffic: { rate: 1, duration: '1s', maxPayments: 1, providers: ['stripe'], capture: 'manual', followUps: ['capture'] },
  faults: [
    { at: '0s', kind: 'process', action: 'crash_after_provider_call', calls: CRASH_AFTER_PROVIDER_CALL },
    { at: '0s', kind: 'psp', provider: 'stripe', rule: { match: { event: '*' }, effect: { type: 'drop', attempts: 20 } } },
  ],
  invariants: 'all',
  pass: {},
};

export async function crashDrill(o: CrashDrillOptions): Promise<CrashDrillReport> {
  const started = performance.now();
  const log = o.log ?? (() => undefined);
  const world = await startLiveWorld({ seed: o.seed, simulatorPorts: 'ephemeral', standbyCore: true, crashAfterProviderCall: CRASH_AFTER_PROVIDER_CALL, ...(o.mutant ? { mutant: o.mutant } : {}), log });
  try {
    const first = world.core!;
    log(`crash drill: core pid ${first.pid}${o.mutant ? ` (mutant ${o.mutant})` : ''} dies after provider call ${CRASH_AFTER_PROVIDER_CALL}`);
    const control = worldControl(world.describe(), { restartSut: async () => void (await world.restartCore({ signal: 'SIGKILL' })) });
    const driver = createMerchantApiDriver({ baseUrl: control.sutUrl, fetch: globalThis.fetch.bind(globalThis), requestTimeoutMs: 15_000 });
    const drillWorld = liveDrillWorld({
      control,
      driver,
      armed: {
        afterProviderCall: CRASH_AFTER_PROVIDER_CALL,
        crashed: async () => {
          let timer: NodeJS.Timeout | undefined;
          const deadline = new Promise<false>((r) => (timer = setTimeout(r, CRASH_DEADLINE_MS, false)));
          try {
            return await Promise.race([first.exited.then(() => true as const), deadline]);
          } finally {
            clearTimeout(timer);
          }
        },
      },
    });
    const r = await runDrill(CRASH_DRILL, drillWorld, { seed: o.seed });
    if (r.verdict === 'not_applicable') throw new Error(`crash drill: not applicable: ${r.notApplicable}`);
    return {
      seed: o.seed,
      mutant: o.mutant ?? null,
      operations: r.record.history.filter((e) => e.type === 'invoke').length,
      durationMs: Math.round(performance.now() - started),
      historyDigest: r.historyDigest,
      record: r.record,
      results: r.invariants,
      violations: r.violations,
      verdict: r.verdict,
      coverage: r.coverage,
      faults: r.faults,
      shortfalls: r.shortfalls,
    };
  } finally {
    await world.stop();
  }
}
