// Provider verification of committed HTTP pacts against any running provider (a Gauntlet
// simulator, the reference core, a sandbox behind a proxy), through Pact's own verifier
// (pact-core's FFI). Provider states are set up by POSTing Pact's {state, params, action} to a
// state URL (the simulators' and the core's /__gauntlet/provider-states by default); what that
// answers is injected into the interaction (ids the provider minted).
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface InteractionResult {
  description: string;
  /** Provider states the interaction needs, in order. */
  states: string[];
  ok: boolean;
  /** What did not match, one line each (empty when ok). */
  mismatches: string[];
}

export interface VerificationReport {
  pactFile: string;
  consumer: string;
  provider: string;
  baseUrl: string;
  ok: boolean;
  interactions: InteractionResult[];
}

export interface VerifyOptions {
  pactFile: string;
  baseUrl: string;
  /** Where provider states are set up; default `${baseUrl}/__gauntlet/provider-states`. */
  stateUrl?: string;
  /** Headers added to every request the verifier sends (e.g. a sandbox's credentials). */
  headers?: Record<string, string>;
  /** Per-request timeout of the verifier, ms (default 30 s). */
  timeoutMs?: number;
  /**
   * Where pact-core's own output goes (its log and the verifier's coloured per-interaction text),
   * appended. Default: $GAUNTLET_LOG_DIR/pact-verifier.log when the CLI set it, else this process's stderr.
   */
  logFile?: string;
}

/** The file pact-core's output goes to when the caller names none, if any (see VerifyOptions.logFile). */
export function defaultVerifierLog(): string | undefined {
  const dir = process.env.GAUNTLET_LOG_DIR;
  return dir ? join(dir, 'pact-verifier.log') : undefined;
}

/**
 * The verifier runs in a child process: pact-core's native verifier prints straight to file
 * descriptor 1, which no option turns off, and that buried `--json` output under hundreds of
 * coloured lines. The child's stdout and stderr go to the log; the result comes back over IPC.
 * Plain CommonJS given to `node -e`, so it needs no TypeScript loader and no file of its own in dist/.
 */
const VERIFIER_CHILD = `
const { Verifier } = require(process.env.GAUNTLET_PACT_CORE);
process.once('message', (options) => {
  const done = (raw) => process.send({ raw: String(raw) }, () => process.exit(0));
  new Verifier(options).verify().then(done, (err) => done(err && err.message ? err.message : err));
});`;

function runVerifier(options: Record<string, unknown>, logFile: string | undefined): Promise<string> {
  let fd: number | undefined;
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    fd = openSync(logFile, 'a');
  }
  const out = fd ?? 2;
  const child = spawn(process.execPath, ['-e', VERIFIER_CHILD], {
    stdio: ['ignore', out, out, 'ipc'],
    env: { ...process.env, GAUNTLET_PACT_CORE: createRequire(import.meta.url).resolve('@pact-foundation/pact-core') },
  });
  if (fd !== undefined) closeSync(fd);
  return new Promise((resolve, reject) => {
    let raw: string | undefined;
    child.once('message', (m: { raw: string }) => (raw = m.raw));
    child.once('error', reject);
    child.once('exit', (code, signal) => (raw !== undefined ? resolve(raw) : reject(new Error(`the pact verifier process ended without a result (${signal ?? `exit ${code}`})${logFile ? `; its output is in ${logFile}` : ''}`))));
    child.send(options);
  });
}

interface FfiResults {
  result: boolean;
  errors: { interaction: string; mismatch: { mismatches?: { mismatch?: string; type?: string; path?: string }[]; message?: string; type?: string } }[];
  interactionResults?: { description: string; result: string }[];
}

interface PactFileShape {
  consumer: { name: string };
  provider: { name: string };
  interactions: { description: string; type?: string; providerStates?: { name: string }[] }[];
}

export async function verifyHttpPact(o: VerifyOptions): Promise<VerificationReport> {
  const pact = JSON.parse(readFileSync(o.pactFile, 'utf8')) as PactFileShape;
  const baseUrl = o.baseUrl.replace(/\/$/, '');
  let raw: string;
  try {
    raw = await runVerifier({
      providerBaseUrl: baseUrl,
      pactUrls: [o.pactFile],
      provider: pact.provider.name,
      providerStatesSetupUrl: o.stateUrl ?? `${baseUrl}/__gauntlet/provider-states`,
      providerStatesSetupBody: true,
      providerStatesSetupTeardown: false,
      timeout: o.timeoutMs ?? 30_000,
      logLevel: 'error',
      ...(o.headers ? { customProviderHeaders: o.headers } : {}),
    }, o.logFile ?? defaultVerifierLog());
  } catch (err) {
    raw = (err as Error).message;
  }
  let results: FfiResults;
  try {
    results = JSON.parse(raw) as FfiResults;
  } catch {
    // The verifier could not run at all (provider down, bad arguments): every interaction failed.
    return report(pact, o, baseUrl, () => ({ ok: false, mismatches: [`verification did not run: ${raw}`] }));
  }
  return report(pact, o, baseUrl, (description) => {
    const outcome = results.interactionResults?.find((r) => r.description === description);
    const errors = results.errors.filter((e) => e.interaction.endsWith(` - ${description}`) || e.interaction === description);
    const mismatches = errors.flatMap((e) =>
      e.mismatch.mismatches?.length ? e.mismatch.mismatches.map((m) => `${m.type ?? 'Mismatch'}${m.path ? ` ${m.path}` : ''}: ${m.mismatch ?? ''}`) : [e.mismatch.message ?? JSON.stringify(e.mismatch)],
    );
    const ok = outcome ? outcome.result === 'OK' && mismatches.length === 0 : mismatches.length === 0 && results.result;
    return { ok, mismatches };
  });
}

function report(pact: PactFileShape, o: VerifyOptions, baseUrl: string, judge: (description: string) => { ok: boolean; mismatches: string[] }): VerificationReport {
  const interactions = pact.interactions.map((i) => ({ description: i.description, states: (i.providerStates ?? []).map((s) => s.name), ...judge(i.description) }));
  return { pactFile: o.pactFile, consumer: pact.consumer.name, provider: pact.provider.name, baseUrl, ok: interactions.every((i) => i.ok), interactions };
}

/** One line per interaction, failures with their mismatches: what `gauntlet contracts verify` prints. */
export function describeReport(r: VerificationReport): string[] {
  const lines = [`${r.consumer} → ${r.provider} at ${r.baseUrl}: ${r.ok ? 'all interactions pass' : `${r.interactions.filter((i) => !i.ok).length} of ${r.interactions.length} interactions FAIL`}`];
  for (const i of r.interactions) {
    lines.push(`  ${i.ok ? 'ok  ' : 'FAIL'} ${i.description}${i.states.length ? `  (given ${i.states.join('; ')})` : ''}`);
    for (const m of i.mismatches) lines.push(`         ${m}`);
  }
  return lines;
}
