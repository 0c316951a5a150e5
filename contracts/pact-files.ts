// Where pact files live and how drift is caught. The committed V4 files in contracts/pacts/ are
// the contract. Consumer tests write a fresh copy into a temp dir and compare it with the
// committed one: a change of contract is a reviewable diff, never silent. To update
// (`gauntlet contracts test --update`: GAUNTLET_PACT_UPDATE=1 and a staging dir in
// GAUNTLET_PACT_STAGING) they write into the staging dir, and pact-update.ts copies the staged
// files over the committed ones only when every consumer test passed. Pact writes a pact file only
// from the interactions whose test passed, so writing straight into contracts/pacts/ after a
// failed (or flaky) test committed a contract that silently lacked that interaction.
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

/** The env var naming the dir an update stages the fresh pacts in. */
export const PACT_STAGING_ENV = 'GAUNTLET_PACT_STAGING';

/** The staging dir of an update in progress; an update without one is refused (see consumerPactDir). */
export function stagingDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return isUpdating(env) ? env[PACT_STAGING_ENV] || undefined : undefined;
}

/**
 * The directory a consumer test hands to PactV4 for one pair: a fresh temp dir, or the update's
 * staging dir (fresh too, so Pact's merge into an existing file never keeps interactions the
 * consumer no longer has). Never contracts/pacts itself.
 */
export function consumerPactDir(pair: PactPair, env: NodeJS.ProcessEnv = process.env): string {
  if (isUpdating(env)) {
    const staging = stagingDir(env);
    if (!staging) {
      throw new Error(
        `GAUNTLET_PACT_UPDATE=1 without ${PACT_STAGING_ENV}: run \`npx gauntlet contracts test --update\`, which writes contracts/pacts/ only when every consumer test passed`,
      );
    }
    return staging;
  }
  return mkdtempSync(join(tmpdir(), `gauntlet-pact-${pair.consumer}-`));
}

/**
 * How the freshly written pact differs from the committed one: undefined when identical (or when
 * updating, where the change is what is asked for), else a message naming the first differing
 * line and the command that accepts the change.
 */
export function driftOf(pair: PactPair, dir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const committedPath = committedPact(pair);
  const freshPath = join(dir, pactFileName(pair));
  if (isUpdating(env) || freshPath === committedPath) return undefined;
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

/** Removes a temp dir consumerPactDir made (never contracts/pacts, never the update's staging dir). */
export function removePactDir(dir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (dir !== PACT_DIR && dir !== stagingDir(env)) rmSync(dir, { recursive: true, force: true });
}
