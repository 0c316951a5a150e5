// `gauntlet selftest`: every mutant killed, the correct core clean; exit 0 only then.
import { selftest } from '../explore/selftest.ts';
import { parseInteger } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { parseDuration } from './report.ts';
import { parseStorage, STORAGE_OPTION } from './storage-flag.ts';

export const SELFTEST_SPEC = {
  name: 'selftest',
  options: {
    json: { description: 'print the result as one JSON document on stdout (progress on stderr)' },
    seed: { value: 'S', description: 'the seed of the generated runs', default: '20261125' },
    runs: { value: 'N', description: 'at most this many runs per mutant', default: '400' },
    time: { value: 'DURATION', description: 'at most this long per mutant', default: '60s' },
    only: { value: 'a,b', description: 'only these mutants (comma-separated names from core/mutants/)' },
    storage: STORAGE_OPTION,
    'no-live': { description: 'skip the mutants that need the live world' },
  },
  examples: ['npx gauntlet selftest --only capture-race --runs 400'],
  notes: 'Exit 0 when every mutant was killed and the correct core violated nothing, else 1.',
} as const satisfies VerbSpec;

export async function selftestCommand(argv: string[]): Promise<number> {
  const { values } = parseVerb(SELFTEST_SPEC, argv);
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
