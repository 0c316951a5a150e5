// `gauntlet run --generated [--duration 30s] [--driver PATH] [--world FILE] [--seed S] [--json]`:
// the live world, started for the run, or one `gauntlet up --json > FILE` left running. A drill
// generated from the seed, run by the drill runner. Exit 0 pass, 1 an invariant violated, 2 vacuous
// (the run did not exercise what it generated: a fault never fired, an operation never reached a PSP).
import { reportViolation } from '../explore/explore.ts';
import { runLive } from '../live/run-live.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { onInterrupt, parkIfInterrupted } from '../supervisor/index.ts';
import { UsageError, parseInteger } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { readWorldFile } from './world-file.ts';
import { parseDuration, printViolations } from './report.ts';

export const RUN_SPEC = {
  name: 'run',
  args: ['[drill]'],
  options: {
    generated: { description: 'a workload and fault schedule generated from the seed (the only kind so far)' },
    duration: { value: 'DURATION', description: 'how long the workload runs', default: '30s' },
    driver: { value: 'PATH', description: 'your driver module (how the harness calls your service)' },
    world: { value: 'FILE', description: 'attach to the world `gauntlet up --json > FILE` started (default: start one for the run)' },
    seed: { value: 'S', description: 'the seed (default: a fresh one, printed)' },
    json: { description: 'print the result as one JSON document on stdout (progress on stderr)' },
  },
  examples: ['npx gauntlet run --generated --duration 20s --seed 7'],
  notes: 'Exit 0 pass, 1 an invariant violated, 2 vacuous (a fault never fired, an operation never reached a PSP).',
} as const satisfies VerbSpec;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseVerb(RUN_SPEC, argv);
  if (!values.generated || positionals.length) throw new UsageError('only `gauntlet run --generated` exists so far; named drills (scenarios/) come with the drill library');
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1) : freshSeed();
  const attach = values.world ? (await readWorldFile(values.world, '--world')).world : undefined;
  // SIGINT/SIGTERM: the supervisor stops the world; what ran is said here (runLive returns nothing before it ends).
  const began = performance.now();
  onInterrupt((signal) => {
    const elapsedMs = Math.round(performance.now() - began);
    if (values.json) console.log(JSON.stringify({ seed, verdict: 'interrupted', signal, elapsedMs }));
    else console.log(`live run: seed ${seed}: INTERRUPTED by ${signal} after ${(elapsedMs / 1000).toFixed(1)} s: no verdict, the world was stopped`);
  });
  const report = await runLive({ seed, durationMs: parseDuration(values.duration), ...(values.driver ? { driverPath: values.driver } : {}), ...(attach ? { attach } : {}), log: values.json ? () => undefined : (l) => console.error(l) });
  await parkIfInterrupted();
  const violations = report.violations.map((v) => ({ ...reportViolation(v, seed, '-'), replay: 'live runs are not replayable; the history digest and timeline are the record' }));
  if (values.json) console.log(JSON.stringify({ ...report, violations }));
  else {
    console.log(`live run: seed ${seed}, ${report.operations} operations, ${report.lifecycles} payments, ${report.faults} faults in ${report.durationMs} ms; history digest ${report.historyDigest.slice(0, 16)}`);
    for (const f of report.faultCoverage) console.log(`  fault: ${f.description} touched ${f.hits} ${f.unit}`);
    console.log(`verdict: ${report.verdict.toUpperCase()}`);
    for (const s of report.shortfalls) console.log(`  short of: ${s}`);
    if (violations.length) printViolations(violations);
    else console.log('no invariant violated');
  }
  return violations.length || report.verdict === 'fail' ? 1 : report.verdict === 'vacuous' ? 2 : 0;
}
