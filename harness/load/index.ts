// Load under chaos: vegeta at a constant arrival rate against the SUT while a drill's faults run.
export { MAX_PAYMENTS, runLoad, type LoadOptions, type LoadResult } from './load.ts';
export { openLoadWorld, type LoadWorld, type OpenLoadWorldOptions } from './world.ts';
export { parseRate, splitRate } from './split.ts';
export { startAttack, type Attack, type AttackOptions, type AttackRun } from './attack.ts';
export { DEFAULT_LIMITS, judgeThresholds, type ThresholdLimits, type ThresholdResult } from './thresholds.ts';
export { loadTargets, type LoadTargets } from './targets.ts';
export { decodeResults, summarize, type LoadSummary, type VegetaResult } from './results.ts';
export { emitTargets } from './emit.ts';
