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
   */
  verdict: 'pass' | 'fail' | 'error' | 'below_threshold';
  /** What was tested, e.g. "reference core" or the driver's path. */
  sut: string;
  contracts: VerificationReport[];
  exploration: (ExploreReport & { mutant?: string | null }) | null;
  drills: DrillResult[];
  /** Harness and setup failures, one line each. */
  errors: string[];
  /** What the gate chose not to do, and why (e.g. exploration skipped for an external SUT). */
  notes: string[];
}

/** The exit code of a gate verdict. */
export const GATE_EXIT: Record<GateReport['verdict'], number> = { pass: 0, fail: 1, error: 2, below_threshold: 3 };

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
    explorationViolations: r.exploration?.violations.length ?? 0,
    drills: r.drills.length,
    drillsFailed: r.drills.filter((d) => d.verdict === 'fail').length,
    drillsVacuous: r.drills.filter((d) => d.verdict === 'vacuous').length,
    drillsNotApplicable: r.drills.filter((d) => d.verdict === 'not_applicable').length,
    drillsBelowThreshold: r.drills.filter((d) => d.verdict === 'below_threshold').length,
    drillViolations: r.drills.reduce((n, d) => n + d.violations.length, 0),
    errors: r.errors.length,
  };
}
