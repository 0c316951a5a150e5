// `gauntlet demo`: the main job until the release gate exists.
import { runDemo } from '../demo/demo.ts';
import { parseInteger } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { freshSeed } from '../live/wall-clock.ts';

export const DEMO_SPEC = {
  name: 'demo',
  options: { seed: { value: 'S', description: 'the seed of the faults and amounts (default: a fresh one, printed to replay with)' } },
  examples: ['npx gauntlet demo --seed 42'],
  notes: 'Exit 0 when every narrated fact held, 1 when one did not.',
} as const satisfies VerbSpec;

export async function demo(argv: string[]): Promise<number> {
  const { values } = parseVerb(DEMO_SPEC, argv);
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1) : freshSeed();
  const broken = await runDemo(seed);
  if (broken.length) {
    console.log(`\ndemo FAILED: ${broken.length} fact(s) did not hold (replay: npx gauntlet demo --seed ${seed})`);
    for (const b of broken) console.log(`  - ${b}`);
    return 1;
  }
  console.log(`\ndemo passed (seed ${seed}; replay: npx gauntlet demo --seed ${seed})`);
  return 0;
}
