// The live world run (`gauntlet run --generated`): a drill generated from the seed, run by the one
// runner (runDrill) in the live drill world: real processes and sockets (the world `gauntlet up`
// starts, or one it left running with the user's service and driver), payment flows at a
// generated rate and shape, and a nemesis of real faults timed within the duration: the
// simulators' fault plan, Toxiproxy latency on the wire to a simulator or on the webhook path,
// and SIGKILL + restart of the core when Gauntlet owns its process. Then the runner's heal,
// settle, final read, checkers, coverage and verdict, as for every drill.
// Not deterministic (real time and scheduling); the history still records everything.
import { validateDrill, type Drill, type DrillFault, type FollowUp } from '../../scenarios/index.ts';
import { seededRandom, type FaultRule, type RandomSource } from '../../simulators/index.ts';
import type { Violation } from '../checker/types.ts';
import type { DriverCapabilities } from '../driver/types.ts';
import type { FaultCoverage } from '../drill/exercise.ts';
import { runDrill, type DrillVerdict } from '../drill/run-drill.ts';
import { openDrillWorld } from '../drill/start-world.ts';
import type { Coverage } from '../history/coverage.ts';
import type { LiveWorldDescription } from './up.ts';

export interface LiveRunOptions {
  seed: number;
  durationMs: number;
  /** A user's driver module; by default the merchant-API driver against the world's core. */
  driverPath?: string;
  /**
   * A world already running (what `gauntlet up --json` printed, e.g. with --sut-url for the
   * user's own service): the run attaches to it instead of starting one, and leaves it running.
   * The SUT's process is not ours there, so no SIGKILL faults.
   */
  attach?: LiveWorldDescription;
  /** Upper bound on operations, whatever the duration (bounds the payments, at most 3 operations each). */
  maxOperations?: number;
  log?: (line: string) => void;
}

export interface LiveRunReport {
  seed: number;
  operations: number;
  lifecycles: number;
  faults: number;
  durationMs: number;
  historyDigest: string;
  violations: Violation[];
  /** The runner's verdict on the generated drill. */
  verdict: DrillVerdict;
  /** What the run exercised, per provider × operation. */
  coverage: Coverage;
  /** Each fault applied, and how much it touched. */
  faultCoverage: FaultCoverage[];
  /** What the run fell short of (non-empty: vacuous). */
  shortfalls: string[];
  /** The generated drill, as run. */
  drill: Drill;
}

const PSP_FAULTS: { provider: 'stripe' | 'adyen'; rule: FaultRule }[] = [
  { provider: 'stripe', rule: { match: { operation: 'stripe.payment_intents.capture' }, times: 2, effect: { type: 'timeout_after_commit', hangMs: 0 } } },
  { provider: 'adyen', rule: { match: { operation: 'adyen.payments' }, times: 2, effect: { type: 'error', status: 503 } } },
  { provider: 'stripe', rule: { match: { event: '*' }, times: 3, effect: { type: 'duplicate', copies: 2 } } },
  { provider: 'adyen', rule: { match: { event: '*' }, times: 2, effect: { type: 'bad_signature' } } },
];

/** Payment shapes the generator picks from: what follows each authorization. */
const SHAPES: FollowUp[][] = [['capture', 'partial_refund'], ['capture', 'refund'], ['partial_capture', 'refund'], ['void'], ['capture']];

export async function runLive(o: LiveRunOptions): Promise<LiveRunReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const world = await openDrillWorld({ world: 'live', seed: o.seed, ...(o.driverPath ? { driverPath: o.driverPath } : {}), ...(o.attach ? { attach: o.attach } : {}), log });
  try {
    if (!world.canRestart) log('the SUT is external: no SIGKILL faults (Gauntlet does not own its process)');
    const drill = generatedDrill(o.seed, o.durationMs, world.driver.capabilities, world.canRestart, o.maxOperations);
    log(`generated drill: ${drill.description}`);
    const r = await runDrill(drill, world, { seed: o.seed });
    if (r.verdict === 'not_applicable') throw new Error(`the generated drill is not applicable to this SUT: ${r.notApplicable}`);
    const history = r.record.history;
    const lifecycles = new Set(history.flatMap((e) => (e.type === 'ok' && e.op === 'authorize' ? [e.reference] : []))).size;
    return {
      seed: o.seed,
      operations: history.filter((e) => e.type === 'invoke').length,
      lifecycles,
      faults: r.faultsApplied.length,
      durationMs: Date.now() - started,
      historyDigest: r.historyDigest,
      violations: r.violations,
      verdict: r.verdict,
      coverage: r.coverage,
      faultCoverage: r.faults,
      shortfalls: r.shortfalls,
      drill,
    };
  } finally {
    await world.close();
  }
}

/**
 * A drill from the seed: payments on both PSPs (or those the SUT declares) at 2 to 4 a second,
 * one shape of follow-ups the SUT declares, a few declines and merchant retries; 2 to 4 faults,
 * each starting within the first 60% of the duration and lasting 1 s to a third of it.
 */
export function generatedDrill(seed: number, runMs: number, caps: DriverCapabilities, canRestart: boolean, maxOperations?: number): Drill {
  const random = seededRandom(seed);
  const declared = new Set<string>(caps.operations);
  const shapes = SHAPES.filter((s) => s.every((f) => declared.has(f)));
  const followUps = shapes.length ? shapes[Math.floor(random.next() * shapes.length)]! : [];
  const providers = (['stripe', 'adyen'] as const).filter((p) => caps.providers.includes(p));
  const faults: DrillFault[] = [];
  const count = 2 + Math.floor(random.next() * 3);
  for (let i = 0; i < count; i++) faults.push(nemesis(random, runMs, canRestart, providers));
  const drill: Drill = {
    name: `generated-${seed}`,
    description: `seed ${seed}: payments on ${providers.join(' and ')} (${['authorize', ...followUps].join(' → ')}) under ${faults.length} faults`,
    requires: ['authorize', ...followUps],
    worlds: ['live'],
    traffic: {
      rate: 2 + Math.floor(random.next() * 3),
      duration: `${runMs}ms`,
      ...(maxOperations !== undefined ? { maxPayments: Math.max(1, Math.floor(maxOperations / (1 + followUps.length))) } : {}),
      providers: [...providers],
      capture: 'manual',
      followUps,
      declineRate: 0.15,
      ...(caps.merchantIdempotency ? { retryRate: 0.1 } : {}),
    },
    faults,
    invariants: 'all',
    pass: {},
  };
  const valid = validateDrill(drill, drill.name);
  if (!valid.ok) throw new Error(`generated drill is invalid: ${valid.errors.join('; ')}`);
  return drill;
}

/** One real fault, timed within the run. */
function nemesis(random: RandomSource, runMs: number, canRestart: boolean, providers: readonly string[]): DrillFault {
  const at = `${Math.floor(random.next() * 0.6 * runMs)}ms`;
  const for_ = `${1000 + Math.floor(random.next() * Math.max(1, runMs / 3))}ms`;
  const roll = random.next();
  const psp = PSP_FAULTS.filter((f) => providers.includes(f.provider));
  if ((roll < 0.5 || (roll >= 0.85 && !canRestart)) && psp.length) {
    const f = psp[Math.floor(random.next() * psp.length)]!;
    return { at, for: for_, kind: 'psp', provider: f.provider, rule: f.rule };
  }
  if (roll < 0.85 || !canRestart) {
    const target = random.next() < 0.5 && providers.includes('stripe') ? 'stripe' : 'core_webhooks';
    return { at, for: for_, kind: 'network', target, toxic: 'latency', attributes: { latency: 300, jitter: 100 } };
  }
  return { at, kind: 'process', action: 'sigkill' };
}

