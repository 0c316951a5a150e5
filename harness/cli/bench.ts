// `gauntlet bench`: benchmarks over real HTTP, driven by the pinned vegeta. Figures, not verdicts.
//   simulator: the Stripe simulator next to a bare Hono endpoint on the same stack.
//   core:      the reference core's merchant API (create + automatic capture) in the live world,
//              straight to the simulator and with Toxiproxy in the path.
import { parseArgs } from 'node:util';
import { benchCore, type CoreBenchResult } from '../bench/core-bench.ts';
import { benchHarness, type HarnessBenchResult } from '../bench/harness-bench.ts';
import { benchSimulator, type SimulatorBenchResult } from '../bench/simulator-bench.ts';
import type { LoadReport } from '../bench/vegeta.ts';
import { findTool } from '../toolchain/index.ts';
import { UsageError, parseInteger } from './args.ts';

const SUITES = ['simulator', 'core', 'harness'] as const;
type Suite = (typeof SUITES)[number];

export async function bench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '5' },
      workers: { type: 'string', default: '32' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const durationSeconds = parseInteger(values.duration.replace(/s$/, ''), '--duration (seconds)', 1, 600);
  const workers = parseInteger(values.workers, '--workers', 1, 1024);
  if (values.only !== undefined && !(SUITES as readonly string[]).includes(values.only)) throw new UsageError(`--only must be one of ${SUITES.join(', ')}`);
  const suites: Suite[] = values.only ? [values.only as Suite] : [...SUITES];
  const vegeta = await findTool('vegeta');
  if (!vegeta) throw new UsageError('vegeta is not installed: run `make setup` (go install github.com/tsenart/vegeta/v12@v12.13.0)');
  const load = { vegeta: vegeta.path, durationSeconds, workers };

  const results: { simulator?: SimulatorBenchResult; core?: CoreBenchResult; harness?: HarnessBenchResult } = {};
  for (const suite of suites) {
    if (suite === 'harness') {
      results.harness = await benchHarness({ seconds: Math.max(durationSeconds, 10), selftest: true });
      if (!values.json) printHarness(results.harness);
    } else if (suite === 'simulator') {
      results.simulator = await benchSimulator(load);
      if (!values.json) printSimulator(results.simulator, vegeta.version, workers, durationSeconds);
    } else {
      results.core = await benchCore(load);
      if (!values.json) printCore(results.core, vegeta.version, workers, durationSeconds);
    }
  }
  if (values.json) console.log(JSON.stringify(results, null, 2));
  return 0;
}

function row(name: string, r: LoadReport, unit = 'req/s'): string {
  return `${name.padEnd(34)} ${r.throughput.toFixed(0).padStart(8)} ${unit}   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   ok ${(r.successRatio * 100).toFixed(1)}%`;
}

function errors(named: Record<string, LoadReport>): void {
  for (const [name, r] of Object.entries(named)) if (r.errors.length) console.log(`${name} errors: ${r.errors.join('; ')}`);
}

function printSimulator(result: SimulatorBenchResult, version: string, workers: number, seconds: number): void {
  console.log(`simulator benchmark: vegeta ${version}, ${workers} connections, ${seconds}s per target, POST /v1/payment_intents (create+confirm)`);
  console.log(row('bare Hono endpoint', result.bare));
  console.log(row('Stripe simulator', result.stripe));
  console.log(`ratio (simulator / bare): throughput ${result.throughputRatio.toFixed(2)}, p99 ${result.p99Ratio.toFixed(2)}`);
  errors({ bare: result.bare, stripe: result.stripe });
}

function printCore(result: CoreBenchResult, version: string, workers: number, seconds: number): void {
  const statuses = (p: Record<string, number>) => Object.entries(p).map(([s, n]) => `${s} ${n}`).join(', ') || 'none';
  console.log(`\ncore benchmark: vegeta ${version}, ${workers} connections, ${seconds}s per run, POST /v1/payments (stripe, automatic capture), PGlite in memory, a fresh Idempotency-Key per request`);
  console.log(row('core → Stripe simulator', result.direct, 'payments/s'));
  console.log(row('core → Toxiproxy → simulator', result.toxiproxy, 'payments/s'));
  console.log(`ratio (Toxiproxy / direct): throughput ${result.throughputRatio.toFixed(2)}, p99 ${result.p99Ratio.toFixed(2)}`);
  console.log(`payments in the core afterwards: direct: ${statuses(result.direct.payments)}; Toxiproxy: ${statuses(result.toxiproxy.payments)}`);
  errors({ direct: result.direct, toxiproxy: result.toxiproxy });
}

function printHarness(r: HarnessBenchResult): void {
  console.log(`\nharness benchmark: simulation world on the reference core (PGlite in memory, one process)`);
  console.log(`explore: ${r.explore.runs} runs, ${r.explore.lifecycles} payment lifecycles in ${r.explore.seconds}s: ${r.explore.lifecyclesPerSecond} lifecycles/s`);
  if (r.selftest) {
    console.log(`selftest: ${r.selftest.killed} mutants killed, ${r.selftest.survived} survived; median time to kill ${r.selftest.medianTimeToKillMs} ms; longest shrunk counterexample ${r.selftest.maxCounterexampleOps} operations`);
    for (const m of r.selftest.report.mutants) {
      console.log(`  ${m.name.padEnd(28)} ${m.skipped ? `skipped (${m.skipped})` : m.killed ? `${String(m.timeToKillMs).padStart(6)} ms  ${m.runs} runs  ${m.counterexampleOps} ops  ${m.invariant}` : 'SURVIVED'}`);
    }
  }
}
