// The verb table: each verb's one-line summary (the top-level help lists them without loading any
// verb) and how to load it. Each verb's file exports its runner and the spec its flags are parsed
// and its help generated from (command.ts).
import type { ParentSpec, VerbSpec } from './command.ts';

export type Verb = (argv: string[]) => Promise<number>;
export interface LoadedVerb {
  readonly run: Verb;
  readonly spec: VerbSpec | ParentSpec;
}

export const VERBS: Readonly<Record<string, { summary: string; load: () => Promise<LoadedVerb> }>> = {
  demo: { summary: 'start both simulators and play a narrated payment flow with faults in it', load: async () => { const m = await import('./demo.ts'); return { run: m.demo, spec: m.DEMO_SPEC }; } },
  sim: { summary: 'run one PSP simulator (stripe|adyen) as a server on loopback', load: async () => { const m = await import('./sim.ts'); return { run: m.sim, spec: m.SIM_SPEC }; } },
  up: { summary: 'start the live world: simulators behind Toxiproxy, the core as its own process', load: async () => { const m = await import('./up.ts'); return { run: m.up, spec: m.UP_SPEC }; } },
  core: { summary: 'run the reference payment core as a server (PGlite, or DATABASE_URL)', load: async () => { const m = await import('./core.ts'); return { run: m.core, spec: m.CORE_SPEC }; } },
  explore: { summary: 'simulation world: generated runs under faults, every invariant checked, failures shrunk; --workers N threads, --shard i/n for n machines', load: async () => { const m = await import('./explore.ts'); return { run: m.exploreCommand, spec: m.EXPLORE_SPEC }; } },
  merge: { summary: 'join the JSON of explore --shard i/n runs into one verdict and explore.json (refuses mismatched, overlapping or missing shards)', load: async () => { const m = await import('./merge.ts'); return { run: m.mergeCommand, spec: m.MERGE_SPEC }; } },
  replay: { summary: 'replay one failing run exactly (FILE or --seed S --path P) and print its timeline', load: async () => { const m = await import('./replay.ts'); return { run: m.replayCommand, spec: m.REPLAY_SPEC }; } },
  selftest: { summary: 'run the harness against built-in mutants of the core: each must be caught, the correct core must pass', load: async () => { const m = await import('./selftest.ts'); return { run: m.selftestCommand, spec: m.SELFTEST_SPEC }; } },
  run: { summary: 'live world: a generated workload under real faults (fault plan, Toxiproxy, SIGKILL), then the checkers', load: async () => { const m = await import('./run.ts'); return { run: m.runCommand, spec: m.RUN_SPEC }; } },
  contracts: { summary: 'Pact contracts: verify the committed pacts against a provider URL, or run the consumer side', load: async () => { const m = await import('./contracts.ts'); return { run: m.contracts, spec: m.CONTRACTS_SPEC }; } },
  drill: { summary: 'run one named resilience drill (scenarios/drills/) live or simulated; --list shows the catalogue', load: async () => { const m = await import('./drill.ts'); return { run: m.drillCommand, spec: m.DRILL_SPEC }; } },
  gate: { summary: 'the release gate: contracts, exploration and the drill library; JUnit and HTML reports in reports/out/', load: async () => { const m = await import('./gate.ts'); return { run: m.gateCommand, spec: m.GATE_SPEC }; } },
  certify: { summary: 'certify a provider adapter inside the reference core: capabilities, fault classes, exploration; certificate in reports/out/', load: async () => { const m = await import('./certify.ts'); return { run: m.certifyCommand, spec: m.CERTIFY_SPEC }; } },
  load: { summary: "load under chaos: vegeta at a constant rate against the SUT while a drill's faults run; thresholds, then the invariants", load: async () => { const m = await import('./load.ts'); return { run: m.loadCommand, spec: m.LOAD_SPEC }; } },
  driver: { summary: 'driver check --driver PATH: probe your driver (statuses, amounts, declines, timeouts) before any drill trusts it', load: async () => { const m = await import('./driver.ts'); return { run: m.driverCommand, spec: m.DRIVER_SPEC }; } },
  doctor: { summary: 'show which tools are installed (toxiproxy-server, vegeta, Postgres, Docker)', load: async () => { const m = await import('./doctor.ts'); return { run: (argv) => m.doctor(argv), spec: m.DOCTOR_SPEC }; } },
  bench: { summary: 'benchmark the simulators and the core over real HTTP with vegeta', load: async () => { const m = await import('./bench.ts'); return { run: m.bench, spec: m.BENCH_SPEC }; } },
};
