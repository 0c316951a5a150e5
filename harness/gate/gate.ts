// The release gate: contract verification, a deterministic exploration within the budget, and the
// drill library, against the reference core by default or the user's service through a driver.
// Verdict: pass (0); fail (1: an invariant, a money criterion or a contract interaction violated:
// a bug, whatever else happened); error (2: the harness or the setup failed, or a drill was
// vacuous — it did not exercise what it targets — a part that proved nothing is never a pass);
// below_threshold (3: money was safe everywhere, but a resilience-policy threshold was missed);
// incomplete (4: nothing failed, but the budget was spent before every drill, or exploration's
// floor, could start: those are reported not run with the reason — never a pass, never an error).
// The budget is planned in budget.ts: the contracts, the live drills and the simulation drills (on
// worker threads) start together; exploration then takes its slice of what is left. Drills the
// SUT cannot take part in (undeclared capabilities) are not applicable: listed, skipped.
import type { Store } from '../../core/index.ts';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';
import { findDrill, loadDrills, type Drill } from '../../scenarios/index.ts';
import type { VerificationReport } from '../../contracts/index.ts';
import type { GateDrill, GateReport } from '../../reports/index.ts';
import type { CriteriaOverrides } from '../drill/criteria-overrides.ts';
import { runDrill, type DrillProgress, type DrillResult } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import { openDrillWorld } from '../drill/start-world.ts';
import { explore, type ExploreOptions, type ExploreReport } from '../explore/explore.ts';
import { EXPLORATION_SLICE_MS, GateBudget, MEASURED, planLine, seconds, type DrillWorldKind } from './budget.ts';
import { verifyLocalContracts } from './local-contracts.ts';
import { Hold } from './hold.ts';
import { notRunDrill } from './not-run.ts';
import type { GateStep } from './progress.ts';
import { defaultDrillThreads, openSimDrillPool } from './sim-drill-pool.ts';
import type { LiveWorldDescription } from '../live/up.ts';

export interface GateOptions {
  seed: number;
  budgetMs: number;
  /** ISO time the gate started, for the report (the caller's clock). */
  startedAt: string;
  /** A user's driver module: the drills run live against that service. */
  driverPath?: string;
  /** The live world the user's service runs in (`gauntlet up --json --sut-url …`). */
  attach?: LiveWorldDescription;
  /** Only these drills, by name or path to a drill file (default: the whole catalogue). */
  drills?: string[];
  /** A team's own limits for the resilience-policy criteria, per drill. */
  criteria?: CriteriaOverrides;
  /** The simulation world's storage for the sim drills and exploration (default memory; a slice runs on PGlite anyway). */
  storage?: SimStorage;
  /** Proves the gate can fail: the reference core runs as this built-in mutant in exploration and drills. */
  mutant?: string;
  /** At most this many exploration runs (default: as many as the time left allows). */
  explorationRuns?: number;
  /** Exploration's slice of what the contracts and drills left (default EXPLORATION_SLICE_MS; Infinity: all of it). */
  explorationMs?: number;
  /** Simulation drills run this many at once, on worker threads (default: one per core, at most 2; tests with injected parts: 1). */
  drillThreads?: number;
  /** Below this much time left after the drills, exploration is not run (default EXPLORATION_FLOOR_MS). */
  explorationFloorMs?: number;
  /** What a drill of each world is expected to cost before one has run here (default MEASURED). */
  drillPriorsMs?: Partial<Record<'sim' | 'live', number>>;
  log?: (line: string) => void;
  /** Steps the log lines do not announce (a drill's start), for the live progress (progress.ts). */
  progress?: (step: GateStep) => void;
  /** The wall clock in ms (default performance.now); tests inject one with the parts. */
  now?: () => number;
  /** What the gate runs; tests put parts with known costs in their place (default: the real ones). */
  parts?: Partial<GateParts>;
}

/** What the gate asks of a live drill besides running it. */
export interface LiveDrillHooks {
  /** The drill's phase as it moves on (safety and heal play on the wall clock). */
  onPhase?: (phase: DrillProgress['phase']) => void;
  /** Awaited once the drill's world is up, before its traffic starts (the contracts, beside it until then). */
  beforeTraffic?: () => Promise<void>;
}

/** The gate's working parts, injectable so the budget's planning is tested without real time. */
export interface GateParts {
  contracts: (o: { core: boolean; seed: number }) => Promise<VerificationReport[]>;
  /** The simulation world's storage: exploration's (memory by default) and its SQL slice's (PGlite). */
  openStore: (storage: SimStorage) => Promise<Store>;
  /** One simulation drill; the real part runs it on a worker thread of the gate's pool. */
  simDrill: (d: Drill, o: GateOptions) => Promise<DrillResult>;
  /** One live world per drill: a drill's SIGKILLs and database must not leak into the next one's books. */
  liveDrill: (d: Drill, o: GateOptions, hooks?: LiveDrillHooks) => Promise<DrillResult>;
  explore: (o: ExploreOptions) => Promise<ExploreReport>;
}

const REAL_PARTS: Omit<GateParts, 'simDrill'> = {
  contracts: (o) => verifyLocalContracts(o),
  openStore: (storage) => openSimStore(storage),
  liveDrill: async (d, o, hooks = {}) => {
    const w = await openDrillWorld({ world: 'live', seed: o.seed, ...(o.driverPath ? { driverPath: o.driverPath } : {}), ...(o.attach ? { attach: o.attach } : {}), ...(o.mutant ? { mutant: o.mutant } : {}) });
    try {
      await hooks.beforeTraffic?.();
      const onPhase = hooks.onPhase;
      return await runDrill(d, w, { ...drillOptions(d, o), ...(onPhase ? { onProgress: (p: DrillProgress) => onPhase(p.phase) } : {}) });
    } finally {
      await w.close();
    }
  },
  explore: (o) => explore(o),
};

/** The SQL slice of exploration: at most this many runs of the seed on PGlite... */
const SQL_SLICE_RUNS = 25;
/** ...within this share of exploration's time. */
const SQL_SLICE_SHARE = 0.25;

export async function runGate(o: GateOptions): Promise<GateReport> {
  const injected = o.parts ?? {};
  const budget = new GateBudget({ budgetMs: o.budgetMs, now: o.now ?? (() => performance.now()), ...(o.explorationFloorMs !== undefined ? { explorationFloorMs: o.explorationFloorMs } : {}), drillPriorsMs: o.drillPriorsMs ?? { sim: MEASURED.simDrillMs, live: MEASURED.liveDrillMs } });
  const log = o.log ?? (() => undefined);
  const external = Boolean(o.driverPath || o.attach);
  const errors: string[] = [];
  const notes: string[] = [];
  const notRun: string[] = [];

  // The drills, in the order they are reported: in the simulation world where the drill runs there
  // and the SUT is the reference core; live otherwise.
  const catalogue: Drill[] = [];
  // A drill loaded from a file: its replay command names the file (its name is in no catalogue).
  const sources = new Map<Drill, string>();
  if (!o.drills) catalogue.push(...loadDrills());
  else
    for (const name of o.drills) {
      try {
        const d = findDrill(name);
        catalogue.push(d);
        if (name.endsWith('.json')) sources.set(d, name);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  catalogue.sort((a, b) => a.name.localeCompare(b.name));
  const sim = external ? [] : catalogue.filter((d) => d.worlds.includes('sim'));
  const live = catalogue.filter((d) => !sim.includes(d) && d.worlds.includes('live'));
  const planned = [...sim.map((d) => ({ d, world: 'sim' as const })), ...live.map((d) => ({ d, world: 'live' as const }))];
  const threads = sim.length === 0 ? 0 : Math.min(sim.length, o.drillThreads ?? (injected.simDrill ? 1 : defaultDrillThreads()));
  const slice = o.explorationMs ?? EXPLORATION_SLICE_MS;
  log(planLine(o.budgetMs, { contractsMs: MEASURED.contractsMs, sim: { drills: sim.length, drillMs: MEASURED.simDrillMs, threads }, live: { drills: live.length, drillMs: MEASURED.liveDrillMs }, explorationMs: external || slice <= 0 ? 0 : slice }));
  // A user's service: the pacts are the reference core's adapters' against the simulators, so they
  // vouch for the PSP fakes the service talks to, not for the service (its drills judge it).
  if (external) notes.push("contracts: the simulators verified against the reference core's pacts (so the PSP fakes your service talks to keep the Stripe and Adyen contracts); they do not test your service: its drills do");

  // Exploration's stores open now, beside the other work: the SQL slice's PGlite takes a while.
  const stores = {
    memory: quiet(parts('openStore')(o.storage ?? 'memory')),
    sql: external ? undefined : quiet(parts('openStore')('pglite')),
  };
  // The simulation drills' threads start loading now too (the real part only: tests inject theirs).
  const pool = injected.simDrill || threads === 0 ? undefined : openSimDrillPool({ threads, ...(o.storage ? { storage: o.storage } : {}) });
  const injectedSim = injected.simDrill;
  const simDrill = injectedSim ? (d: Drill) => injectedSim(d, o) : (pool ? (d: Drill) => pool.run({ drill: d, seed: o.seed, ...(o.mutant ? { mutant: o.mutant } : {}), ...(o.criteria?.[d.name] ? { criteria: o.criteria[d.name] } : {}) }) : undefined);

  try {
    // 1. Together, from the start: the contracts (the simulators the drills use must honour the
    //    adapters' pacts; the reference core its merchant pact — a user's service is judged by the
    //    drills, through its driver), the live drills (real time, mostly waiting) and the
    //    simulation drills (CPU, on threads). Each drill starts only if it fits (budget.ts).
    const contractsDone = budget.phase('contracts', async () => {
      try {
        log('contracts: verifying the committed pacts');
        const reports = await parts('contracts')({ core: !external, seed: o.seed });
        log(`contracts: ${reports.map((r) => `${r.consumer}→${r.provider} ${r.ok ? 'ok' : 'FAIL'}`).join(', ')}`);
        return reports;
      } catch (err) {
        errors.push(`contract verification did not run: ${(err as Error).message}`);
        return [];
      }
    });

    const results = new Map<number, GateDrill>();
    const startedIn: Record<DrillWorldKind, number> = { sim: 0, live: 0 };
    // One lane runs its drills one after another; a world's lanes take from one queue in its order.
    const lane = async (queue: { d: Drill; world: DrillWorldKind; i: number }[], run: (d: Drill) => Promise<DrillResult>, ready?: () => Promise<void>) => {
      for (;;) {
        await ready?.();
        const item = queue.shift();
        if (!item) return;
        const { d, world, i } = item;
        const go = budget.canStartDrill(world);
        if (!go.start) {
          const rest = [item, ...queue.splice(0)];
          // Counted in this drill's world, whose lanes start nothing more from now on: final counts
          // (the other world's lanes may still be starting theirs).
          const ofWorld = planned.filter((p) => p.world === world).length;
          const reason = `no room left in the ${seconds(o.budgetMs)} budget for more ${world} drills: ${startedIn[world]} of ${ofWorld} started (${go.why})`;
          notRun.push(`${rest.length} drill(s) not run: ${reason}`);
          for (const r of rest) results.set(r.i, notRunDrill(r.d, r.world, o.seed, reason));
          log(`drills: ${rest.length} ${world} drill(s) not run — ${reason}`);
          return;
        }
        startedIn[world] += 1;
        o.progress?.({ kind: 'drill-start', drill: d.name, world });
        const t0 = budget.elapsed();
        try {
          const r = await run(d);
          const wallMs = Math.round(budget.elapsed() - t0);
          log(`${drillLine(r)} (${seconds(wallMs)}${r.world === 'sim' ? ` wall, ${seconds(r.durationMs)} simulated` : ''})`);
          const source = sources.get(d);
          results.set(i, { ...r, wallMs, ...(source !== undefined ? { source } : {}) });
        } catch (err) {
          errors.push(`drill ${d.name} (${world}) did not complete: ${(err as Error).message}`);
        } finally {
          budget.drillRan(world, budget.elapsed() - t0);
        }
      }
    };
    const drillsDone = budget.phase('drills', async () => {
      const simQueue = planned.flatMap((p, i) => (p.world === 'sim' ? [{ ...p, i }] : []));
      const liveQueue = planned.flatMap((p, i) => (p.world === 'live' ? [{ ...p, i }] : []));
      // A live drill's faults and healing play on the wall clock: no sim drill starts meanwhile
      // (hold.ts), and they start only after the contracts.
      const liveWindow = new Hold();
      const live = async (d: Drill) => {
        try {
          return await parts('liveDrill')(d, o, {
            onPhase: (phase) => (phase === 'safety' || phase === 'heal' ? liveWindow.hold() : liveWindow.release()),
            // Its world starts beside the contracts; its faults play once they are done (they take CPU too).
            beforeTraffic: async () => void (await contractsDone),
          });
        } finally {
          liveWindow.release();
        }
      };
      const lanes: Promise<void>[] = [lane(liveQueue, live)];
      if (simQueue.length) {
        const run = simDrill ?? (async (d: Drill) => runDrill(d, await simDrillWorld({ seed: o.seed, store: await stores.memory, ...(o.mutant ? { mutant: o.mutant } : {}) }), drillOptions(d, o)));
        // In process (no threads) the drills share exploration's store: one at a time.
        for (let t = 0; t < Math.max(1, threads); t++) lanes.push(lane(simQueue, run, () => liveWindow.wait()));
      }
      await Promise.all(lanes);
    });
    const contracts = await contractsDone;
    await drillsDone;
    await pool?.close();
    const drills = [...results.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);

    // 2. Exploration (simulation world: the reference core in process), its slice of what is left.
    let exploration: GateReport['exploration'] = null;
    let explorationMs: number | null = null;
    if (external) notes.push('exploration skipped: the simulation world runs the reference core in process, not your service');
    else if (slice <= 0) {
      // Asked for none (`--exploration 0s`), as `--drills` narrows the drills: said, not played as
      // a time limit of 0 (which explore reads as none, and ran the whole SQL slice).
      notes.push('exploration skipped: --exploration 0s');
      log('exploration: skipped (--exploration 0s)');
    } else {
      const share = budget.exploration(slice);
      if (share.ms === null) {
        notRun.push(share.why);
        log(share.why);
      } else {
        explorationMs = share.ms;
        log(`exploration: up to ${seconds(share.ms)}`);
        const mutant = o.mutant ? { mutant: o.mutant } : {};
        const store = await stores.memory;
        const sqlStore = await stores.sql!;
        exploration = await budget.phase('exploration', async () => {
          // The memory store makes exploration fast, but it is not the core's SQL: the first runs of
          // the same seed also go through PGlite, so a bug in a statement stays reachable by the gate.
          const sliceMs = Math.floor(share.ms * SQL_SLICE_SHARE);
          const t0 = budget.elapsed();
          const sql = await parts('explore')({ seed: o.seed, runs: Math.min(SQL_SLICE_RUNS, o.explorationRuns ?? SQL_SLICE_RUNS), timeLimitMs: sliceMs, storage: 'pglite', store: sqlStore, noShrink: true, ...mutant });
          log(`exploration on PGlite: ${sql.runs} runs, ${sql.lifecycles} lifecycles, ${sql.violations.length} violation(s)`);
          const restMs = Math.max(1, share.ms - (budget.elapsed() - t0));
          return { ...(await parts('explore')({ seed: o.seed, runs: o.explorationRuns ?? 100_000, timeLimitMs: restMs, store, ...mutant })), mutant: o.mutant ?? null, sql: { ...sql, storage: 'pglite' as const } };
        });
        log(`exploration: ${exploration.runs} runs, ${exploration.lifecycles} lifecycles, ${exploration.violations.length} violation(s)`);
      }
    }

    // A vacuous drill is the gate's error (it proved nothing), reported by the drill itself, once.
    const vacuous = drills.filter((d) => d.verdict === 'vacuous');
    for (const d of drills) if (d.verdict === 'not_applicable') notes.push(`drill ${d.drill} not applicable: ${d.notApplicable}`);
    const failed = contracts.some((c) => !c.ok) || (exploration?.violations.length ?? 0) > 0 || (exploration?.sql?.violations.length ?? 0) > 0 || drills.some((d) => d.verdict === 'fail');
    const belowThreshold = drills.some((d) => d.verdict === 'below_threshold');
    const ran = drills.filter((d) => d.verdict !== 'not_run');
    if (ran.length > 0 && ran.every((d) => d.verdict === 'not_applicable')) errors.push('no drill of the library applies to this SUT: check the capabilities its driver declares (gauntlet driver check)');
    return {
      startedAt: o.startedAt,
      durationMs: Math.round(budget.elapsed()),
      // A failure found wins; then a broken harness; then a finding short of a bug; a gap in
      // coverage (not run for time) is never a pass.
      verdict: failed ? 'fail' : errors.length || vacuous.length ? 'error' : belowThreshold ? 'below_threshold' : notRun.length ? 'incomplete' : 'pass',
      sut: o.driverPath ? `driver ${o.driverPath}` : o.attach ? `service at ${o.attach.core}` : o.mutant ? `reference core as mutant ${o.mutant}` : 'reference core',
      contracts,
      exploration,
      drills,
      notRun,
      phases: budget.phases(),
      budget: { ms: o.budgetMs, explorationFloorMs: budget.explorationFloorMs, explorationMs },
      errors,
      notes,
    };
  } finally {
    await pool?.close();
    await Promise.all(Object.values(stores).map(async (s) => (await s?.catch(() => undefined))?.close()));
  }

  function parts<K extends keyof GateParts>(k: K): GateParts[K] {
    return (injected[k] ?? (REAL_PARTS as Partial<GateParts>)[k]) as GateParts[K];
  }
}

/** A promise awaited later: its rejection is handled there, not reported as unhandled meanwhile. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function drillOptions(d: Drill, o: GateOptions) {
  const criteria = o.criteria?.[d.name];
  return { seed: o.seed, ...(criteria ? { criteria } : {}) };
}

/** One line per drill as it ends: the verdict, what ran, and what fell short or does not apply. */
export function drillLine(r: DrillResult): string {
  const head = `drill ${r.drill} (${r.world}): ${r.verdict === 'pass' ? 'pass' : r.verdict.toUpperCase().replace('_', ' ')}`;
  if (r.verdict === 'not_applicable') return `${head} — ${r.notApplicable}`;
  const tail = r.verdict === 'vacuous' ? ` — ${r.shortfalls.join('; ')}` : r.verdict === 'below_threshold' ? ` — thresholds missed: ${r.criteria.filter((c) => !c.ok).map((c) => c.criterion).join(', ')}` : '';
  return `${head} — ${r.payments} payments, ${r.violations.length} violation(s)${tail}`;
}
