// `gauntlet explore`: the simulation world, many generated runs, every invariant checked.
import { writeFile, mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { explore } from '../explore/explore.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger } from './args.ts';
import { parseDuration, printViolations } from './report.ts';

export async function exploreCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string' }, time: { type: 'string' }, seed: { type: 'string' }, mutant: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.runs && values.time) throw new UsageError('give --runs or --time, not both');
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1) : freshSeed();
  const runs = values.runs !== undefined ? parseInteger(values.runs, '--runs', 1, 1_000_000) : values.time ? 1_000_000 : 50;
  const timeLimitMs = values.time ? parseDuration(values.time) : undefined;
  if (!values.json) console.log(`exploring: seed ${seed}${values.mutant ? `, mutant ${values.mutant}` : ''}, ${values.time ? `for ${values.time}` : `${runs} runs`}`);
  const report = await explore({ seed, runs, ...(timeLimitMs ? { timeLimitMs } : {}), ...(values.mutant ? { mutant: values.mutant } : {}) });
  await mkdir('reports/out', { recursive: true });
  // The scheduler is not data: the file keeps the order it released the hops in, for people.
  const counterexample = report.counterexample && { ...report.counterexample, interleaving: report.counterexample.interleaving?.report().map((t) => t.label) };
  await writeFile('reports/out/explore.json', `${JSON.stringify({ ...report, ...(counterexample ? { counterexample } : {}), mutant: values.mutant ?? null }, null, 2)}\n`);
  if (values.json) {
    const { counterexample: _c, counterexampleOps: _o, ...stable } = report;
    console.log(JSON.stringify(stable));
  } else {
    console.log(`${report.runs} runs, ${report.lifecycles} payment lifecycles in ${report.durationMs} ms (${report.lifecyclesPerSecond}/s); history digest ${report.historyDigest.slice(0, 16)}`);
    if (report.violations.length) printViolations(report.violations, report.counterexampleOps);
    else console.log('no invariant violated');
  }
  return report.violations.length ? 1 : 0;
}
