// What `gauntlet replay` is asked to play again: a saved exploration (FILE) or --seed and --path.
// Every way the input can be wrong is a usage error in one line (exit 2), found before the run:
// left to fast-check or to fs, a typo'd path or file ended in a stack trace and exit 1, which
// reads as "a money invariant was violated".
import { readFile } from 'node:fs/promises';
import type { MutantName } from '../../core/index.ts';
import { UsageError, parseInteger } from './args.ts';
import { parseMutant } from './mutant-flag.ts';

export interface ReplayTarget {
  seed: number;
  path: string;
  mutant?: MutantName | undefined;
}

/** fast-check's replay path: run indexes separated by colons ("12", "16:0:0"). */
const PATH = /^\d+(:\d+)*$/;

export function parseReplayPath(raw: string, where = '--path'): string {
  if (!PATH.test(raw)) throw new UsageError(`${where} must be run indexes separated by colons, like 12 or 16:0:0 (got ${JSON.stringify(raw)})`);
  return raw;
}

/** From --seed and --path. */
export function flagTarget(seed: string | undefined, path: string | undefined, mutant: MutantName | undefined): ReplayTarget {
  if (seed === undefined || path === undefined) throw new UsageError('replay FILE, or --seed S --path P');
  return { seed: parseInteger(seed, '--seed', 0, 2 ** 31 - 1), path: parseReplayPath(path), mutant };
}

/** From a saved explore.json: its first violation, and its mutant unless --mutant says otherwise. */
export async function fileTarget(file: string, mutant: MutantName | undefined): Promise<ReplayTarget> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory, not a file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
  return savedTarget(text, file, mutant);
}

/** The parsed text of a saved exploration; `file` names it in the errors. */
export function savedTarget(text: string, file: string, mutant: MutantName | undefined): ReplayTarget {
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON (${(err as Error).message}): give an explore.json or the output of explore --json`);
  }
  const record = (typeof saved === 'object' && saved !== null ? saved : {}) as { violations?: unknown; mutant?: unknown };
  if (!Array.isArray(record.violations)) throw new UsageError(`${file} is not an exploration's result (no "violations" list): give an explore.json or the output of explore --json`);
  const first = record.violations[0] as { seed?: unknown; path?: unknown } | undefined;
  if (first === undefined) throw new UsageError(`${file} holds no violation to replay`);
  if (typeof first.seed !== 'number' || !Number.isSafeInteger(first.seed) || first.seed < 0) throw new UsageError(`${file}: violations[0].seed must be a non-negative integer`);
  if (typeof first.path !== 'string') throw new UsageError(`${file}: violations[0].path must be a string like 16:0:0`);
  const saidMutant = record.mutant === null || record.mutant === undefined ? undefined : parseMutant(String(record.mutant));
  return { seed: first.seed, path: parseReplayPath(first.path, `${file}: violations[0].path`), mutant: mutant ?? saidMutant };
}
