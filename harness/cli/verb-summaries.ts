// What each verb is for, one line: shown in `gauntlet --help` and as each verb's description.
// Apart from verbs.ts (which loads the verbs) so the help builder (command.ts), which every verb
// imports, does not import the verbs back.
export const VERB_SUMMARIES: Readonly<Record<string, string>> = {
  demo: 'start both simulators and play a narrated payment flow with faults in it',
  sim: 'run one PSP simulator (stripe|adyen) as a server on loopback',
  up: 'start the live world: simulators behind Toxiproxy, the core as its own process',
  core: 'run the reference payment core as a server (PGlite, or DATABASE_URL)',
  explore: 'simulation world: generated runs under faults, every invariant checked, failures shrunk; --workers N processes, --shard i/n for n machines',
  merge: 'join the JSON of explore --shard i/n runs into one verdict and explore.json (refuses mismatched, overlapping or missing shards)',
  replay: 'replay one failing run exactly (FILE or --seed S --path P) and print its timeline',
  selftest: 'run the harness against built-in mutants of the core: each must be caught, the correct core must pass',
  run: 'live world: a generated workload under real faults (fault plan, Toxiproxy, SIGKILL), then the checkers',
  contracts: 'Pact contracts: verify the committed pacts against a provider URL, or run the consumer side',
  drill: 'run one named resilience drill (scenarios/drills/) live or simulated; --list shows the catalogue',
  gate: 'the release gate: contracts, exploration and the drill library; JUnit and HTML reports in reports/out/',
  certify: 'certify a provider adapter inside the reference core: capabilities, fault classes, exploration; certificate in reports/out/',
  load: "load under chaos: vegeta at a constant rate against the SUT while a drill's faults run; thresholds, then the invariants",
  driver: 'driver check --driver PATH: probe your driver (statuses, amounts, declines, timeouts) before any drill trusts it',
  doctor: 'show which tools are installed (toxiproxy-server, vegeta, Postgres, Docker)',
  bench: 'benchmark the simulators and the core over real HTTP with vegeta',
};
