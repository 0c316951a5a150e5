// The gate's time budget, planned from measured phase costs. The budget is a ceiling, not a target:
// the required work starts together at once — the contracts, the live drills (real processes, mostly
// waiting on real time) and the simulation drills (on worker threads, as many at once as there are
// cores) — and exploration then takes its slice (default EXPLORATION_SLICE_MS) of what is left. A
// drill is started only if the mean wall time of the drills of its world so far fits in what is
// left (less exploration's floor); the first of a world that does not fit stops that world's drills,
// and it and the rest of them are reported not run with the reason. A slow machine thus gets an
// incomplete gate (exit 4) that says what it left out, never an ERROR for time. The clock is
// injected, so the planning is tested without real time.

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

/**
 * Exploration's slice when the drills are done: the gate is a release check, not a soak (`gauntlet
 * explore --workers N`, or shards on many machines, is where volume comes from). ~10 s is a few
 * thousand lifecycles on the in-memory store, with the SQL slice's 25 runs on PGlite inside it.
 */
export const EXPLORATION_SLICE_MS = 10_000;

export type DrillWorldKind = 'sim' | 'live';

export type Decision = { start: true } | { start: false; why: string };

export class GateBudget {
  readonly budgetMs: number;
  readonly explorationFloorMs: number;
  private readonly now: () => number;
  private readonly origin: number;
  private readonly spent: Record<GatePhase, number> = { contracts: 0, drills: 0, exploration: 0 };
  private readonly drillCosts: Record<DrillWorldKind, number[]> = { sim: [], live: [] };
  private readonly stopped: Partial<Record<DrillWorldKind, string>> = {};
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
   * May the next drill of this world start? Yes while its estimated cost fits in what is left of the
   * budget less exploration's floor. Once one does not fit, no later drill of its world starts (time
   * only grows), so the drills of a world that ran are a prefix of its planned order and the report
   * can say "12 of 17 ran". The worlds run side by side, so one world's stop is not the other's.
   */
  canStartDrill(world: DrillWorldKind): Decision {
    const stopped = this.stopped[world];
    if (stopped) return { start: false, why: stopped };
    const estimate = this.drillEstimate(world);
    const room = this.left() - this.explorationFloorMs;
    if (estimate <= room && room > 0) return { start: true };
    const why = `${seconds(this.elapsed())} of the ${seconds(this.budgetMs)} budget spent${estimate > 0 ? `, a ${world} drill takes ~${seconds(estimate)}` : ''}${this.explorationFloorMs ? `, ${seconds(this.explorationFloorMs)} kept for exploration's floor` : ''}`;
    this.stopped[world] = why;
    return { start: false, why };
  }

  /** A drill's measured wall time, for the estimate of the next ones. */
  drillRan(world: DrillWorldKind, wallMs: number): void {
    this.drillCosts[world].push(wallMs);
  }

  /**
   * Exploration's share: its slice (`sliceMs`, default all that is left) of what the contracts and
   * drills left, or why it is not run (less than the floor left).
   */
  exploration(sliceMs: number = Infinity): { ms: number } | { ms: null; why: string } {
    const left = Math.floor(this.left());
    if (left >= this.explorationFloorMs && left > 0) return { ms: Math.min(left, sliceMs) };
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

export interface GatePlan {
  contractsMs: number;
  sim: { drills: number; drillMs: number; threads: number };
  live: { drills: number; drillMs: number };
  /** Exploration's slice (Infinity: the rest of the budget; 0: none). */
  explorationMs: number;
}

/** The line the gate prints at the start: what runs at once, and what it is expected to cost. */
export function planLine(budgetMs: number, p: GatePlan): string {
  const lanes = [`contracts ~${seconds(round(p.contractsMs))}`];
  if (p.sim.drills) lanes.push(`${drills(p.sim.drills, 'sim')} ~${seconds(round((p.sim.drillMs * p.sim.drills) / Math.max(1, Math.min(p.sim.threads, p.sim.drills))))} on ${p.sim.threads} thread${p.sim.threads === 1 ? '' : 's'}`);
  if (p.live.drills) lanes.push(`${drills(p.live.drills, 'live')} ~${seconds(round(p.live.drillMs * p.live.drills))}`);
  if (p.explorationMs <= 0) return `budget ${seconds(budgetMs)}: ${lanes.join(' beside ')}; no exploration`;
  const exploration = Number.isFinite(p.explorationMs) ? `exploration ${seconds(p.explorationMs)}` : 'exploration the rest';
  return `budget ${seconds(budgetMs)}: ${lanes.join(' beside ')}, then ${exploration}`;
}

function drills(n: number, world: string): string {
  return `${n} ${world} drill${n === 1 ? '' : 's'}`;
}

function round(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

/**
 * Phase costs measured on the 2-core development machine under others' load (load average ~5),
 * commit 3b7d563: `npx gauntlet gate --json`, its `phases` and per-drill `wallMs` — contracts
 * 14.7 s and 15.2 s, 16 sim drills 33 s of drill-thread wall time in all (mean ~2 s, two threads,
 * held while the live drill plays its faults), the live drill 26 s; the gate 37 s (42 s with the
 * CLI's start and reports). For the plan printed at the start and a world's first drill; later
 * decisions use this run's own costs.
 */
export const MEASURED = { contractsMs: 15_000, simDrillMs: 2_000, liveDrillMs: 26_000 };

/**
 * The default budget, a ceiling: on this 2-core machine the contracts and every drill run side by
 * side in ~26-31 s (the live drill is the long pole) and exploration takes its 10 s slice after
 * them: 37 s in all, 41 s with the CPU halved (`taskset -c 0`). A runner twice as slow needs ~80 s
 * for the same, so 120 s lets it run every drill and its exploration slice, with room for a slow
 * start. A faster machine simply finishes sooner.
 */
export const DEFAULT_BUDGET = '120s';
