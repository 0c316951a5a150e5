// `gauntlet merge a.json b.json ... [--json] [--out DIR]`: joins the shards of one exploration
// (`gauntlet explore --shard i/n`, each machine's `--json` output or its `--out` explore.json) into
// the verdict and report one machine playing every run would have written. Shards of different
// seeds or options, a shard given twice, or a shard missing are refused, by name.
import { readFile } from 'node:fs/promises';
import { mergeParts, MergeError, type ExplorePart } from '../explore/part.ts';
import { UsageError } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { reportExploration } from './explore.ts';

/** The flags `gauntlet merge` takes (the CI examples' test checks their commands against it). */
export const MERGE_SPEC = {
  name: 'merge',
  args: ['[shards...]'],
  options: {
    json: { description: 'print the merged result as one JSON document on stdout' },
    out: { value: 'DIR', description: 'write the merged explore.json there', default: 'reports/out' },
  },
  examples: ['npx gauntlet merge shard-0.json shard-1.json shard-2.json shard-3.json --out reports/out'],
  notes: 'shards: what `gauntlet explore --shard i/n --json` printed, or the explore.json it wrote with --out.\nExit 0 no invariant violated, 1 a violation, 2 the shards do not make up one exploration.',
} as const satisfies VerbSpec;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseVerb(MERGE_SPEC, argv);
  if (positionals.length === 0) throw new UsageError('give the JSON of every shard: gauntlet merge SHARD.json...');
  const parts: ExplorePart[] = [];
  for (const file of positionals) parts.push(await readPart(file));
  try {
    const merged = mergeParts(parts, undefined, positionals);
    if (!values.json) console.log(`merged ${parts.length} shard${parts.length > 1 ? 's' : ''} of seed ${merged.seed}: ${positionals.join(', ')}`);
    return await reportExploration(merged, { json: values.json, outDir: values.out });
  } catch (err) {
    if (err instanceof MergeError) throw new UsageError(err.message);
    throw err;
  }
}

/** A part from either form explore writes: its one-line --json output (possibly after other lines) or its explore.json. */
async function readPart(file: string): Promise<ExplorePart> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // A CI log captured with `> shard.json` may hold other lines; the JSON is the last one that parses.
  const candidates = [text, ...text.split('\n').reverse()];
  for (const c of candidates) {
    if (!c.trim().startsWith('{')) continue;
    try {
      const parsed = JSON.parse(c) as { part?: ExplorePart };
      if (parsed.part) return parsed.part;
      throw new UsageError(`${file} holds JSON but no exploration part: it was not written by \`gauntlet explore\` (--json or --out) of this version`);
    } catch (err) {
      if (err instanceof UsageError) throw err;
    }
  }
  throw new UsageError(`${file} holds no JSON: give what \`gauntlet explore --shard i/n --json\` printed, or the explore.json it wrote`);
}
