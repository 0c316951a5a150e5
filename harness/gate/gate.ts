// The release gate: contract verification, a deterministic exploration within the budget, and the
// drill library, against the reference core by default or the user's service through a driver.
// Verdict: pass (0); fail (1: an invariant, a money criterion or a contract interaction violated:
// a bug, whatever else happened); error (2: the harness or the setup failed, or a drill was
// vacuous — it did not exercise what it targets — a part that proved nothing is never a pass);
// below_threshold (3: money was safe everywhere, but a resilience-policy threshold was missed).
// Drills the SUT cannot take part in (undeclared capabilities) are not applicable: listed, skipped.
import { type Db, openDatabase } from '../../core/index.ts';
import { findDrill, loadDrills, type Drill } from '../../scenarios/index.ts';
import type { VerificationReport } from '../../contracts/index.ts';
import type { GateReport } from '../../reports/index.ts';
import type { CriteriaOverrides } from '../drill/criteria-overrides.ts';
import { runDrill, type DrillResult } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import { openDrillWorld } from '../drill/start-world.ts';
import { explore } from '../explore/explore.ts';
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
  /** Proves the gate can fail: the reference core runs as this built-in mutant in exploration and drills. */
  mutant?: string;
  log?: (line: string) => void;
}

/** Share of the budget the exploration may take. */
const EXPLORATION_SHARE = 0.15;

export async function runGate(o: GateOptions): Promise<GateReport> {
  const started = performance.now();
  const log = o.log ?? (() => undefined);
  const elapsed = () => performance.now() - started;
  const external = Boolean(o.driverPath || o.attach);
  const errors: string[] = [];
  const notes: string[] = [];

  // 1. Contracts: the simulators the drills use must honour the adapters' pacts; the reference
  //    core its merchant pact (a user's service is judged by the drills, through its driver).
  let contracts: VerificationReport[] = [];
  try {
    log('contracts: verifying the committed pacts');
    contracts = await verifyLocalContracts({ core: !external, seed: o.seed });
    log(`contracts: ${contracts.map((r) => `${r.consumer}→${r.provider} ${r.ok ? 'ok' : 'FAIL'}`).join(', ')}`);
  } catch (err) {
    errors.push(`contract verification did not run: ${(err as Error).message}`);
  }

  // 2. Exploration (simulation world: the reference core in process).
  let exploration: GateReport['exploration'] = null;
  const db: Db = await openDatabase({ now: () => 0 });
  try {
    if (external) notes.push('exploration skipped: the simulation world runs the reference core in process, not your service');
    else {
      const timeLimitMs = Math.max(5_000, Math.floor(o.budgetMs * EXPLORATION_SHARE));
      log(`exploration: up to ${Math.round(timeLimitMs / 1000)} s`);
      exploration = { ...(await explore({ seed: o.seed, runs: 100_000, timeLimitMs, db, ...(o.mutant ? { mutant: o.mutant } : {}) })), mutant: o.mutant ?? null };
      log(`exploration: ${exploration.runs} runs, ${exploration.lifecycles} lifecycles, ${exploration.violations.length} violation(s)`);
    }

    // 3. Drills: in the simulation world where the drill runs there and the SUT is the reference
    //    core; live otherwise, all live drills sharing one live world.
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
    const drills: DrillResult[] = [];
    for (const d of sim) {
      if (elapsed() > o.budgetMs) {
        errors.push(`budget of ${o.budgetMs / 1000} s spent before drill ${d.name}`);
        continue;
      }
      const r = await simDrill(d, o, db, log, errors);
      if (r) drills.push(r);
    }
    if (live.length) {
      if (elapsed() > o.budgetMs) errors.push(`budget of ${o.budgetMs / 1000} s spent before the live drills (${live.map((d) => d.name).join(', ')})`);
      else drills.push(...(await liveDrills(live, o, log, errors)));
    }
    // A vacuous drill is the gate's error (it proved nothing), reported by the drill itself, once.
    const vacuous = drills.filter((d) => d.verdict === 'vacuous');
    for (const d of drills) if (d.verdict === 'not_applicable') notes.push(`drill ${d.drill} not applicable: ${d.notApplicable}`);
    const failed = contracts.some((c) => !c.ok) || (exploration?.violations.length ?? 0) > 0 || drills.some((d) => d.verdict === 'fail');
    const belowThreshold = drills.some((d) => d.verdict === 'below_threshold');
    if (drills.length > 0 && drills.every((d) => d.verdict === 'not_applicable')) errors.push('no drill of the library applies to this SUT: check the capabilities its driver declares (gauntlet driver check)');
    return {
      startedAt: o.startedAt,
      durationMs: Math.round(elapsed()),
      verdict: failed ? 'fail' : errors.length || vacuous.length ? 'error' : belowThreshold ? 'below_threshold' : 'pass',
      sut: o.driverPath ? `driver ${o.driverPath}` : o.attach ? `service at ${o.attach.core}` : o.mutant ? `reference core as mutant ${o.mutant}` : 'reference core',
      contracts,
      exploration,
      drills,
      errors,
      notes,
    };
  } finally {
    await db.close();
  }
}

async function simDrill(d: Drill, o: GateOptions, db: Db, log: (l: string) => void, errors: string[]): Promise<DrillResult | undefined> {
  try {
    const r = await runDrill(d, await simDrillWorld({ seed: o.seed, db, ...(o.mutant ? { mutant: o.mutant } : {}) }), drillOptions(d, o));
    log(drillLine(r));
    return r;
  } catch (err) {
    errors.push(`drill ${d.name} (sim) did not complete: ${(err as Error).message}`);
    return undefined;
  }
}

async function liveDrills(drills: Drill[], o: GateOptions, log: (l: string) => void, errors: string[]): Promise<DrillResult[]> {
  const out: DrillResult[] = [];
  for (const d of drills) {
    // One world per drill: a drill's SIGKILLs and database must not leak into the next one's books.
    let w;
    try {
      w = await openDrillWorld({ world: 'live', seed: o.seed, ...(o.driverPath ? { driverPath: o.driverPath } : {}), ...(o.attach ? { attach: o.attach } : {}), ...(o.mutant ? { mutant: o.mutant } : {}) });
    } catch (err) {
      errors.push(`live world for ${d.name} did not start: ${(err as Error).message}`);
      continue;
    }
    try {
      const r = await runDrill(d, w, drillOptions(d, o));
      log(drillLine(r));
      out.push(r);
    } catch (err) {
      errors.push(`drill ${d.name} (live) did not complete: ${(err as Error).message}`);
    } finally {
      await w.close();
    }
  }
  return out;
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
