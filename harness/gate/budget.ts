// The gate's time budget, planned from measured phase costs. The fixed, required work runs first
// and the elastic work takes what is left: contracts, then the drill library (its coverage is the
// gate's promise), then exploration with the remainder. A drill is started only if the mean wall
// time of the drills of its world so far fits in what is left (less exploration's floor); the
// first one that does not fit stops the drills, and it and the rest are reported not run with the
// reason. A slow machine thus gets an incomplete gate (exit 4) that says what it left out, never
// an ERROR for time. The clock is injected, so the planning is tested without real time.

export type GatePhase = 'contracts' | 'drills' | 'exploration';

export interface BudgetOptions {
  budgetMs: number;
  /** Milliseconds since some fixed origin (performance.now in the gate; a fake in tests). */
  now: () => number;
  /** Below this much time left, exploration is not run (and is reported as not run). */
  explorationFloorMs?: number;
  /**
   * A drill's cost before any of its world has run here (default none: the first one starts if
   * there is any room). Scaled by how fast the other world's drills ran against their own prior,
   * so a slow machine's first live drill is expected to be slow too.
   */
  drillPriorsMs?: Partial<Record<DrillWorldKind, number>>;
}

/**
 * Exploration's floor: enough for a few runs on a slow runner (a run on PGlite took ~70 ms on this
 * 2-core machine, in memory far less), so when the drills leave less than this, exploration is
 * reported not run rather than given a sliver that plays nothing.
 */
export const EXPLORATION_FLOOR_MS = 2_000;

export type DrillWorldKind = 'sim' | 'live';

export type Decision = { start: true } | { start: false; why: string };

export class GateBudget {
  readonly budgetMs: number;
  readonly explorationFloorMs: number;
  private readonly now: () => number;
  private readonly origin: number;
  private readonly spent: Record<GatePhase, number> = { contracts: 0, drills: 0, exploration: 0 };
  private readonly drillCosts: Record<DrillWorldKind, number[]> = { sim: [], live: [] };
  private stopped: string | undefined;
  private readonly priors: Partial<Record<DrillWorldKind, number>>;

  constructor(o: BudgetOptions) {
    this.budgetMs = o.budgetMs;
    this.explorationFloorMs = o.explorationFloorMs ?? EXPLORATION_FLOOR_MS;
    this.now = o.now;
    this.origin = o.now();
    this.priors = o.drillPriorsMs ?? {};
  }

  elapsed(): number {
    return this.now() - this.origin;
  }

  left(): number {
    return this.budgetMs - this.elapsed();
  }

  /** Runs one phase and adds its wall time to the phase's total. */
  async phase<T>(name: GatePhase, work: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await work();
    } finally {
      this.spent[name] += this.now() - t0;
    }
  }

  /** Wall ms per phase so far, rounded. */
  phases(): Record<GatePhase, number> {
    return { contracts: Math.round(this.spent.contracts), drills: Math.round(this.spent.drills), exploration: Math.round(this.spent.exploration) };
  }

  /** Mean wall time of the drills of this world run so far; before the first, its prior (scaled), else 0. */
  drillEstimate(world: DrillWorldKind): number {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const costs = this.drillCosts[world];
    if (costs.length) return mean(costs);
    const prior = this.priors[world] ?? 0;
    const other: DrillWorldKind = world === 'sim' ? 'live' : 'sim';
    const otherPrior = this.priors[other];
    return otherPrior && this.drillCosts[other].length ? prior * (mean(this.drillCosts[other]) / otherPrior) : prior;
  }

  /**
   * May the next drill start? Yes while its estimated cost fits in what is left of the budget less
   * exploration's floor. Once one does not fit, none after it starts (time only grows), so the
   * drills that ran are a prefix of the planned order and the report can say "12 of 17 ran".
   */
  canStartDrill(world: DrillWorldKind): Decision {
    if (this.stopped) return { start: false, why: this.stopped };
    const estimate = this.drillEstimate(world);
    const room = this.left() - this.explorationFloorMs;
    if (estimate <= room && room > 0) return { start: true };
    this.stopped = `${seconds(this.elapsed())} of the ${seconds(this.budgetMs)} budget spent${estimate > 0 ? `, a ${world} drill takes ~${seconds(estimate)}` : ''}${this.explorationFloorMs ? `, ${seconds(this.explorationFloorMs)} kept for exploration's floor` : ''}`;
    return { start: false, why: this.stopped };
  }

  /** A drill's measured wall time, for the estimate of the next ones. */
  drillRan(world: DrillWorldKind, wallMs: number): void {
    this.drillCosts[world].push(wallMs);
  }

  /** Exploration's share: what the contracts and drills left, or why it is not run (less than the floor). */
  exploration(): { ms: number } | { ms: null; why: string } {
    const left = Math.floor(this.left());
    if (left >= this.explorationFloorMs && left > 0) return { ms: left };
    return {
      ms: null,
      why: `exploration not run: budget ${seconds(this.budgetMs)} spent by contracts (${seconds(this.spent.contracts)}) and drills (${seconds(this.spent.drills)}), ${seconds(Math.max(0, left))} left, under its floor of ${seconds(this.explorationFloorMs)}`,
    };
  }
}

/** "60 s", "2.5 s": whole seconds where exact, one decimal otherwise. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The line the gate prints at the start: what it plans to spend where, from measured costs. */
export function planLine(budgetMs: number, drills: number, costs: { contractsMs: number; drillMs: number }): string {
  return `budget ${seconds(budgetMs)}: contracts ~${seconds(round(costs.contractsMs))}, ${drills} drill${drills === 1 ? '' : 's'} ~${seconds(round(costs.drillMs * drills))}, exploration the rest`;
}

function round(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

/**
 * Phase costs measured on the 2-core development machine under its usual load (load average ~8.5:
 * others' tests running), commit 22b875d (sim drills on the in-memory store): `npx gauntlet gate
 * --seed 20261125 --json`, its `phases` and per-drill `wallMs` — contracts 13.8 s, 16 sim drills
 * 39.7 s (mean 2.5 s), the live drill 21.4 s; a second run 17.2 s and 50.3 s in all. For the plan
 * printed at the start and a world's first drill; later decisions use this run's own costs.
 */
export const MEASURED = { contractsMs: 15_000, simDrillMs: 2_500, liveDrillMs: 21_500 };

/**
 * The default budget: twice the measured contracts and drills (2 × ~75 s, a runner half as fast as
 * this machine) with room left for exploration's floor and some runs. Exploration takes the rest,
 * so on this machine the gate uses all of it (~100 s of exploration, ~5,000 runs).
 */
export const DEFAULT_BUDGET = '180s';
