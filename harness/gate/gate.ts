// The release gate: contract verification, a deterministic exploration within the budget, and the
// drill library, against the reference core by default or the user's service through a driver.
// Verdict: pass (0); fail (1: an invariant, a money criterion or a contract interaction violated:
// a bug, whatever else happened); error (2: the harness or the setup failed, or a drill was
// vacuous — it did not exercise what it targets — a part that proved nothing is never a pass);
// below_threshold (3: money was safe everywhere, but a resilience-policy threshold was missed);
// incomplete (4: nothing failed, but the budget was spent before every drill, or exploration's
// floor, could start: those are reported not run with the reason — never a pass, never an error).
// The budget is planned in budget.ts: contracts, then drills, then exploration with the rest.
// Drills the SUT cannot take part in (undeclared capabilities) are not applicable: listed, skipped.
import type { Store } from '../../core/index.ts';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';
import { findDrill, loadDrills, type Drill } from '../../scenarios/index.ts';
import type { VerificationReport } from '../../contracts/index.ts';
import type { GateDrill, GateReport } from '../../reports/index.ts';
import type { CriteriaOverrides } from '../drill/criteria-overrides.ts';
import { runDrill, type DrillResult } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import { openDrillWorld } from '../drill/start-world.ts';
import { explore, type ExploreOptions, type ExploreReport } from '../explore/explore.ts';
import { GateBudget, MEASURED, planLine, seconds } from './budget.ts';
import { notRunDrill } from './not-run.ts';
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
  /** Below this much time left after the drills, exploration is not run (default EXPLORATION_FLOOR_MS). */
  explorationFloorMs?: number;
  /** What a drill of each world is expected to cost before one has run here (default MEASURED). */
  drillPriorsMs?: Partial<Record<'sim' | 'live', number>>;
  log?: (line: string) => void;
  /** The wall clock in ms (default performance.now); tests inject one with the parts. */
  now?: () => number;
  /** What the gate runs; tests put parts with known costs in their place (default: the real ones). */
  parts?: Partial<GateParts>;
}

/** The gate's working parts, injectable so the budget's planning is tested without real time. */
export interface GateParts {
  contracts: (o: { core: boolean; seed: number }) => Promise<VerificationReport[]>;
  /** The simulation world's storage (in memory), shared by the sim drills and exploration. */
  openStore: (storage: SimStorage) => Promise<Store>;
  simDrill: (d: Drill, o: GateOptions, store: Store) => Promise<DrillResult>;
  /** One live world per drill: a drill's SIGKILLs and database must not leak into the next one's books. */
  liveDrill: (d: Drill, o: GateOptions) => Promise<DrillResult>;
  explore: (o: ExploreOptions) => Promise<ExploreReport>;
}

const REAL_PARTS: GateParts = {
  contracts: (o) => verifyLocalContracts(o),
  openStore: (storage) => openSimStore(storage),
  simDrill: async (d, o, store) => runDrill(d, await simDrillWorld({ seed: o.seed, store, ...(o.mutant ? { mutant: o.mutant } : {}) }), drillOptions(d, o)),
  liveDrill: async (d, o) => {
    const w = await openDrillWorld({ world: 'live', seed: o.seed, ...(o.driverPath ? { driverPath: o.driverPath } : {}), ...(o.attach ? { attach: o.attach } : {}), ...(o.mutant ? { mutant: o.mutant } : {}) });
    try {
      return await runDrill(d, w, drillOptions(d, o));
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
  const parts: GateParts = { ...REAL_PARTS, ...o.parts };
  const budget = new GateBudget({ budgetMs: o.budgetMs, now: o.now ?? (() => performance.now()), ...(o.explorationFloorMs !== undefined ? { explorationFloorMs: o.explorationFloorMs } : {}), drillPriorsMs: o.drillPriorsMs ?? { sim: MEASURED.simDrillMs, live: MEASURED.liveDrillMs } });
  const log = o.log ?? (() => undefined);
  const external = Boolean(o.driverPath || o.attach);
  const errors: string[] = [];
  const notes: string[] = [];
  const notRun: string[] = [];

  // The drills, in the order they run: in the simulation world where the drill runs there and the
  // SUT is the reference core; live otherwise.
  const catalogue: Drill[] = [];
  if (!o.drills) catalogue.push(...loadDrills());
  else
    for (const name of o.drills) {
      try {
        catalogue.push(findDrill(name));
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  catalogue.sort((a, b) => a.name.localeCompare(b.name));
  const sim = external ? [] : catalogue.filter((d) => d.worlds.includes('sim'));
  const live = catalogue.filter((d) => !sim.includes(d) && d.worlds.includes('live'));
  const planned = [...sim.map((d) => ({ d, world: 'sim' as const })), ...live.map((d) => ({ d, world: 'live' as const }))];
  log(planLine(o.budgetMs, planned.length, { contractsMs: MEASURED.contractsMs, drillMs: planned.length ? planned.reduce((n, p) => n + MEASURED[`${p.world}DrillMs`], 0) / planned.length : 0 }));

  // 1. Contracts: the simulators the drills use must honour the adapters' pacts; the reference
  //    core its merchant pact (a user's service is judged by the drills, through its driver).
  let contracts: VerificationReport[] = [];
  await budget.phase('contracts', async () => {
    try {
      log('contracts: verifying the committed pacts');
      contracts = await parts.contracts({ core: !external, seed: o.seed });
      log(`contracts: ${contracts.map((r) => `${r.consumer}→${r.provider} ${r.ok ? 'ok' : 'FAIL'}`).join(', ')}`);
    } catch (err) {
      errors.push(`contract verification did not run: ${(err as Error).message}`);
    }
  });

  const store = await parts.openStore(o.storage ?? 'memory');
  try {
    // 2. Drills, each started only if it fits in what is left (budget.ts); the rest not run.
    const drills: GateDrill[] = [];
    await budget.phase('drills', async () => {
      for (const [i, { d, world }] of planned.entries()) {
        const go = budget.canStartDrill(world);
        if (!go.start) {
          const reason = `budget ${seconds(o.budgetMs)} spent: ${i} of ${planned.length} drills ran (${go.why})`;
          notRun.push(`${planned.length - i} drill(s) not run: ${reason}`);
          for (const rest of planned.slice(i)) drills.push(notRunDrill(rest.d, rest.world, o.seed, reason));
          log(`drills: ${planned.length - i} not run — ${reason}`);
          break;
        }
        const t0 = budget.elapsed();
        try {
          const r = world === 'sim' ? await parts.simDrill(d, o, store) : await parts.liveDrill(d, o);
          const wallMs = Math.round(budget.elapsed() - t0);
          log(`${drillLine(r)} (${seconds(wallMs)})`);
          drills.push({ ...r, wallMs });
        } catch (err) {
          errors.push(`drill ${d.name} (${world}) did not complete: ${(err as Error).message}`);
        } finally {
          budget.drillRan(world, budget.elapsed() - t0);
        }
      }
    });

    // 3. Exploration (simulation world: the reference core in process) with what is left.
    let exploration: GateReport['exploration'] = null;
    let explorationMs: number | null = null;
    if (external) notes.push('exploration skipped: the simulation world runs the reference core in process, not your service');
    else {
      const share = budget.exploration();
      if (share.ms === null) {
        notRun.push(share.why);
        log(share.why);
      } else {
        explorationMs = share.ms;
        log(`exploration: up to ${seconds(share.ms)} (what the contracts and drills left)`);
        const mutant = o.mutant ? { mutant: o.mutant } : {};
        exploration = await budget.phase('exploration', async () => {
          // The memory store makes exploration fast, but it is not the core's SQL: the first runs of
          // the same seed also go through PGlite, so a bug in a statement stays reachable by the gate.
          const sliceMs = Math.floor(share.ms * SQL_SLICE_SHARE);
          const t0 = budget.elapsed();
          const sql = await parts.explore({ seed: o.seed, runs: Math.min(SQL_SLICE_RUNS, o.explorationRuns ?? SQL_SLICE_RUNS), timeLimitMs: sliceMs, storage: 'pglite', noShrink: true, ...mutant });
          log(`exploration on PGlite: ${sql.runs} runs, ${sql.lifecycles} lifecycles, ${sql.violations.length} violation(s)`);
          const restMs = Math.max(1, share.ms - (budget.elapsed() - t0));
          return { ...(await parts.explore({ seed: o.seed, runs: o.explorationRuns ?? 100_000, timeLimitMs: restMs, store, ...mutant })), mutant: o.mutant ?? null, sql: { ...sql, storage: 'pglite' as const } };
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
    await store.close();
  }
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

/** Both simulators and (unless the SUT is the user's) the reference core, on loopback, verified. */
async function verifyLocalContracts(o: { core: boolean; seed: number }): Promise<VerificationReport[]> {
  const { verifyProvider } = await import('../../contracts/index.ts');
  const { startLiveSimulator } = await import('../live/simulators.ts');
  const { startLiveCore } = await import('../live/core-process.ts');
  const stripe = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: o.seed });
  const adyen = await startLiveSimulator({ dialect: 'adyen', port: 0, seed: o.seed + 1 });
  try {
    const reports = [...(await verifyProvider({ provider: 'stripe', baseUrl: stripe.url })), ...(await verifyProvider({ provider: 'adyen', baseUrl: adyen.url }))];
    if (o.core) {
      // The merchant pact's states create payments through the core, which needs its own PSPs.
      const core = await startLiveCore({ port: 0, seed: o.seed, stripeUrl: stripe.url, adyenUrl: adyen.url, log: () => undefined });
      try {
        reports.push(...(await verifyProvider({ provider: 'core', baseUrl: core.url })));
      } finally {
        await core.stop();
      }
    }
    return reports;
  } finally {
    await stripe.stop();
    await adyen.stop();
  }
}
