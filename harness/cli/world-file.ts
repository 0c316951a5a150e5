// `--world-file FILE` (what `gauntlet up --json` printed): read and checked before anything starts.
// A missing, unreadable or invalid file is the caller's mistake: one line, exit 2, never fs's or
// the schema's stack trace with exit 1 ("an invariant was violated").
import { readFile } from 'node:fs/promises';
import { parseWorldDescription } from '../live/world-control.ts';
import type { LiveWorldDescription } from '../live/world-schema.ts';
import { UsageError } from './args.ts';

export async function readWorldFile(file: string, flag = '--world-file'): Promise<{ text: string; world: LiveWorldDescription }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`${flag} ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory, not a file' : e.message}`);
  }
  try {
    return { text, world: parseWorldDescription(text, file) };
  } catch (err) {
    throw new UsageError(`${flag} ${(err as Error).message}`);
  }
}
