// The drill library: every scenarios/drills/*.json file, validated, by name.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Drill, validateDrill } from './drill.ts';

export const DRILLS_DIR = join(import.meta.dirname, 'drills');

/** Reads and validates one drill file; throws with every problem found. */
export function loadDrillFile(path: string): Drill {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  const result = validateDrill(value, path);
  if (!result.ok) throw new Error(`invalid drill\n  ${result.errors.join('\n  ')}`);
  if (`${result.drill.name}.json` !== basename(path)) throw new Error(`${path}: name "${result.drill.name}" must match the file name`);
  return result.drill;
}

/** The whole catalogue, sorted by name. */
export function loadDrills(dir: string = DRILLS_DIR): Drill[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadDrillFile(join(dir, f)));
}

/** One drill by name, or by path to a drill file of the user's own. */
export function findDrill(nameOrPath: string, dir: string = DRILLS_DIR): Drill {
  if (nameOrPath.endsWith('.json')) return loadDrillFile(nameOrPath);
  const all = loadDrills(dir);
  const drill = all.find((d) => d.name === nameOrPath);
  if (!drill) throw new Error(`no drill "${nameOrPath}" (one of ${all.map((d) => d.name).join(', ')})`);
  return drill;
}
