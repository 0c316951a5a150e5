// `gauntlet <verb>`: the command line. Each verb lives in its own file and is loaded on demand,
// so `gauntlet doctor` does not pay for loading the simulators.
import { handleSignals, parkIfInterrupted, supervisor } from '../supervisor/index.ts';
import { UsageError } from './args.ts';

type Verb = (argv: string[]) => Promise<number>;

const VERBS: Record<string, { summary: string; load: () => Promise<Verb> }> = {
  demo: { summary: 'start both simulators and play a narrated payment flow with faults in it', load: async () => (await import('./demo.ts')).demo },
  sim: { summary: 'run one PSP simulator (stripe|adyen) as a server on loopback', load: async () => (await import('./sim.ts')).sim },
  up: { summary: 'start the live world: simulators behind Toxiproxy, the core as its own process', load: async () => (await import('./up.ts')).up },
  core: { summary: 'run the reference payment core as a server (PGlite, or DATABASE_URL)', load: async () => (await import('./core.ts')).core },
  explore: { summary: 'simulation world: generated runs under faults, every invariant checked, failures shrunk; --workers N threads, --shard i/n for n machines', load: async () => (await import('./explore.ts')).exploreCommand },
  merge: { summary: 'join the JSON of explore --shard i/n runs into one verdict and explore.json (refuses mismatched, overlapping or missing shards)', load: async () => (await import('./merge.ts')).mergeCommand },
  replay: { summary: 'replay one failing run exactly (FILE or --seed S --path P) and print its timeline', load: async () => (await import('./replay.ts')).replayCommand },
  selftest: { summary: 'run the harness against built-in mutants of the core: each must be caught, the correct core must pass', load: async () => (await import('./selftest.ts')).selftestCommand },
  run: { summary: 'live world: a generated workload under real faults (fault plan, Toxiproxy, SIGKILL), then the checkers', load: async () => (await import('./run.ts')).runCommand },
  contracts: { summary: 'Pact contracts: verify the committed pacts against a provider URL, or run the consumer side', load: async () => (await import('./contracts.ts')).contracts },
  drill: { summary: 'run one named resilience drill (scenarios/drills/) live or simulated; --list shows the catalogue', load: async () => (await import('./drill.ts')).drillCommand },
  gate: { summary: 'the release gate: contracts, exploration and the drill library; JUnit and HTML reports in reports/out/', load: async () => (await import('./gate.ts')).gateCommand },
  certify: { summary: 'certify a provider adapter inside the reference core: capabilities, fault classes, exploration; certificate in reports/out/', load: async () => (await import('./certify.ts')).certifyCommand },
  load: { summary: "load under chaos: vegeta at a constant rate against the SUT while a drill's faults run; thresholds, then the invariants", load: async () => (await import('./load.ts')).loadCommand },
  driver: { summary: 'driver check --driver PATH: probe your driver (statuses, amounts, declines, timeouts) before any drill trusts it', load: async () => (await import('./driver.ts')).driverCommand },
  doctor: { summary: 'show which tools are installed (toxiproxy-server, vegeta, Postgres, Docker)', load: async () => (await import('./doctor.ts')).doctor },
  bench: { summary: 'benchmark the simulators and the core over real HTTP with vegeta', load: async () => (await import('./bench.ts')).bench },
};

/**
 * Verbs that start worlds and children and run until they are done: a SIGINT, SIGTERM or SIGHUP
 * stops the world, removes temp dirs, writes the report of what ran (each verb registers its
 * writer with onInterrupt) and exits 130/143. Servers that run until told to stop (up, core, sim,
 * driver) take their signal as the normal end, with their own handler.
 */
const INTERRUPTIBLE: ReadonlySet<string> = new Set(['gate', 'drill', 'run', 'load', 'selftest', 'certify', 'bench', 'explore', 'replay', 'demo']);

export function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  const lines = Object.entries(VERBS).map(([name, v]) => `  ${name.padEnd(width)}  ${v.summary}`);
  return `gauntlet: chaos and contract testing for payment-provider integrations\n\nusage: gauntlet <verb> [options]\n\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
    process.stdout.write(usage());
    return verb ? 0 : 2;
  }
  const entry = VERBS[verb];
  if (!entry) {
    process.stderr.write(`gauntlet: unknown verb "${verb}"\n\n${usage()}`);
    return 2;
  }
  const signals = INTERRUPTIBLE.has(verb) ? handleSignals() : undefined;
  try {
    const code = await (await entry.load())(rest);
    await parkIfInterrupted();
    return code;
  } catch (err) {
    // A run whose world was stopped under it by a signal fails; the handler reports and exits.
    await parkIfInterrupted();
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`gauntlet ${verb}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  } finally {
    if (!signals?.interrupted) {
      signals?.release();
      await sweep(verb);
    }
  }
}

/**
 * Whatever a verb left running is a harness bug, but it must not keep this process alive (the
 * CLI printed its verdict and then hung on an orphaned core): stop it and say so.
 */
async function sweep(verb: string): Promise<void> {
  const left = await supervisor.stopAll(`gauntlet ${verb} finished`);
  if (left.stopped.length || left.released.length) {
    const what = [...left.released, ...left.stopped.map((c) => `${c.name} (pid ${c.pid})`)].join(', ');
    process.stderr.write(`gauntlet ${verb}: still running after the verb returned, now stopped: ${what}\n`);
  }
  for (const e of left.errors) process.stderr.write(`gauntlet ${verb}: while stopping what was left: ${e}\n`);
}
