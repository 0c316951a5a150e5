// `--storage memory|pglite|postgres` on the simulation-world verbs (explore, replay, drill, selftest,
// gate): which storage the reference core runs on. Memory is the default; the SQL engines are one flag away.
import { isSimStorage, SIM_STORAGES, type SimStorage } from '../worlds/sim-store.ts';
import { UsageError } from './args.ts';

/** The option as every simulation-world verb declares it (command.ts builds parser and help from it). */
export const STORAGE_OPTION = { value: 'S', description: `the core's storage in the simulation world: ${SIM_STORAGES.join(', ')} (default memory; postgres reads DATABASE_URL)` } as const;

/** undefined when the flag was not given (the default, memory); a usage error for anything unknown. */
export function parseStorage(value: string | undefined): SimStorage | undefined {
  if (value === undefined) return undefined;
  if (!isSimStorage(value)) throw new UsageError(`--storage must be one of ${SIM_STORAGES.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}
