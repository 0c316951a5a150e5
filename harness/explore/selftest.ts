// The harness proves itself: every built-in mutant of the reference core (one classic payment
// bug each) must be caught, and the correct core must pass the very same runs.
import { type Store, MUTANTS } from '../../core/index.ts';
import { findDrill } from '../../scenarios/index.ts';
import { runDrill } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import { crashDrill } from '../live/crash-drill.ts';
import { describeEvent, explore, type ReportedViolation } from './explore.ts';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';

export interface MutantResult {
  name: string;
  description: string;
  killed: boolean;
  timeToKillMs: number | null;
  runs: number;
  counterexampleOps: number | null;
  invariant: string | null;
  /** Why it was not run here (a mutant only reachable in the live world). */
  skipped?: string;
  violation?: ReportedViolation;
}

export interface SelftestReport {
  seed: number;
  mutants: MutantResult[];
  correctCoreViolations: number;
  correctCoreRuns: number;
}

export interface SelftestOptions {
  seed: number;
  runsPerMutant: number;
  timeLimitMs: number;
  only?: string[];
  /** Run the live-world mutants (real core processes, SIGKILL); default true. */
  live?: boolean;
  /** The core's storage in the simulation world (default memory). */
  storage?: SimStorage;
  onMutant?: (r: MutantResult) => void;
}

export async function selftest(o: SelftestOptions): Promise<SelftestReport> {
  const store = await openSimStore(o.storage);
  const mutants: MutantResult[] = [];
  try {
    for (const m of MUTANTS) {
      if (o.only && !o.only.includes(m.name)) continue;
      if (m.world === 'live') {
        const r: MutantResult = o.live === false ? { name: m.name, description: m.description, killed: false, timeToKillMs: null, runs: 0, counterexampleOps: null, invariant: null, skipped: 'reachable only in the live world, and --no-live was given' } : await liveMutant(m.name, m.description, o.seed);
        mutants.push(r);
        o.onMutant?.(r);
        continue;
      }
      if (m.drill) {
        const r = await drillMutant(m.name, m.description, m.drill, m.invariant, o.seed, store);
        mutants.push(r);
        o.onMutant?.(r);
        continue;
      }
      const started = performance.now();
      // A mutant whose bug is PSP etiquette, not money, is judged by the retry-after measure too.
      const report = await explore({ seed: o.seed, runs: o.runsPerMutant, timeLimitMs: o.timeLimitMs, mutant: m.name, store, ...(m.invariant === 'retry-after' ? { etiquette: true } : {}) });
      const first = report.violations[0];
      const r: MutantResult = {
        name: m.name,
        description: m.description,
        killed: report.violations.length > 0,
        timeToKillMs: report.violations.length ? Math.round(performance.now() - started) : null,
        runs: report.runs,
        counterexampleOps: report.counterexampleOps ?? null,
        invariant: first?.invariant ?? null,
        ...(first ? { violation: first } : {}),
      };
      mutants.push(r);
      o.onMutant?.(r);
    }
    // The correct core passes the same runs with the etiquette measure on: no early retry either.
    const correct = await explore({ seed: o.seed, runs: o.runsPerMutant, timeLimitMs: o.timeLimitMs, store, etiquette: true });
    // The correct core must also pass the live drill the live mutants were judged by.
    // And every drill a drill-judged mutant was killed by.
    const drills = [...new Set(MUTANTS.filter((m) => m.drill && mutants.some((r) => r.name === m.name)).map((m) => m.drill!))];
    let drillFailures = 0;
    for (const name of drills) {
      const r = await runDrill(findDrill(name), await simDrillWorld({ seed: o.seed, store }), { seed: o.seed });
      if (r.verdict !== 'pass') drillFailures += Math.max(1, r.violations.length);
    }
    const liveRuns = o.live === false || !mutants.some((m) => MUTANTS.find((x) => x.name === m.name)?.world === 'live') ? [] : [await crashDrill({ seed: o.seed })];
    return {
      seed: o.seed,
      mutants,
      correctCoreViolations: correct.violations.length + liveRuns.reduce((n, r) => n + r.violations.length, 0) + drillFailures,
      correctCoreRuns: correct.runs + liveRuns.length + drills.length,
    };
  } finally {
    await store.close();
  }
}

/**
 * A mutant only a drill's workload reaches (a key reused for another payment, a settlement file):
 * that drill, in the simulation world, must fail — by an invariant, a money criterion, or the
 * criterion the catalogue names for it.
 */
async function drillMutant(name: string, description: string, drill: string, expected: string, seed: number, store: Store): Promise<MutantResult> {
  const started = performance.now();
  const r = await runDrill(findDrill(drill), await simDrillWorld({ seed, store, mutant: name }), { seed });
  const first = r.violations[0];
  // A bug the merchant only sees as errors (the drill's own platform-failure bound) is caught by
  // that criterion when the catalogue names it; money criteria and invariants always count.
  const missed = r.criteria.find((c) => !c.ok && (!c.policy || c.criterion === expected));
  const killed = r.verdict === 'fail' || missed !== undefined;
  return {
    name,
    description,
    killed,
    timeToKillMs: killed ? Math.round(performance.now() - started) : null,
    runs: 1,
    counterexampleOps: null,
    invariant: first?.invariant ?? missed?.criterion ?? null,
    ...(killed
      ? {
          violation: {
            invariant: first?.invariant ?? missed!.criterion,
            paymentId: first?.paymentId ?? '',
            explanation: first?.explanation ?? `${missed!.criterion}: measured ${missed!.measured} against ${missed!.limit}`,
            timeline: (first?.timeline ?? []).map(describeEvent),
            seed,
            path: '',
            replay: `npx gauntlet drill ${drill} --world sim --seed ${seed} --mutant ${name}`,
          },
        }
      : {}),
  };
}

/** A crash-only mutant: the live crash drill (harness/live/crash-drill.ts), real processes. */
async function liveMutant(name: string, description: string, seed: number): Promise<MutantResult> {
  const started = performance.now();
  const r = await crashDrill({ seed, mutant: name });
  const first = r.violations[0];
  return {
    name,
    description,
    killed: r.violations.length > 0,
    timeToKillMs: first ? Math.round(performance.now() - started) : null,
    runs: 1,
    counterexampleOps: first ? r.operations : null,
    invariant: first?.invariant ?? null,
    ...(first
      ? {
          violation: {
            invariant: first.invariant,
            paymentId: first.paymentId,
            explanation: first.explanation,
            timeline: first.timeline.map(describeEvent),
            seed,
            path: '',
            // Real processes and wall time: not replayable byte for byte, but the drill is fixed.
            replay: `gauntlet selftest --only ${name} --seed ${seed}`,
          },
        }
      : {}),
  };
}
