// The certification battery: the team's adapter inside the reference core, in the simulation
// world (one process, virtual clock, everything seeded), through capabilities, fault classes and
// a short exploration; the certificate says what held and what did not, per item and as a whole.
import { type Store, type ProviderName } from '../../core/index.ts';
import type { AdapterFactory } from '../worlds/adapter-env.ts';
import { CAPABILITY_IDS, runCapability, type CapabilityResult } from './capabilities.ts';
import { matrixOf, verdictOf, type Certificate } from './certificate.ts';
import { runExploration, type ExplorationResult } from './exploration.ts';
import { runFaultClass, selectDrills, type FaultClassResult } from './fault-classes.ts';
import { loadDrills } from '../../scenarios/index.ts';
import { openSimStore } from '../worlds/sim-store.ts';

export interface BatteryOptions {
  /** The adapter module as the user named it (for the certificate and the rerun command). */
  adapterPath: string;
  factory: AdapterFactory;
  dialect: ProviderName;
  seed: number;
  /** When the certificate is issued, ISO 8601: the caller's clock (library code reads none). */
  issuedAt: string;
  /** Only these drills as fault classes (the certificate is then `incomplete` at best). */
  drills?: string[];
  /** Generated runs of the exploration; 0 skips it. Default 50. */
  exploreRuns?: number;
  /** A database to reuse (each world empties it first); one is opened and closed otherwise. */
  store?: Store;
  log?: (line: string) => void;
}

export const DEFAULT_EXPLORE_RUNS = 50;

export async function runBattery(o: BatteryOptions): Promise<Certificate> {
  const log = o.log ?? (() => undefined);
  // An unknown drill name is a mistake in the call: refused before anything runs.
  const drills = selectDrills(o.drills);
  const store = o.store ?? (await openSimStore());
  try {
    const common = { seed: o.seed, store, dialect: o.dialect, factory: o.factory };
    log(`certifying ${o.adapterPath} as a ${o.dialect} adapter, seed ${o.seed}`);

    const capabilities: CapabilityResult[] = [];
    for (const id of CAPABILITY_IDS) {
      const r = await runCapability(id, common);
      capabilities.push(r);
      log(`  capability  ${r.passed ? 'pass' : 'FAIL'}  ${id}${r.passed ? '' : `: ${r.explanation}`}`);
    }

    const faultClasses: FaultClassResult[] = [];
    for (const drill of drills) {
      const r = await runFaultClass(drill, common);
      faultClasses.push(r);
      log(`  fault class ${r.status === 'pass' ? 'pass' : r.status === 'fail' ? 'FAIL' : r.status === 'vacuous' ? 'VACUOUS' : 'n/a '}  ${drill.name}${r.status === 'pass' ? '' : `: ${r.explanation}`}`);
    }
    const omitted = loadDrills()
      .map((d) => d.name)
      .filter((n) => !drills.some((d) => d.name === n));

    const runs = o.exploreRuns ?? DEFAULT_EXPLORE_RUNS;
    let exploration: ExplorationResult | null = null;
    if (runs > 0) {
      exploration = await runExploration({ ...common, runs });
      log(`  exploration ${exploration.violations.length ? 'FOUND' : 'pass '}  ${exploration.runs} runs, ${exploration.lifecycles} payment lifecycles, ${exploration.violations.length} violation(s) (reported, not in the verdict)`);
    }

    const { verdict, reason } = verdictOf({ capabilities, faultClasses, omitted, exploration });
    return {
      kind: 'gauntlet-adapter-certificate',
      version: 1,
      adapter: o.adapterPath,
      dialect: o.dialect,
      seed: o.seed,
      issuedAt: o.issuedAt,
      verdict,
      reason,
      matrix: matrixOf(capabilities, faultClasses),
      capabilities,
      faultClasses,
      omitted,
      exploration,
      rerun: rerunCommand(o),
    };
  } finally {
    if (!o.store) await store.close();
  }
}

function rerunCommand(o: BatteryOptions): string {
  const drills = o.drills ? ` --drills ${o.drills.join(',')}` : '';
  const runs = o.exploreRuns !== undefined && o.exploreRuns !== DEFAULT_EXPLORE_RUNS ? ` --explore-runs ${o.exploreRuns}` : '';
  return `npx gauntlet certify --adapter ${o.adapterPath} --dialect ${o.dialect} --seed ${o.seed}${drills}${runs}`;
}
