// `gauntlet contracts test --update`: regenerate the committed pacts from the consumer tests, and
// write none of them unless every consumer test passed.
//
// Why: Pact writes into a pact file only the interactions whose test passed. Before, an update
// pointed the consumer tests straight at contracts/pacts/, so one failed or flaky test (the Adyen
// "reused Idempotency-Key" flake did exactly this) rewrote a committed contract without that
// interaction, and the next run's drift check failed against a wrong contract. Now the tests
// write into a staging dir (pact-files.ts), vitest reports every test's outcome as JSON, and the
// staged files replace the committed ones only when that report shows every test passed, none
// skipped, and a staged file for every committed one.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PACT_DIR, PACT_STAGING_ENV } from './pact-files.ts';

/** The part of vitest's JSON report (`--reporter=json`) the decision reads. */
export interface VitestJsonReport {
  numTotalTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string }[] }[];
}

export interface ConsumerRun {
  /** vitest's exit code. */
  exitCode: number;
  /** Its JSON report; undefined when it wrote none (it crashed before reporting). */
  report: VitestJsonReport | undefined;
}

export type UpdateDecision = { write: true; files: string[] } | { write: false; reasons: string[] };

/** Whether the staged pacts may replace the committed ones, and if not, every reason why. */
export function decideUpdate(run: ConsumerRun, staged: string, committed: string): UpdateDecision {
  const reasons: string[] = [];
  const r = run.report;
  if (!r) reasons.push(`vitest wrote no report (exit code ${run.exitCode}): the consumer tests did not run to the end`);
  else {
    const failed = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${basename(f.name)} > ${a.fullName}`));
    const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed')).map((f) => `${basename(f.name)}: ${firstLine(f.message) || 'failed to run'}`);
    if (failed.length > 0 || r.numFailedTests > 0) reasons.push(`${Math.max(failed.length, r.numFailedTests)} consumer test(s) failed:\n${failed.map((n) => `    ${n}`).join('\n')}`);
    if (brokenFiles.length > 0 || (r.numFailedTestSuites > 0 && failed.length === 0)) reasons.push(`consumer test file(s) failed outside a test:\n${brokenFiles.map((n) => `    ${n}`).join('\n')}`);
    const notRun = r.numPendingTests + r.numTodoTests;
    if (notRun > 0) reasons.push(`${notRun} consumer test(s) skipped or todo: their interactions would be missing from the pacts`);
    if (r.numTotalTests === 0) reasons.push('no consumer test ran');
    if (run.exitCode !== 0 && reasons.length === 0) reasons.push(`vitest exited with code ${run.exitCode}`);
  }
  const stagedFiles = pactFiles(staged);
  const missing = pactFiles(committed).filter((f) => !stagedFiles.includes(f));
  if (missing.length > 0) reasons.push(`no fresh pact for committed ${missing.join(', ')} (its consumer test did not write one)`);
  if (stagedFiles.length === 0) reasons.push('the consumer tests wrote no pact file');
  return reasons.length > 0 ? { write: false, reasons } : { write: true, files: stagedFiles };
}

/** Copies the staged pacts over the committed ones; each lands whole (temp file + rename). */
export function promoteStagedPacts(staged: string, committed: string, files: readonly string[]): void {
  for (const f of files) {
    const tmp = join(committed, `.${f}.updating`);
    copyFileSync(join(staged, f), tmp);
    renameSync(tmp, join(committed, f));
  }
}

export interface UpdateOptions {
  /** Arguments after `vitest run` that select the consumer tests. */
  vitestArgs: readonly string[];
  /** The working directory vitest runs in. */
  cwd: string;
  /** Where the committed pacts are (default contracts/pacts). */
  pactDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Where vitest's own output goes (default: this process's stdout/stderr). */
  stdio?: 'inherit' | 'ignore';
}

export interface UpdateResult {
  code: number;
  written: string[];
  /** Empty when the pacts were written. */
  refused: string[];
}

/** Runs the consumer tests into a staging dir and writes the pacts only if every test passed. */
export async function updatePacts(o: UpdateOptions): Promise<UpdateResult> {
  const pactDir = o.pactDir ?? PACT_DIR;
  const work = mkdtempSync(join(tmpdir(), 'gauntlet-pact-update-'));
  const staged = join(work, 'pacts');
  const reportPath = join(work, 'vitest.json');
  try {
    mkdirSync(staged);
    const env = { ...(o.env ?? process.env), GAUNTLET_PACT_UPDATE: '1', [PACT_STAGING_ENV]: staged };
    const vitest = join(import.meta.dirname, '../node_modules/vitest/vitest.mjs');
    const args = [vitest, 'run', ...o.vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`];
    const child = spawn(process.execPath, args, { cwd: o.cwd, env, stdio: o.stdio ?? 'inherit' });
    const exitCode = await new Promise<number>((resolve) => {
      child.once('error', () => resolve(2));
      child.once('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
    });
    const run: ConsumerRun = { exitCode, report: readReport(reportPath) };
    const decision = decideUpdate(run, staged, pactDir);
    if (!decision.write) return { code: exitCode === 0 ? 1 : exitCode, written: [], refused: decision.reasons };
    promoteStagedPacts(staged, pactDir, decision.files);
    return { code: 0, written: decision.files, refused: [] };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The refusal as the CLI prints it. */
export function describeRefusal(pactDir: string, reasons: readonly string[]): string {
  return [
    `gauntlet contracts test --update: NOT writing ${pactDir}: no pact file was changed.`,
    ...reasons.map((r) => `  - ${r}`),
    'Pact leaves a failed interaction out of the pact it writes, so a contract generated from this run would silently lose it.',
    'Fix the failure (or re-run if it was not yours) and update again.',
  ].join('\n');
}

function readReport(path: string): VitestJsonReport | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as VitestJsonReport;
  } catch {
    return undefined;
  }
}

function pactFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort();
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0] ?? '';
}
