// A drill the gate's budget left out: a result with nothing in it but the reason, so every view
// (console, JUnit <skipped>, HTML, Allure skipped) lists it beside the drills that ran.
import type { Drill } from '../../scenarios/index.ts';
import { historyDigest } from '../history/index.ts';
import type { RunRecord } from '../history/types.ts';
import { measureKpis } from '../drill/kpis.ts';
import type { DrillResult } from '../drill/run-drill.ts';

export function notRunDrill(drill: Drill, world: DrillResult['world'], seed: number, reason: string): DrillResult {
  const record: RunRecord = { seed, history: [], ledger: [], final: [], livenessBoundMs: 60_000 };
  return {
    drill: drill.name,
    world,
    seed,
    verdict: 'not_run',
    passed: false,
    notRun: reason,
    notes: [],
    coverage: [],
    required: [],
    faults: [],
    shortfalls: [],
    durationMs: 0,
    payments: 0,
    faultsApplied: [],
    faultsSkipped: [],
    invariants: [],
    violations: [],
    kpis: measureKpis(record, [], null),
    criteria: [],
    historyDigest: historyDigest([]),
    record,
  };
}
