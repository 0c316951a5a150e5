// The live crash drill that selftest runs for the crash-only mutant (no-crash-recovery), and the
// correct core must pass: real processes, a real SIGKILL between the provider call and the
// database write.
//
//   1. a Stripe simulator with no webhook endpoint (the SUT must not lean on a webhook to learn
//      what its own crashed call did: webhooks get lost, endpoints get misconfigured);
//   2. the core as its own process on a PGlite directory, armed to SIGKILL itself right after
//      provider call 2: the authorization is call 1, the capture call 2;
//   3. the merchant authorizes, then captures: the PSP captures, the core dies before it writes
//      the outcome, the merchant's connection dies with it (info);
//   4. a new core on the same database (recovery runs at its start), then the liveness phase:
//      reconciliation, the final view, and the same checkers as every other run.
// The PSP's ledger says captured; a core that never recovers the open operation says authorized.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAll, violationsOf } from '../checker/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import { createMerchantApiDriver } from '../driver/index.ts';
import type { Completion } from '../driver/types.ts';
import { HistoryRecorder, historyDigest, ledgerOf } from '../history/index.ts';
import type { OperationName, RunRecord } from '../history/types.ts';
import { freeLoopbackPort } from '../toolchain/index.ts';
import { type CoreChild, generationSeed, spawnCore } from './core-child.ts';
import { startLiveSimulator } from './simulators.ts';

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
}

/** Provider calls before the crash: the authorization (1), then the capture (2). */
const CRASH_AFTER_PROVIDER_CALL = 2;

export async function crashDrill(o: CrashDrillOptions): Promise<CrashDrillReport> {
  const started = performance.now();
  const log = o.log ?? (() => undefined);
  const history = new HistoryRecorder(() => Date.now());
  const cores: CoreChild[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-crash-drill-'));
  const sim = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: o.seed });
  try {
    const port = await freeLoopbackPort();
    const start = async (generation: number, crashAfterProviderCall?: number) => {
      const core = await spawnCore({
        port,
        seed: generationSeed(o.seed, generation),
        stripeUrl: sim.url,
        database: { kind: 'pglite', dir },
        ...(o.mutant ? { mutant: o.mutant } : {}),
        ...(crashAfterProviderCall !== undefined ? { crashAfterProviderCall } : {}),
      });
      cores.push(core);
      return core;
    };
    const first = await start(0, CRASH_AFTER_PROVIDER_CALL);
    log(`crash drill: core pid ${first.pid}${o.mutant ? ` (mutant ${o.mutant})` : ''} dies after provider call ${CRASH_AFTER_PROVIDER_CALL}`);
    const driver = createMerchantApiDriver({ baseUrl: first.url, fetch: globalThis.fetch.bind(globalThis), requestTimeoutMs: 15_000 });
    const record = (op: OperationName, reference: string, args: Record<string, unknown>, call: () => Promise<Completion>) => history.operation(0, op, reference, args, call);

    history.phase('safety');
    const reference = `crash-drill-${o.seed}`;
    const authorize = { reference, amount: 5_000, currency: 'EUR', provider: 'stripe' as const, paymentMethod: 'pm_card_visa', capture: 'manual' as const, idempotencyKey: `${reference}-authorize` };
    const authorized = await record('authorize', reference, authorize, () => driver.authorize(authorize));
    if (authorized.type !== 'ok') throw new Error(`crash drill: the authorization did not succeed (${authorized.type}: ${'error' in authorized ? authorized.error.message : ''})`);
    const id = authorized.value.paymentId;

    history.fault('start', 'sut', `the core SIGKILLs itself after provider call ${CRASH_AFTER_PROVIDER_CALL}, before writing its outcome`);
    const captureKey = `${reference}-capture`;
    await record('capture', reference, { paymentId: id, idempotencyKey: captureKey }, () => driver.capture(id, undefined, captureKey));
    const exit = await Promise.race([first.exited, new Promise<undefined>((r) => setTimeout(r, 15_000, undefined))]);
    if (!exit) throw new Error('crash drill: the core did not die after the capture reached the PSP');
    await start(1);
    history.fault('stop', 'sut', 'core restarted on the same database (recovery runs at its start)');

    history.phase('heal');
    await driver.reconcile?.();
    history.phase('liveness');
    const final = await driver.list();
    history.phase('final');
    const run: RunRecord = { seed: o.seed, history: history.events, ledger: ledgerOf([sim.sim]), final, livenessBoundMs: 60_000 };
    const results = checkAll(run);
    return {
      seed: o.seed,
      mutant: o.mutant ?? null,
      operations: history.events.filter((e) => e.type === 'invoke').length,
      durationMs: Math.round(performance.now() - started),
      historyDigest: historyDigest(history.events),
      record: run,
      results,
      violations: violationsOf(results),
    };
  } finally {
    for (const c of cores) await c.kill().catch(() => undefined);
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
