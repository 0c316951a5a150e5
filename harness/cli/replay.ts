// `gauntlet replay FILE | --seed S --path P [--mutant NAME] [--storage S]`: plays one failing run
// again, exactly, and prints its timeline.
import { describeEvent, replay, reportViolation } from '../explore/explore.ts';
import { UsageError } from './args.ts';
import { fileTarget, flagTarget } from './replay-target.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { printViolations } from './report.ts';
import { parseStorage, STORAGE_OPTION } from './storage-flag.ts';
import { parseMutant } from './mutant-flag.ts';

export const REPLAY_SPEC = {
  name: 'replay',
  args: ['[file]'],
  options: {
    seed: { value: 'S', description: 'the seed of the run (with --path)' },
    path: { value: 'P', description: 'the path of the run within the seed (with --seed)' },
    mutant: { value: 'NAME', description: 'replay against a built-in buggy variant of the core' },
    storage: STORAGE_OPTION,
    json: { description: 'print the result as one JSON document on stdout' },
  },
  examples: ['npx gauntlet replay reports/out/explore.json', 'npx gauntlet replay --seed 7 --path 12:3'],
  notes: 'file: an explore.json (or explore --json output); its first violation is replayed. Exit 0 no invariant violated, 1 a violation.',
} as const satisfies VerbSpec;

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseVerb(REPLAY_SPEC, argv);
  const asked = parseMutant(values.mutant);
  const storage = parseStorage(values.storage);
  const { seed, path, mutant } = positionals[0] ? await fileTarget(positionals[0], asked) : flagTarget(values.seed, values.path, asked);
  const result = await replay({ seed, path, ...(mutant ? { mutant } : {}), ...(storage ? { storage } : {}) });
  if (!result) throw new UsageError(`seed ${seed} path ${path} names no run`);
  const onSql = storage && storage !== 'memory' ? ` --storage ${storage}` : '';
  const violations = result.outcome.violations.map((v) => reportViolation(v, seed, path, mutant)).map((v) => ({ ...v, replay: `${v.replay}${onSql}` }));
  if (values.json) {
    console.log(JSON.stringify({ seed, path, mutant: mutant ?? null, historyDigest: result.outcome.digest, violations }));
  } else {
    console.log(`replaying seed ${seed} path ${path}${mutant ? ` (mutant ${mutant})` : ''}: history digest ${result.outcome.digest.slice(0, 16)}\n`);
    for (const e of result.outcome.record.history) console.log(`  ${describeEvent(e)}`);
    if (violations.length) printViolations(violations);
    else console.log('\nno invariant violated');
  }
  return violations.length ? 1 : 0;
}
