// `gauntlet load --drill NAME --rate R --duration D`: load under chaos. vegeta (MIT, the pinned
// load tool; k6 is AGPL and not used here) drives the SUT's merchant API at a constant arrival
// rate as the traffic of the drill runner (runDrill), while the drill's fault schedule runs, in the
// live world; then heal, settle, the drill's invariants, coverage and verdict, and the load's
// thresholds. Exit 0 when the drill's verdict is pass and the thresholds hold, 1 otherwise
// (a violation, a missed threshold, or a vacuous run: a fault that never fired proves nothing),
// 2 when the run could not be set up.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { durationMs, type Drill } from '../../scenarios/index.ts';
import { describeEvent } from '../explore/explore.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { MAX_PAYMENTS, emitTargets, loadTargets, openLoadWorld, parseRate, runLoad, type LoadResult, type LoadWorld } from '../load/index.ts';
import { findTool } from '../toolchain/index.ts';
import { onInterrupt, parkIfInterrupted } from '../supervisor/index.ts';
import { UsageError, parseInteger } from './args.ts';
import { findNamedDrill } from './drill-name.ts';
import { readWorldFile } from './world-file.ts';
import { parseVerb, type VerbSpec } from './command.ts';

export const LOAD_SPEC = {
  name: 'load',
  options: {
    drill: { value: 'NAME|FILE.json', description: 'the drill whose faults run under the load (a live-world drill)' },
    rate: { value: 'R', description: 'requests per second (50, 50/s), constant arrival rate' },
    duration: { value: 'D', description: 'how long (4s, 2m, or seconds)' },
    processes: { value: 'N', description: 'vegeta processes the rate is split over', default: '1' },
    'max-workers': { value: 'W', description: 'most vegeta workers in all', default: '64' },
    timeout: { value: 'D', description: 'per-request timeout', default: '15s' },
    p95: { value: 'MS', description: 'threshold: p95 latency in ms', default: '2000' },
    'max-platform-errors': { value: 'F', description: 'threshold: the largest share of platform errors', default: '0.05' },
    seed: { value: 'S', description: 'the seed (default: a fresh one)' },
    'world-file': { value: 'FILE', description: 'attach to the world `gauntlet up --json > FILE` started' },
    out: { value: 'DIR', description: 'where the load report goes' },
    json: { description: 'print the result as one JSON document on stdout (progress on stderr)' },
    'emit-targets': { description: 'print vegeta targets for one machine of a distributed load (with --sut-url, --count)' },
    'sut-url': { value: 'URL', description: 'with --emit-targets: the merchant API to target' },
    count: { value: 'N', description: 'with --emit-targets: how many targets' },
  },
  examples: ['npx gauntlet load --drill flaky-5xx --rate 20 --duration 30s'],
  notes: 'Exit 0 the drill passed and the thresholds held, 1 otherwise (a violation, a missed threshold, a vacuous run),\n2 the run could not be set up.',
} as const satisfies VerbSpec;

export async function loadCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseVerb(LOAD_SPEC, argv);
  if (values['emit-targets']) return emit(values['sut-url'], values.count, values.seed);
  if (positionals.length || !values.drill || !values.rate || !values.duration) throw new UsageError('--drill, --rate and --duration are required');
  let drill: Drill;
  drill = findNamedDrill(values.drill);
  if (!drill.worlds.includes('live')) throw new UsageError(`${drill.name} runs in: ${drill.worlds.join(', ')} (load needs the live world)`);
  const rate = usage(() => parseRate(values.rate!));
  const duration = parseDurationArg(values.duration, '--duration', 600_000);
  if (Math.ceil((rate * duration) / 1000) > MAX_PAYMENTS) throw new UsageError(`--rate × --duration is more than ${MAX_PAYMENTS} payments, what one run can check (the final view is one page of the merchant API); split it over runs or machines (scenarios/load/README.md)`);
  const processes = parseInteger(values.processes, '--processes', 1, rate);
  const maxWorkers = parseInteger(values['max-workers'], '--max-workers', processes, 4096);
  const timeoutMs = parseDurationArg(values.timeout, '--timeout', 120_000);
  const p95Ms = parseNumber(values.p95, '--p95 (ms)', 1, 3_600_000);
  const maxPlatformErrorRate = parseNumber(values['max-platform-errors'], '--max-platform-errors (a fraction)', 0, 1);
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1) : freshSeed() % 2 ** 31;
  const worldFile = values['world-file'];
  const attach = worldFile ? (await readWorldFile(worldFile)).world : undefined;
  const say = values.json ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);

  const vegeta = await findTool('vegeta');
  if (!vegeta) {
    process.stderr.write('gauntlet load: vegeta is not installed: run `make setup` (go install github.com/tsenart/vegeta/v12@v12.13.0)\n');
    return 2;
  }
  let outDir: string;
  try {
    outDir = values.out ? resolve(values.out) : await mkdtemp(join(tmpdir(), 'gauntlet-load-'));
    await mkdir(outDir, { recursive: true });
  } catch (err) {
    process.stderr.write(`gauntlet load: --out: ${(err as Error).message}\n`);
    return 2;
  }

  let lw: LoadWorld;
  try {
    lw = await openLoadWorld({ seed, ...(attach ? { attach } : {}), log: (l) => say(`[world] ${l}`) });
  } catch (err) {
    process.stderr.write(`gauntlet load: the live world did not start: ${(err as Error).message}\n`);
    return 2;
  }
  say(`load under drill ${drill.name} (live world, seed ${seed}, vegeta ${vegeta.version}): ${drill.description}`);
  // SIGINT/SIGTERM: the supervisor stops vegeta and the world; vegeta's results so far stay in outDir.
  const began = performance.now();
  onInterrupt((signal) => {
    const elapsedMs = Math.round(performance.now() - began);
    if (values.json) console.log(JSON.stringify({ drill: drill.name, seed, verdict: 'interrupted', signal, elapsedMs, outDir }));
    else console.log(`\nload under ${drill.name} (seed ${seed}): INTERRUPTED by ${signal} after ${(elapsedMs / 1000).toFixed(1)} s: no verdict; vegeta's results so far are in ${outDir}`);
  });
  let result: LoadResult;
  try {
    result = await runLoad(drill, lw, { vegeta: vegeta.path, rate, durationMs: duration, seed, outDir, processes, maxWorkers, timeoutMs, limits: { p95Ms, maxPlatformErrorRate }, log: say });
  } catch (err) {
    await parkIfInterrupted();
    process.stderr.write(`gauntlet load: the run failed: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await parkIfInterrupted();
    await lw.world.close();
  }
  if (values.json) {
    const { record: _record, ...rest } = result;
    console.log(JSON.stringify(rest));
  } else printSummary(result);
  return result.passed ? 0 : 1;
}

/** Endless (or `count`) targets on stdout for `vegeta attack -lazy -format=json` elsewhere. */
async function emit(sutUrl: string | undefined, count: string | undefined, seed: string | undefined): Promise<number> {
  if (!sutUrl || !/^https?:\/\/[^/]+$/.test(sutUrl.replace(/\/$/, ''))) throw new UsageError('--emit-targets needs --sut-url http://host:port (the SUT\'s merchant API)');
  const n = count !== undefined ? parseInteger(count, '--count', 1, 10_000_000) : Infinity;
  const targets = loadTargets({ sutUrl: sutUrl.replace(/\/$/, ''), seed: seed !== undefined ? parseInteger(seed, '--seed', 0, 2 ** 31 - 1) : freshSeed() % 2 ** 31 });
  await emitTargets(process.stdout, targets.next, n);
  return 0;
}

function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** "4s", "500ms", "2m", or a bare number of seconds. */
function parseDurationArg(raw: string, name: string, maxMs: number): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : usage(() => durationMs(raw));
  if (!(ms >= 1 && ms <= maxMs)) throw new UsageError(`${name} must be from 1ms to ${maxMs / 1000}s`);
  return ms;
}

function parseNumber(raw: string, name: string, min: number, max: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} must be a number from ${min} to ${max}`);
  return n;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} ms`);

function printSummary(r: LoadResult): void {
  const v = r.vegeta;
  const k = r.kpis;
  const codes = Object.entries(v.statusCodes).map(([c, n]) => `${c === '0' ? 'no answer' : c}: ${n}`).join(', ') || 'none';
  const threshold = (t: LoadResult['thresholds'][number]) =>
    t.name === 'latency-p95'
      ? `latency p95 ${t.ok ? 'ok' : 'FAILED'} (${ms(t.measured)}, limit ${t.limit} ms)`
      : `platform-caused error rate ${t.ok ? 'ok' : 'FAILED'} (${pct(t.measured)}, limit ${pct(t.limit)})`;
  const rows: [string, string][] = [
    ['verdict', `${r.passed ? 'PASS' : 'FAIL'} (drill verdict: ${r.verdict}${r.thresholds.every((t) => t.ok) ? '' : '; a threshold missed'})`],
    ...r.shortfalls.map((s) => ['short of', s] as [string, string]),
    ['requests', `${v.requests} (asked: ${r.rate}/s for ${r.durationMs / 1000} s over ${r.processRates.length} vegeta process${r.processRates.length > 1 ? `es at ${r.processRates.join(' + ')}/s` : ''})`],
    ['rate achieved / throughput', `${v.rate.toFixed(2)}/s / ${v.throughput.toFixed(2)}/s (success ${pct(v.successRatio)})`],
    ['vegeta latency p50 / p95 / p99', `${ms(v.latencyMs.p50)} / ${ms(v.latencyMs.p95)} / ${ms(v.latencyMs.p99)} (max ${ms(v.latencyMs.max)})`],
    ['status codes', codes],
    ...(v.errors.length ? ([['errors', v.errors.slice(0, 3).map((e) => (e.length > 140 ? `${e.slice(0, 137)}...` : e)).join('; ')]] as [string, string][]) : []),
    ['authorization success / declines', `${pct(k.authorizationSuccessRate)} / ${pct(k.declineRate)}`],
    ['faults applied', r.faults.map((f) => `${f.description} (touched ${f.hits} ${f.unit})`).join('; ') || 'none'],
    ['coverage', r.coverage.map((c) => `${c.provider} ${c.operation} ${c.ok}/${c.attempted} ok`).join(', ') || 'nothing'],
    ...(r.faultsSkipped.length ? ([['faults skipped', r.faultsSkipped.join('; ')]] as [string, string][]) : []),
    ['thresholds', r.thresholds.map(threshold).join(', ')],
    ['invariants', r.invariants.map((i) => `${i.invariant} ${i.valid === true ? 'ok' : i.valid === false ? 'VIOLATED' : 'unknown'}`).join(', ')],
    ['results', `${r.resultsFiles.join(' ')} (vegeta report ${r.resultsFiles.join(' ')})`],
    ['history', r.historyFile],
    ...r.notes.map((n) => ['note', n] as [string, string]),
  ];
  const width = Math.max(...rows.map(([a]) => a.length));
  console.log(`\nload under ${r.drill} (live world, seed ${r.seed}, SUT ${r.sutUrl})`);
  for (const [a, b] of rows) console.log(`  ${a.padEnd(width)}  ${b}`);
  for (const viol of r.violations) {
    console.log(`\n  [${viol.invariant}] ${viol.paymentId}: ${viol.explanation}`);
    for (const e of viol.timeline) console.log(`    ${describeEvent(e)}`);
  }
}
