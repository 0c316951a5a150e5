// `gauntlet selftest`: every mutant killed, the correct core clean; exit 0 only then.
import { parseArgs } from 'node:util';
import { selftest } from '../explore/selftest.ts';
import { parseInteger } from './args.ts';
import { parseDuration } from './report.ts';
import { parseStorage } from './storage-flag.ts';

export async function selftestCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, seed: { type: 'string', default: '20261125' }, runs: { type: 'string', default: '300' }, time: { type: 'string', default: '60s' }, only: { type: 'string' }, storage: { type: 'string' }, 'no-live': { type: 'boolean', default: false } },
  });
  const seed = parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1);
  const storage = parseStorage(values.storage);
  const report = await selftest({
    seed,
    ...(storage ? { storage } : {}),
    runsPerMutant: parseInteger(values.runs, '--runs', 1, 100_000),
    timeLimitMs: parseDuration(values.time),
    ...(values.only ? { only: values.only.split(',') } : {}),
    live: !values['no-live'],
    onMutant: (m) => {
      if (values.json) return;
      const verdict = m.skipped ? `skipped: ${m.skipped}` : m.killed ? `killed in ${m.timeToKillMs} ms after ${m.runs} runs by ${m.invariant} (${m.counterexampleOps} ops)` : `SURVIVED ${m.runs} runs`;
      console.log(`${m.name.padEnd(28)} ${verdict}`);
    },
  });
  const survivors = report.mutants.filter((m) => !m.killed && !m.skipped);
  if (values.json) {
    console.log(JSON.stringify({ mutants: report.mutants.map(({ violation: _v, ...m }) => m), correctCoreViolations: report.correctCoreViolations }));
  } else {
    console.log(`correct core: ${report.correctCoreViolations} violation(s) in ${report.correctCoreRuns} runs`);
    console.log(survivors.length === 0 && report.correctCoreViolations === 0 ? 'selftest passed' : `selftest FAILED: ${survivors.map((m) => m.name).join(', ') || 'the correct core violated an invariant'}`);
  }
  return survivors.length === 0 && report.correctCoreViolations === 0 ? 0 : 1;
}
