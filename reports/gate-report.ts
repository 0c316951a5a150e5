// The release gate's report: everything one gate run found (contracts, exploration, drills, and the
// harness's own failures), as data. JUnit, HTML and JSON are views of this one value, so they
// cannot disagree about what happened.
import type { VerificationReport } from '../contracts/index.ts';
import type { DrillResult, ExploreReport } from '../harness/index.ts';

export interface GateReport {
  /** ISO time the gate started, from the caller: report code never reads the clock. */
  startedAt: string;
  durationMs: number;
  /**
   * `fail` (exit 1): a bug — an invariant, a money criterion or a contract interaction violated.
   * `error` (exit 2): the harness or the setup failed, or a drill was vacuous (proved nothing).
   * `below_threshold` (exit 3): money safe everywhere, a resilience-policy threshold missed.
   * `incomplete` (exit 4): nothing failed, but the time budget was spent before every drill (or
   *   exploration's floor) could start; what was left out is in `notRun`. Never a pass: a green
   *   must be earned. A failure found in what did run still wins (`fail`).
   */
  verdict: 'pass' | 'fail' | 'error' | 'below_threshold' | 'incomplete';
  /** What was tested, e.g. "reference core" or the driver's path. */
  sut: string;
  contracts: VerificationReport[];
  /**
   * Exploration in the simulation world (the core on the in-memory store); `sql` is its first runs
   * of the same seed with the core on PGlite, so the core's SQL is exercised too.
   */
  exploration: (ExploreReport & { mutant?: string | null; sql?: ExploreReport & { storage: 'pglite' } }) | null;
  drills: GateDrill[];
  /** What the budget left out, one line each with the reason (drills not run, exploration not run). */
  notRun?: string[];
  /** Wall time of each phase (ms), in the order they ran: the budget's plan made visible. */
  phases?: GatePhases;
  /** The budget and how it was shared out. */
  budget?: GateBudget;
  /** Harness and setup failures, one line each. */
  errors: string[];
  /** What the gate chose not to do, and why (e.g. exploration skipped for an external SUT). */
  notes: string[];
}

/**
 * A drill as the gate ran it: its result, the wall time it took on this machine, the built-in
 * mutant the reference core ran as and the file it came from, if any (so its replay command can name them).
 */
export type GateDrill = DrillResult & { wallMs?: number; mutant?: string | null; /** The drill file it was loaded from (`--drills mine/x.json`): what its replay command names. */ source?: string };

/** The mutant a gate drill ran as: its own, else the gate's (the gate runs one mutant throughout). */
export function drillMutant(report: Pick<GateReport, 'exploration'>, d: GateDrill): string | null {
  return d.mutant ?? report.exploration?.mutant ?? null;
}

/** Wall milliseconds per phase, in the order the gate runs them. */
export interface GatePhases {
  contracts: number;
  drills: number;
  exploration: number;
}

export interface GateBudget {
  /** The whole budget (`--budget`). */
  ms: number;
  /** Exploration's floor: below this much time left, exploration is not run (and said so). */
  explorationFloorMs: number;
  /** The time exploration was given (what the contracts and drills left), or null if not run. */
  explorationMs: number | null;
}

/** The exit code of a gate verdict. */
export const GATE_EXIT: Record<GateReport['verdict'], number> = { pass: 0, fail: 1, error: 2, below_threshold: 3, incomplete: 4 };

/** The counts every view leads with. */
export interface GateTotals {
  pacts: number;
  interactions: number;
  interactionsFailed: number;
  explorationRuns: number;
  explorationViolations: number;
  drills: number;
  drillsFailed: number;
  drillsVacuous: number;
  drillsNotApplicable: number;
  drillsBelowThreshold: number;
  drillsNotRun: number;
  drillViolations: number;
  errors: number;
}

export function gateTotals(r: GateReport): GateTotals {
  const interactions = r.contracts.flatMap((c) => c.interactions);
  return {
    pacts: r.contracts.length,
    interactions: interactions.length,
    interactionsFailed: interactions.filter((i) => !i.ok).length,
    explorationRuns: r.exploration?.runs ?? 0,
    explorationViolations: (r.exploration?.violations.length ?? 0) + (r.exploration?.sql?.violations.length ?? 0),
    drills: r.drills.length,
    drillsFailed: r.drills.filter((d) => d.verdict === 'fail').length,
    drillsVacuous: r.drills.filter((d) => d.verdict === 'vacuous').length,
    drillsNotApplicable: r.drills.filter((d) => d.verdict === 'not_applicable').length,
    drillsBelowThreshold: r.drills.filter((d) => d.verdict === 'below_threshold').length,
    drillsNotRun: r.drills.filter((d) => d.verdict === 'not_run').length,
    drillViolations: r.drills.reduce((n, d) => n + d.violations.length, 0),
    errors: r.errors.length,
  };
}
