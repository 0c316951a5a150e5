// `gauntlet drill NAME|FILE [--world live|sim] [--driver PATH] [--world-file FILE] [--seed S] [--json]`
// runs one drill with live progress (phase, ops/s, errors, faults active) and ends with a summary
// table; `gauntlet drill --list` prints the catalogue. Exit 0 pass; 1 violated (a bug); 2 setup
// failure or vacuous (the run did not exercise what the drill targets); 3 a resilience-policy
// threshold missed, money safe; 4 not applicable to this SUT (an undeclared capability).
import { loadDrills, type World } from '../../scenarios/index.ts';
import { describeEvent } from '../explore/explore.ts';
import type { DrillResult } from '../drill/run-drill.ts';
import { runDrill } from '../drill/run-drill.ts';
import { drillReplayCommand } from '../drill/replay-command.ts';
import { openDrillWorld } from '../drill/start-world.ts';
import { parseStorage, STORAGE_OPTION } from './storage-flag.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { readWorldFile } from './world-file.ts';
import { onInterrupt, parkIfInterrupted } from '../supervisor/index.ts';
import { UsageError, parseInteger } from './args.ts';
import { findNamedDrill } from './drill-name.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { parseEnvFlag, prepareEnvironment } from './env.ts';
import { parseMutant } from './mutant-flag.ts';

export const DRILL_SPEC = {
  name: 'drill',
  args: ['[drill]'],
  options: {
    list: { description: 'print the catalogue of drills' },
    world: { value: 'live|sim', description: "where it runs (default: live with --world-file or --driver, else the drill's first world)" },
    driver: { value: 'PATH', description: 'your driver module (how the harness calls your service)' },
    'world-file': { value: 'FILE', description: 'attach to the world `gauntlet up --json > FILE` started' },
    seed: { value: 'S', description: 'the seed (default: a fresh one, printed with the rerun command)' },
    mutant: { value: 'NAME', description: 'run against a built-in buggy variant of the core' },
    storage: STORAGE_OPTION,
    env: { value: 'local|containers', description: 'where Toxiproxy and Postgres run (containers: in Docker; see harness/containers/README.md)', default: 'local' },
    json: { description: 'print the result as one JSON document on stdout (progress on stderr)' },
  },
  examples: ['npx gauntlet drill webhook-storm --world sim --seed 7', 'npx gauntlet drill --list'],
  notes: 'drill: a name from scenarios/drills/ or a FILE.json.\nExit 0 pass; 1 violated (a bug); 2 setup failure or vacuous; 3 a resilience-policy threshold missed, money safe;\n4 not applicable to this SUT (an undeclared capability).',
} as const satisfies VerbSpec;

export async function drillCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseVerb(DRILL_SPEC, argv);
  parseMutant(values.mutant);
  const storage = parseStorage(values.storage);
  if (values.list) return list(values.json);
  const name = positionals[0];
  if (!name) throw new UsageError('which drill? gauntlet drill NAME|FILE.json, or gauntlet drill --list');
  let drill;
  drill = findNamedDrill(name);
  // A world file or a driver means the user's live service: the live world, unless told otherwise.
  const world = (values.world ?? (values['world-file'] || values.driver ? 'live' : drill.worlds[0])) as World;
  if (world !== 'sim' && world !== 'live') throw new UsageError('--world: live or sim');
  if (!drill.worlds.includes(world)) throw new UsageError(`${drill.name} runs in: ${drill.worlds.join(', ')} (not ${world})`);
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1) : freshSeed() % 2 ** 31;
  const attach = values['world-file'] ? (await readWorldFile(values['world-file'])).world : undefined;
  const say = values.json ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);
  // The rerun names what the user gave: a drill file by its path (its name is in no catalogue), and
  // the mutant, driver and world file, without which the rerun would test something else.
  const source = name.endsWith('.json') ? name : undefined;
  const rerun = drillReplayCommand({ drill: drill.name, world, seed, source }, { mutant: values.mutant, driver: values.driver, worldFile: values['world-file'], storage, sutKnown: true });

  // SIGINT/SIGTERM: the supervisor stops the world; the report says how far the drill got.
  const began = performance.now();
  let last: { phase: string; elapsedMs: number; operations: number; errors: number; activeFaults: string[] } | undefined;
  onInterrupt((signal) => {
    const elapsedMs = Math.round(performance.now() - began);
    if (values.json) console.log(JSON.stringify({ drill: drill.name, world, seed, mutant: values.mutant ?? null, verdict: 'interrupted', signal, elapsedMs, lastProgress: last ?? null, rerun }));
    else {
      console.log(`\n${drill.name} (${world} world, seed ${seed}): INTERRUPTED by ${signal} after ${(elapsedMs / 1000).toFixed(1)} s of wall time: no verdict, the world was stopped`);
      if (last) console.log(`  last progress: ${last.phase} t=${(last.elapsedMs / 1000).toFixed(1)}s${world === 'sim' ? ' simulated' : ''} ops=${last.operations} errors=${last.errors} faults=[${last.activeFaults.join('; ')}]`);
      console.log(`  rerun: ${rerun}`);
    }
  });
  const environment = await prepareEnvironment(parseEnvFlag(values.env), say);
  let w;
  try {
    w = await openDrillWorld({ world, seed, ...(values.driver ? { driverPath: values.driver } : {}), ...(attach ? { attach } : {}), ...(values.mutant ? { mutant: values.mutant } : {}), ...(storage ? { storage } : {}), log: (l) => say(`[world] ${l}`) });
  } catch (err) {
    await parkIfInterrupted();
    process.stderr.write(`gauntlet drill: the ${world} world did not start: ${(err as Error).message}\n`);
    await environment.stop();
    return 2;
  }
  say(`drill ${drill.name} (${world} world, seed ${seed}): ${drill.description}`);
  let result: DrillResult;
  try {
    result = await runDrill(drill, w, {
      seed,
      onProgress: (p) => {
        last = { phase: p.phase, elapsedMs: p.elapsedMs, operations: p.operations, errors: p.errors, activeFaults: [...p.activeFaults] };
        const opsPerS = p.elapsedMs > 0 ? ((p.operations * 1000) / p.elapsedMs).toFixed(1) : '0.0';
        say(`  ${p.phase.padEnd(8)} t=${(p.elapsedMs / 1000).toFixed(1)}s ops=${p.operations} (${opsPerS}/s) errors=${p.errors} faults=[${p.activeFaults.join('; ')}]`);
      },
    });
  } finally {
    await parkIfInterrupted();
    await w.close();
    await environment.stop();
  }
  if (values.json) {
    const { record: _record, ...rest } = result;
    // mutant: null is the correct core; a name says the verdict is about a built-in buggy one.
    console.log(JSON.stringify({ ...rest, mutant: values.mutant ?? null, ...(source ? { source } : {}), rerun }));
  } else printSummary(result, rerun);
  return DRILL_EXIT[result.verdict];
}

// not_run is the gate's (a drill its budget left out); runDrill never returns it.
const DRILL_EXIT: Record<DrillResult['verdict'], number> = { pass: 0, fail: 1, vacuous: 2, below_threshold: 3, not_applicable: 4, not_run: 2 };

function list(json: boolean): number {
  const drills = loadDrills();
  if (json) console.log(JSON.stringify(drills));
  else {
    const width = Math.max(...drills.map((d) => d.name.length));
    for (const d of drills) console.log(`${d.name.padEnd(width)}  [${d.worlds.join(',')}]  ${d.description}`);
  }
  return 0;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const ms = (x: number | null) => (x === null ? 'n/a' : `${x} ms`);

function printSummary(r: DrillResult, rerun: string): void {
  if (r.verdict === 'not_applicable') {
    console.log(`\n${r.drill}: NOT APPLICABLE to this SUT: ${r.notApplicable}`);
    return;
  }
  const k = r.kpis;
  const rows: [string, string][] = [
    ['verdict', r.verdict.toUpperCase().replace('_', ' ')],
    ...r.shortfalls.map((s) => ['fell short', s] as [string, string]),
    ...r.notes.map((n) => ['narrowed to the SUT', n] as [string, string]),
    ['payments / operations', `${r.payments} / ${k.operations}`],
    ['platform-caused failure rate', pct(k.platformFailureRate)],
    ['authorization success rate', pct(k.authorizationSuccessRate)],
    ['issuer decline rate', pct(k.declineRate)],
    ['duplicate financial operation rate', pct(k.duplicateRate)],
    ['latency p50 / p95 / p99', `${ms(k.latencyMs.p50)} / ${ms(k.latencyMs.p95)} / ${ms(k.latencyMs.p99)}`],
    ['webhook processing lag p95', ms(k.webhookLagP95Ms)],
    ['reconciliation mismatch rate', pct(k.reconciliationMismatchRate)],
    ['unknown after healing', String(k.unknownAfterHeal)],
    ['settlement discrepancies reported', k.settlementDiscrepancies === null ? 'n/a' : String(k.settlementDiscrepancies)],
    ['faults applied (hits)', r.faults.map((f) => `${f.description}: ${f.hits} ${f.unit}`).join('; ') || 'none'],
    ...(r.faultsSkipped.length ? ([['faults skipped', r.faultsSkipped.join('; ')]] as [string, string][]) : []),
    ['invariants', r.invariants.map((i) => `${i.invariant} ${i.valid === true ? 'ok' : i.valid === false ? 'VIOLATED' : 'unknown'}`).join(', ')],
    ['criteria', r.criteria.map((c) => `${c.criterion} ${c.ok ? 'ok' : 'FAILED'} (${c.measured ?? 'n/a'} vs ${c.limit})`).join(', ') || 'none'],
    ['history digest', r.historyDigest.slice(0, 16)],
  ];
  const width = Math.max(...rows.map(([a]) => a.length));
  console.log(`\n${r.drill} (${r.world} world, seed ${r.seed}, ${(r.durationMs / 1000).toFixed(1)} s${r.world === 'sim' ? ' of virtual time' : ''})`);
  for (const [a, b] of rows) console.log(`  ${a.padEnd(width)}  ${b}`);
  console.log('\n  coverage        attempted   ok  fail  info  refused  at PSP');
  for (const c of r.coverage) {
    const need = r.required.find((q) => q.provider === c.provider && q.operation === c.operation);
    console.log(`  ${`${c.provider} ${c.operation}`.padEnd(26)} ${String(c.attempted).padStart(4)} ${String(c.ok).padStart(4)} ${String(c.fail).padStart(5)} ${String(c.info).padStart(5)} ${String(c.refused).padStart(8)} ${String(c.atPsp ?? '-').padStart(7)}${need ? `  (needs ${need.min})` : ''}`);
  }
  for (const v of r.violations) {
    console.log(`\n  [${v.invariant}] ${v.paymentId}: ${v.explanation}`);
    for (const e of v.timeline) console.log(`    ${describeEvent(e)}`);
  }
  if (r.verdict !== 'pass') console.log(`\n  rerun: ${rerun}${r.world === 'sim' ? ' (the simulation world replays it exactly)' : ''}`);
}
