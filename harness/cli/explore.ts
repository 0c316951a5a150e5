// `gauntlet explore`: the simulation world, many generated runs, every invariant checked.
// `--workers N` plays them in N child processes, `--shard i/n` plays this machine's share of them
// (`gauntlet merge` joins the shards); either way the result is the one a single process would give.
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExploreOptions } from '../explore/explore.ts';
import type { MergedExploration } from '../explore/part.ts';
import { formatShard, parseShard, ShardError, WHOLE, type Shard } from '../explore/shard.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { parseStorage, STORAGE_OPTION } from './storage-flag.ts';
import { parseDuration, printViolations } from './report.ts';
import { parseMutant } from './mutant-flag.ts';

/** The flags `gauntlet explore` takes (the CI examples' test checks their commands against it). */
export const EXPLORE_SPEC = {
  name: 'explore',
  options: {
    runs: { value: 'N', description: 'how many generated runs (default 50; not with --time)' },
    time: { value: 'DURATION', description: 'run for this long instead, e.g. 30s' },
    seed: { value: 'S', description: 'the seed (default: a fresh one, printed)' },
    mutant: { value: 'NAME', description: 'explore a built-in buggy variant of the core' },
    storage: STORAGE_OPTION,
    workers: { value: 'N', description: 'play the runs in N worker processes (default 1: in this process); same result as 1' },
    pin: { description: 'with --workers: hold each worker to a CPU of its own (Linux, taskset; by default the OS places them)' },
    shard: { value: 'i/n', description: 'play only runs k with k mod n = i (i from 0), for n machines; needs --seed; join the shards with `gauntlet merge`' },
    out: { value: 'DIR', description: 'write explore.json there', default: 'reports/out' },
    json: { description: 'print the result as one JSON document on stdout' },
  },
  examples: ['npx gauntlet explore --runs 200 --seed 7', 'npx gauntlet explore --seed 7 --shard 0/4 --json > shard-0.json'],
  notes: 'Exit 0 no invariant violated, 1 a violation (shrunk, with the command that replays it).',
} as const satisfies VerbSpec;

/** Most workers a pool may have: each is a process with a database of its own. */
const MAX_WORKERS = 64;

export async function exploreCommand(argv: string[]): Promise<number> {
  const { values } = parseVerb(EXPLORE_SPEC, argv);
  parseMutant(values.mutant);
  if (values.runs && values.time) throw new UsageError('give --runs or --time, not both');
  if (values.shard !== undefined && values.seed === undefined) throw new UsageError('--shard needs --seed: every shard must play the same seed\'s runs, or their union is nobody\'s run');
  let shard: Shard = WHOLE;
  try {
    if (values.shard !== undefined) shard = parseShard(values.shard);
  } catch (err) {
    if (err instanceof ShardError) throw new UsageError(err.message);
    throw err;
  }
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1) : freshSeed();
  const runs = values.runs !== undefined ? parseInteger(values.runs, '--runs', 1, 1_000_000) : values.time ? 1_000_000 : 50;
  const workers = values.workers !== undefined ? parseInteger(values.workers, '--workers', 1, MAX_WORKERS) : 1;
  const timeLimitMs = values.time ? parseDuration(values.time) : undefined;
  const outDir = values.out;
  const storage = parseStorage(values.storage);
  if (!values.json) {
    const where = [shard.count > 1 ? `shard ${formatShard(shard)}` : '', workers > 1 ? `${workers} workers` : ''].filter(Boolean).join(', ');
    console.log(`exploring: seed ${seed}${values.mutant ? `, mutant ${values.mutant}` : ''}, ${values.time ? `for ${values.time}` : `${runs} runs`}${where ? ` (${where})` : ''}`);
  }
  const options = { seed, runs, ...(timeLimitMs ? { timeLimitMs } : {}), ...(values.mutant ? { mutant: values.mutant } : {}), ...(storage ? { storage } : {}), shard };
  // Loaded on demand: with workers, this process only waits and merges, so it does not pay for
  // loading the core, the simulators and the engine while the workers load them too.
  let result: MergedExploration;
  if (workers > 1) {
    const { exploreInWorkers, WorkerCrash } = await import('../explore/workers.ts');
    try {
      result = await exploreInWorkers({ ...options, workers, ...(values.pin ? { pin: 'always' as const } : {}) });
    } catch (err) {
      // The harness failed, not the payment system: exit 2, never 1 (a violation), with the worker named.
      if (!(err instanceof WorkerCrash)) throw err;
      process.stderr.write(`gauntlet explore: ${err.message}\n`);
      return 2;
    }
  } else {
    result = await inProcess(options);
  }
  return reportExploration(result, { json: values.json, outDir });
}

async function inProcess(o: ExploreOptions): Promise<MergedExploration> {
  const started = performance.now();
  const [{ explorePart }, { openSimStore }] = await Promise.all([import('../explore/explore.ts'), import('../worlds/sim-store.ts')]);
  const store = await openSimStore(o.storage);
  const startupMs = Math.round(performance.now() - started);
  try {
    const { report, part } = await explorePart({ ...o, store });
    const { counterexample: _c, ...rest } = report;
    // Wall time as the user waits, start-up included (as with workers); startupMs says how much.
    const durationMs = Math.round(performance.now() - started);
    const lifecyclesPerSecond = Math.round((report.lifecycles / durationMs) * 1000 * 10) / 10;
    return { ...rest, durationMs, startupMs, lifecyclesPerSecond, ...(part.counterexample !== undefined ? { counterexample: part.counterexample } : {}), part: { ...part, durationMs } };
  } finally {
    await store.close();
  }
}

/**
 * Writes `<outDir>/explore.json` (the report, the shrunk counterexample, and the part that
 * `gauntlet merge` reads) and prints the verdict; 1 when an invariant was violated, 0 otherwise.
 */
export async function reportExploration(result: MergedExploration, o: { json: boolean; outDir: string }): Promise<number> {
  await mkdir(o.outDir, { recursive: true });
  await writeFile(join(o.outDir, 'explore.json'), `${JSON.stringify({ ...result, mutant: result.part.mutant }, null, 2)}\n`);
  if (o.json) {
    // One line: the report without the counterexample (it is in the file), with the part for merge.
    const { counterexample: _c, counterexampleOps: _o, ...stable } = result;
    console.log(JSON.stringify(stable));
  } else {
    const shard = result.part.shard.count > 1 ? ` (shard ${formatShard(result.part.shard)})` : '';
    const startup = result.startupMs !== undefined ? `, ${result.startupMs} ms of it starting up` : '';
    console.log(`${result.runs} runs${shard}, ${result.lifecycles} payment lifecycles in ${result.durationMs} ms (${result.lifecyclesPerSecond}/s${startup}); history digest ${result.historyDigest.slice(0, 16)}`);
    if (result.violations.length) printViolations(result.violations, result.counterexampleOps);
    else console.log('no invariant violated');
  }
  return result.violations.length ? 1 : 0;
}
