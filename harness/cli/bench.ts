// `gauntlet bench`: benchmarks over real HTTP, driven by the pinned vegeta. Figures, not verdicts.
import { parseArgs } from 'node:util';
import { benchSimulator } from '../bench/simulator-bench.ts';
import { findTool } from '../toolchain/index.ts';
import { UsageError, parseInteger } from './args.ts';

export async function bench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { duration: { type: 'string', default: '5' }, workers: { type: 'string', default: '32' }, json: { type: 'boolean', default: false } },
  });
  const durationSeconds = parseInteger(values.duration.replace(/s$/, ''), '--duration (seconds)', 1, 600);
  const workers = parseInteger(values.workers, '--workers', 1, 1024);
  const vegeta = await findTool('vegeta');
  if (!vegeta) throw new UsageError('vegeta is not installed: run `make setup` (go install github.com/tsenart/vegeta/v12@v12.13.0)');
  const result = await benchSimulator({ vegeta: vegeta.path, durationSeconds, workers });
  if (values.json) {
    console.log(JSON.stringify({ simulator: result }, null, 2));
    return 0;
  }
  const row = (name: string, r: typeof result.bare) =>
    `${name.padEnd(34)} ${r.throughput.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms   ok ${(r.successRatio * 100).toFixed(1)}%`;
  console.log(`simulator benchmark: vegeta ${vegeta.version}, ${workers} connections, ${durationSeconds}s per target, POST /v1/payment_intents (create+confirm)`);
  console.log(row('bare Hono endpoint', result.bare));
  console.log(row('Stripe simulator', result.stripe));
  console.log(`ratio (simulator / bare): throughput ${result.throughputRatio.toFixed(2)}, p99 ${result.p99Ratio.toFixed(2)}`);
  for (const [name, r] of Object.entries({ bare: result.bare, stripe: result.stripe })) {
    if (r.errors.length) console.log(`${name} errors: ${r.errors.join('; ')}`);
  }
  return 0;
}
