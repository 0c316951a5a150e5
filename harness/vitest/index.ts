// `gauntlet/vitest`: Gauntlet's simulators and checkers inside a team's own vitest suite.
// gauntletWorld() is the fixture (beforeAll/afterAll); startGauntletWorld() the same world for any
// other runner.
export { gauntletWorld } from './fixture.ts';
export {
  InvariantViolation,
  PROVIDERS,
  startGauntletWorld,
  type AskedOperation,
  type FaultPlanInput,
  type GauntletWorld,
  type GauntletWorldOptions,
  type Observed,
  type Provider,
  type SimulatedProvider,
} from './world.ts';
