// `gauntlet bench`: benchmarks over real HTTP, driven by the pinned vegeta. Figures, not verdicts;
// comparisons are ratios measured in the same run, so a noisy shared machine still says something.
//   simulator: Stripe simulator vs stripe-mock and a bare Hono endpoint, the Adyen simulator, the
//              toxiproxy hop (same vegeta settings for all);
//   cpu:       the Stripe simulator's CPU per request at 0, 50k and 100k PaymentIntents;
//   core:      the reference core's merchant API (create + automatic capture) in the live world,
//              straight to the simulator and with Toxiproxy in the path;
//   harness:   exploration lifecycles/s in the simulation world, and the mutants' selftest;
//   previous:  exploration lifecycles/s against the previous commit's (or, with uncommitted
//              changes, the last commit's), the same runs, in alternating rounds.
// `--quick` runs a tiny version of all of it (a test uses it; the figures then mean little).
// The core and harness suites are loaded only when they run: they pull in the core, PGlite and
// the simulation world, which the simulator suites do not need.
import type { CoreBenchResult } from '../bench/core-bench.ts';
import { benchCpuPerRequest, DEFAULT_CPU_LEVELS, type CpuBenchResult } from '../bench/cpu-per-request.ts';
import type { HarnessBenchResult } from '../bench/harness-bench.ts';
import type { PreviousCommitBench } from '../bench/previous-commit.ts';
import { benchSimulator, isUnavailable, type Measured, type SimulatorBenchResult, type Unavailable } from '../bench/simulator-bench.ts';
import type { LoadReport } from '../bench/vegeta.ts';
import { findTool } from '../toolchain/index.ts';
import { UsageError, parseInteger } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';

const SUITES = ['simulator', 'cpu', 'core', 'harness', 'previous'] as const;
type Suite = (typeof SUITES)[number];

const QUICK_CPU_LEVELS = [0, 1_000, 2_000];

export interface BenchResults {
  simulator?: SimulatorBenchResult;
  cpu?: CpuBenchResult;
  core?: CoreBenchResult;
  harness?: HarnessBenchResult;
  previous?: PreviousCommitBench;
}

export const BENCH_SPEC = {
  name: 'bench',
  options: {
    duration: { value: 'SECONDS', description: 'seconds per server (default 5, or 1 with --quick)' },
    workers: { value: 'N', description: 'vegeta connections', default: '32' },
    only: { value: 'a,b', description: 'only these suites: simulator, cpu, core, harness, previous (comma-separated)' },
    against: { value: 'REF', description: 'the commit the previous suite compares with (default HEAD~1, or HEAD with uncommitted changes)' },
    'cpu-levels': { value: 'N,N', description: 'PaymentIntents stored before each CPU measurement (default 0,50000,100000)' },
    quick: { description: 'a tiny version of everything (the figures then mean little)' },
    json: { description: 'print the figures as one JSON document on stdout' },
  },
  examples: ['npx gauntlet bench --only simulator --duration 5'],
} as const satisfies VerbSpec;

export async function bench(argv: string[]): Promise<number> {
  const { values } = parseVerb(BENCH_SPEC, argv);
  const quick = values.quick;
  const durationSeconds = parseInteger((values.duration ?? (quick ? '1' : '5')).replace(/s$/, ''), '--duration (seconds)', 1, 600);
  const workers = parseInteger(values.workers, '--workers', 1, 1024);
  const only = values.only?.split(',').map((s) => s.trim());
  for (const s of only ?? []) if (!(SUITES as readonly string[]).includes(s)) throw new UsageError(`--only takes ${SUITES.join(', ')} (comma-separated), not ${s}`);
  const suites: Suite[] = only ? SUITES.filter((s) => only.includes(s)) : [...SUITES];
  const cpuLevels = values['cpu-levels'] !== undefined ? parseLevels(values['cpu-levels']) : quick ? QUICK_CPU_LEVELS : [...DEFAULT_CPU_LEVELS];
  const vegeta = await findTool('vegeta');
  if (!vegeta) throw new UsageError('vegeta is not installed: run `make setup` (go install github.com/tsenart/vegeta/v12@v12.13.0)');
  const load = { vegeta: vegeta.path, durationSeconds, workers };
  const settings = `vegeta ${vegeta.version}, ${workers} connections at the highest rate they sustain, ${durationSeconds}s per server`;

  const results: BenchResults = {};
  for (const suite of suites) {
    if (suite === 'simulator') {
      results.simulator = await benchSimulator({ ...load, rounds: quick ? 1 : 5 });
      if (!values.json) printSimulator(results.simulator, settings);
    } else if (suite === 'cpu') {
      results.cpu = await benchCpuPerRequest({ ...load, levels: cpuLevels });
      if (!values.json) printCpu(results.cpu, settings);
    } else if (suite === 'core') {
      const { benchCore } = await import('../bench/core-bench.ts');
      results.core = await benchCore(load);
      if (!values.json) printCore(results.core, settings);
    } else if (suite === 'previous') {
      const { benchPreviousCommit } = await import('../bench/previous-commit.ts');
      results.previous = await benchPreviousCommit({ ...(values.against ? { ref: values.against } : {}), ...(quick ? { runsPerRound: 30, rounds: 1 } : {}) });
      if (!values.json) printPrevious(results.previous);
    } else {
      const { benchHarness } = await import('../bench/harness-bench.ts');
      results.harness = await benchHarness(quick ? { seconds: durationSeconds, selftest: false } : { seconds: Math.max(durationSeconds, 10), selftest: true });
      if (!values.json) printHarness(results.harness);
    }
  }
  if (values.json) console.log(JSON.stringify(results, null, 2));
  return 0;
}

function parseLevels(text: string): number[] {
  const levels = text.split(',').map((s) => parseInteger(s.trim().replace(/k$/i, '000'), '--cpu-levels (PaymentIntents)', 0, 10_000_000));
  if (levels.length === 0) throw new UsageError('--cpu-levels needs at least one level');
  return levels;
}

function row(name: string, r: LoadReport & { cpuMsPerRequest?: number }, unit = 'req/s'): string {
  const cpu = r.cpuMsPerRequest !== undefined ? `   CPU ${r.cpuMsPerRequest.toFixed(3)} ms/req` : '';
  return `${name.padEnd(34)} ${r.throughput.toFixed(0).padStart(8)} ${unit}   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   ok ${(r.successRatio * 100).toFixed(1)}%${cpu}`;
}

function rowOr(name: string, r: Measured | Unavailable): string {
  return isUnavailable(r) ? `${name.padEnd(34)} unavailable: ${r.unavailable}` : row(name, r);
}

function ratio(name: string, value: number | undefined, why?: string): string {
  return `  ${name.padEnd(44)} ${value !== undefined ? `${value.toFixed(2)}x` : `unavailable${why ? ` (${why})` : ''}`}`;
}

function errors(named: Record<string, LoadReport | Unavailable>): void {
  for (const [name, r] of Object.entries(named)) if (!('unavailable' in r) && r.errors.length) console.log(`${name} errors: ${r.errors.join('; ')}`);
}

function printSimulator(r: SimulatorBenchResult, settings: string): void {
  console.log(`simulator benchmark: ${settings} (after a 1 s warm-up, in ${r.rounds} turns each); POST /v1/payment_intents create+confirm (manual capture, its own Idempotency-Key each, as stripe-node sends), Adyen POST /v71/payments (manual capture); CPU is the server's`);
  console.log(row('bare Hono endpoint', r.bare));
  console.log(rowOr('stripe-mock v0.203.0 (stateless)', r.stripeMock));
  console.log(row('Stripe simulator (stateful)', r.stripe));
  console.log(rowOr('Stripe simulator via toxiproxy', r.stripeViaToxiproxy));
  console.log(row('Adyen simulator (stateful)', r.adyen));
  console.log('ratios (throughput, same run):');
  console.log(ratio('Stripe simulator / stripe-mock', r.ratios.stripeVsStripeMock, isUnavailable(r.stripeMock) ? 'stripe-mock: see above' : undefined));
  console.log(ratio('Stripe simulator / bare Hono', r.ratios.stripeVsBare));
  console.log(ratio('Adyen simulator / bare Hono', r.ratios.adyenVsBare));
  console.log(ratio('via toxiproxy / direct (Stripe simulator)', r.ratios.toxiproxyVsDirect, isUnavailable(r.stripeViaToxiproxy) ? 'toxiproxy: see above' : undefined));
  errors({ bare: r.bare, 'stripe-mock': r.stripeMock, stripe: r.stripe, toxiproxy: r.stripeViaToxiproxy, adyen: r.adyen });
}

function printCpu(r: CpuBenchResult, settings: string): void {
  console.log(`\nStripe simulator CPU per request as it fills up (PaymentIntents, events and idempotency keys): ${settings}; create+confirm (manual capture)`);
  for (const l of r.levels) {
    const fill = l.fillCpuMsPerRequest !== undefined ? `   (filling in process: ${l.fillCpuMsPerRequest.toFixed(3)} ms each)` : '';
    console.log(`  at ${String(l.intents).padStart(7)} PaymentIntents   CPU ${l.cpuMsPerRequest.toFixed(3)} ms/req (an empty simulator in turn: ${l.emptyCpuMsPerRequest.toFixed(3)})   ${l.throughput.toFixed(0).padStart(6)} req/s   ${l.requests} requests${fill}`);
  }
  console.log(`  last / first: ${r.lastOverFirst.toFixed(2)}x, each level over the empty simulator measured in turn with it (1.00 is flat)`);
}

function printCore(result: CoreBenchResult, settings: string): void {
  const statuses = (p: Record<string, number>) => Object.entries(p).map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
  console.log(`\ncore benchmark: ${settings}; POST /v1/payments (stripe, automatic capture), PGlite in memory, a fresh Idempotency-Key per request`);
  console.log(row('core → Stripe simulator', result.direct, 'payments/s'));
  console.log(row('core → Toxiproxy → simulator', result.toxiproxy, 'payments/s'));
  console.log(`ratio (Toxiproxy / direct): throughput ${result.throughputRatio.toFixed(2)}, p99 ${result.p99Ratio.toFixed(2)}`);
  console.log(`payments in the core afterwards: direct: ${statuses(result.direct.payments)}; Toxiproxy: ${statuses(result.toxiproxy.payments)}`);
  errors({ direct: result.direct, toxiproxy: result.toxiproxy });
}

function printHarness(r: HarnessBenchResult): void {
  const line = (what: string, f: { runs: number; lifecycles: number; seconds: number; lifecyclesPerSecond: number }) =>
    `  ${what.padEnd(30)} ${String(f.lifecyclesPerSecond).padStart(8)} lifecycles/s  (${f.lifecycles} lifecycles in ${f.runs} runs, ${f.seconds.toFixed(1)} s exploring)`;
  console.log(`\nharness benchmark: exploration on the reference core in the simulation world (start-up excluded), ${process.version}`);
  console.log(line('one process, in-memory store', r.explore));
  if (r.pglite) console.log(line('one process, PGlite', r.pglite) + `  memory/PGlite ${(r.explore.lifecyclesPerSecond / Math.max(r.pglite.lifecyclesPerSecond, 0.1)).toFixed(1)}x`);
  if (r.workers) {
    const w = r.workers;
    const cores = (f: { coresUsed?: number; lifecyclesPerCpuSecond?: number; pinnedCpus?: number[] }) =>
      `${f.pinnedCpus ? `, held to CPU ${f.pinnedCpus.join(' and ')}` : ', placed by the OS'}${f.coresUsed !== undefined ? `, ${f.coresUsed} core${f.coresUsed === 1 ? '' : 's'} used, ${f.lifecyclesPerCpuSecond}/CPU-s` : ''}`;
    console.log(`  --workers ${w.count} against 1 worker, both child processes (node ${w.nodeFlags.join(' ')}), in ${w.rounds} alternating rounds each:`);
    console.log(line('1 worker process, in-memory', w.one) + `  (started in ${w.one.startupMs} ms, not counted${cores(w.one)})`);
    console.log(line(`${w.count} worker processes, in-memory`, w.many) + `  ${w.scaling.toFixed(2)}x 1 worker (started in ${w.many.startupMs} ms, not counted${cores(w.many)})`);
    console.log(`  ${w.count} worker processes over one process above (this process, default flags, measured earlier): ${w.overInProcess.toFixed(2)}x`);
  }
  if (r.selftest) {
    console.log(`selftest: ${r.selftest.killed} mutants killed, ${r.selftest.survived} survived; median time to kill ${r.selftest.medianTimeToKillMs} ms; longest shrunk counterexample ${r.selftest.maxCounterexampleOps} operations`);
    for (const m of r.selftest.report.mutants) {
      console.log(`  ${m.name.padEnd(28)} ${m.skipped ? `skipped (${m.skipped})` : m.killed ? `${String(m.timeToKillMs).padStart(6)} ms  ${m.runs} runs  ${m.counterexampleOps} ops  ${m.invariant}` : 'SURVIVED'}`);
    }
  }
}

function printPrevious(r: PreviousCommitBench): void {
  if ('unavailable' in r) {
    console.log(`\nagainst the previous commit: unavailable (${r.unavailable})`);
    return;
  }
  const line = (what: string, f: { runs: number; lifecycles: number; seconds: number; lifecyclesPerSecond: number }) =>
    `  ${what.padEnd(30)} ${String(f.lifecyclesPerSecond).padStart(8)} lifecycles/s  (${f.lifecycles} lifecycles in ${f.runs} runs, ${f.seconds.toFixed(1)} s exploring)`;
  const against = r.uncommitted ? `the uncommitted changes against ${r.ref}` : `this commit against ${r.ref}`;
  console.log(`\nagainst the previous commit: ${against} (${r.commit.slice(0, 10)} ${r.subject.slice(0, 72)}); \`gauntlet explore --seed ${r.seed} --runs ${r.runsPerRound}\` in each tree, ${r.rounds} alternating rounds, in-memory store`);
  console.log(line(r.uncommitted ? 'work tree' : 'this commit', r.current));
  console.log(line(r.commit.slice(0, 10), r.previous));
  console.log(`  ratio ${r.ratio.toFixed(2)}x; ${r.sameHistories ? 'same history digest: the same runs explored alike (a speed-only change)' : 'history digests differ: the change altered what the runs do'}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}
