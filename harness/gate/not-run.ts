// A drill the gate's budget left out: a result with nothing in it but the reason, so every view
// (console, JUnit <skipped>, HTML, Allure skipped) lists it beside the drills that ran.
import type { Drill } from '../../scenarios/index.ts';
import { emptyDrillResult, type DrillResult } from '../drill/run-drill.ts';

export function notRunDrill(drill: Drill, world: DrillResult['world'], seed: number, reason: string): DrillResult {
  return { ...emptyDrillResult(drill, world, seed, 'not_run'), notRun: reason };
}
