// A drill named on the command line: a typo gets the closest name ("did you mean webhook-storm?")
// instead of the whole catalogue to read through.
import { findDrill, loadDrills, type Drill } from '../../scenarios/index.ts';
import { UsageError } from './args.ts';
import { closest } from './command.ts';

export function findNamedDrill(name: string): Drill {
  try {
    return findDrill(name);
  } catch (err) {
    // A file path's problem is the file's (not found, invalid): say that as it is.
    const guess = name.endsWith('.json') ? undefined : closest(name, loadDrills().map((d) => d.name));
    throw new UsageError(guess ? `no drill "${name}": did you mean ${guess}? (gauntlet drill --list shows them all)` : (err as Error).message);
  }
}
