// The harness's public face: the engine (Jepsen's driver, nemesis, generator, history, checker and
// the worlds they run in) as the layers above it — reports, the CLI verbs, examples — use it.
// The verbs themselves (harness/cli, harness/gate, harness/certify) sit above reports and are not
// exported here: exporting them would make reports import itself through this file.
export * from './history/index.ts';
export * from './driver/index.ts';
export * from './checker/index.ts';
export { COVERED_OPERATIONS, exercised, measureCoverage, paymentProviders, type Coverage, type CoverageCell, type CoveredOperation } from './history/coverage.ts';
export {
  runDrill,
  type CriterionResult,
  type DrillProgress,
  type DrillResult,
  type DrillVerdict,
  type RunDrillOptions,
} from './drill/run-drill.ts';
export { shortfalls, type FaultCoverage, type Requirement } from './drill/exercise.ts';
export type { DrillKpis } from './drill/kpis.ts';
export { simDrillWorld, type SimDrillWorld } from './drill/sim-drill-world.ts';
export { drillReplayCommand, type DrillReplayContext, type DrillReplayTarget } from './drill/replay-command.ts';
export { describeEvent, explore, replay, replayCommand, type ExploreOptions, type ExploreReport, type ReportedViolation } from './explore/explore.ts';
export { buildSimWorld, SIM_START, type SimWorld, type SimWorldOptions } from './worlds/sim-world.ts';
export { openSimStore, SIM_STORAGES, type SimStorage } from './worlds/sim-store.ts';
export { startLiveSimulator, type Dialect, type LiveSimulator, type LiveSimulatorOptions } from './live/simulators.ts';
export { startLiveCore, type LiveCore, type LiveCoreOptions } from './live/core-process.ts';
export type { DriverEnv } from './driver/load.ts';
export type { AdapterEnv, AdapterFactories, AdapterFactory } from './worlds/adapter-env.ts';
export { startGauntletWorld, InvariantViolation, type GauntletWorld, type GauntletWorldOptions, type Observed, type SimulatedProvider, type FaultPlanInput, type AskedOperation } from './vitest/world.ts';
