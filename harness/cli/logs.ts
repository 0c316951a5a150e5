// Where the noisy output of what a verb runs goes: files under the --out dir's logs/, so stdout
// carries only the verb's result (one JSON document with --json) and the summary is not buried.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultVerifierLog } from '../../contracts/index.ts';

export interface LogFiles {
  readonly dir: string;
  /** pact-core's verifier: its log and its per-interaction text (contracts/verify.ts). */
  readonly pactVerifier: string;
}

/**
 * Points this process's log-writing parts at `<outDir>/logs/` (through GAUNTLET_LOG_DIR, which
 * contracts/verify.ts reads, unless the user set it) and starts this run's files empty.
 */
export function routeLogs(outDir: string): LogFiles {
  process.env.GAUNTLET_LOG_DIR ??= join(outDir, 'logs');
  const dir = process.env.GAUNTLET_LOG_DIR;
  mkdirSync(dir, { recursive: true });
  const pactVerifier = defaultVerifierLog()!;
  writeFileSync(pactVerifier, '');
  return { dir, pactVerifier };
}
