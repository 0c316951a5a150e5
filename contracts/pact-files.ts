// Where pact files live and how drift is caught. The committed V4 files in contracts/pacts/ are
// the contract. Consumer tests write a fresh copy into a temp dir and compare it with the
// committed one: a change of contract is a reviewable diff, never silent. With
// GAUNTLET_PACT_UPDATE=1 (`gauntlet contracts test --update`) they rewrite the committed files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PACT_DIR = join(import.meta.dirname, 'pacts');

export interface PactPair {
  consumer: string;
  provider: string;
}

export function pactFileName(pair: PactPair): string {
  return `${pair.consumer}-${pair.provider}.json`;
}

export function committedPact(pair: PactPair): string {
  return join(PACT_DIR, pactFileName(pair));
}

export function isUpdating(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GAUNTLET_PACT_UPDATE === '1';
}

/**
 * The directory a consumer test hands to PactV4 for one pair: a fresh temp dir, or contracts/pacts
 * when updating (the old file removed first: Pact merges into an existing file, and a contract
 * must not keep interactions the consumer no longer has).
 */
export function consumerPactDir(pair: PactPair, env: NodeJS.ProcessEnv = process.env): string {
  if (isUpdating(env)) {
    rmSync(committedPact(pair), { force: true });
    return PACT_DIR;
  }
  return mkdtempSync(join(tmpdir(), `gauntlet-pact-${pair.consumer}-`));
}

/**
 * How the freshly written pact differs from the committed one: undefined when identical (or when
 * updating, where they are the same file), else a message naming the first differing line and
 * the command that accepts the change.
 */
export function driftOf(pair: PactPair, dir: string): string | undefined {
  const committedPath = committedPact(pair);
  const freshPath = join(dir, pactFileName(pair));
  if (freshPath === committedPath) return undefined;
  let fresh: string;
  try {
    fresh = readFileSync(freshPath, 'utf8');
  } catch {
    return `the consumer tests wrote no ${pactFileName(pair)} in ${dir}`;
  }
  let committed: string;
  try {
    committed = readFileSync(committedPath, 'utf8');
  } catch {
    return `${committedPath} is not committed yet: run \`npx gauntlet contracts test --update\` and commit it`;
  }
  if (fresh === committed) return undefined;
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const at = line === -1 ? a.length : line;
  return [
    `contract drift in ${pactFileName(pair)}: the consumer tests now generate a different pact.`,
    `first difference at line ${at + 1}:`,
    `  committed: ${a[at] ?? '<end of file>'}`,
    `  generated: ${b[at] ?? '<end of file>'}`,
    'If the change is intended, run `npx gauntlet contracts test --update` and commit contracts/pacts/.',
  ].join('\n');
}

/** Removes a temp dir consumerPactDir made (never contracts/pacts). */
export function removePactDir(dir: string): void {
  if (dir !== PACT_DIR) rmSync(dir, { recursive: true, force: true });
}
