// `--mutant NAME` on the verbs that can run a built-in buggy core (explore, replay, drill, gate,
// core): a name that is no mutant is a usage error naming the mutants, before anything starts (a
// typo must neither test the correct core nor end in a stack trace from deep inside the run).
import { isMutantName, MUTANT_NAMES, type MutantName } from '../../core/index.ts';
import { UsageError } from './args.ts';

/** undefined when the flag was not given; a usage error for a name that is no mutant. */
export function parseMutant(value: string | undefined): MutantName | undefined {
  if (value === undefined) return undefined;
  if (!isMutantName(value)) throw new UsageError(`unknown mutant ${JSON.stringify(value)} (one of ${MUTANT_NAMES.join(', ')})`);
  return value;
}
