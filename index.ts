// `import … from 'gauntlet'`: the package's API, with no CLI in it. What a team needs to test its
// payment integration from its own code: the PSP simulators and how to serve them, the checkers
// (the seven invariants), the reference core (an SUT to copy or to run beside yours), the drill
// library and its runner, the simulation world, the live pieces, and the vitest world fixture's
// framework-free form. The CLI verbs stay behind `npx gauntlet`; `gauntlet/vitest` adds the
// vitest hooks (it needs vitest, which this entry does not).
export * from './spec/index.ts';
export {
  createAdyenSimulator,
  createStripeSimulator,
  serveSimulator,
  inProcessFetch,
  InProcessNetworkError,
  Ledger,
  FaultEngine,
  FaultPlanSchema,
  FaultRuleSchema,
  EMPTY_PLAN,
  validatePlan,
  seededRandom,
  VirtualClock,
  OffsetClock,
  STRIPE_TEST_PAYMENT_METHODS,
  ADYEN_TEST_CARDS,
  ADYEN_TEST_HOLDER_NAMES,
  type Simulator,
  type RunningSimulator,
  type InProcessApp,
  type FaultPlan,
  type FaultRule,
  type Effect,
  type Movement,
  type SimEnv,
} from './simulators/index.ts';
export { createCore, openMemoryStore, sqlStore, openDatabase, DEFAULT_POLICIES, type Core, type CoreOptions, type PaymentView, type Store } from './core/index.ts';
export * from './harness/index.ts';
export { loadDrills, findDrill, loadDrillFile, DRILLS_DIR, DrillSchema, type Drill } from './scenarios/index.ts';
