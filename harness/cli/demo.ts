// `gauntlet demo`: the main job until the release gate exists.
import { parseArgs } from 'node:util';
import { runDemo } from '../demo/demo.ts';
import { parseInteger } from './args.ts';
import { freshSeed } from '../live/wall-clock.ts';

export async function demo(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' } } });
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
