// `gauntlet contracts verify --provider stripe|adyen|core --base-url URL [--state-url URL] [--json]`
// verifies the committed pacts against a running provider: exit 0 when every interaction passes,
// 1 with a per-interaction report when any fails, 2 when verification could not run.
// `gauntlet contracts test [--update]` runs the consumer side (and the drift check); --update
// rewrites contracts/pacts/ from the consumer tests, and refuses to write any pact file when any
// consumer test failed or was skipped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { UsageError } from './args.ts';
import { routeLogs } from './logs.ts';
import { parseVerb, pickSubcommand, type ParentSpec, type VerbSpec } from './command.ts';
import { writeResult } from './result-out.ts';

const VERIFY_SPEC = {
  name: 'contracts verify',
  summary: 'verify the committed pacts against a running provider',
  options: {
    provider: { value: 'stripe|adyen|core', description: 'which provider the pacts are verified against' },
    'base-url': { value: 'URL', description: "the provider's http(s) URL" },
    'state-url': { value: 'URL', description: 'the provider-states endpoint (default: the simulator\'s control API)' },
    json: { description: 'print the result as one JSON document on stdout (pact-core\'s log goes to a file)' },
  },
  examples: ['npx gauntlet contracts verify --provider stripe --base-url http://127.0.0.1:12111 --json'],
  notes: 'Exit 0 every interaction passes, 1 one fails (a per-interaction report), 2 verification could not run.',
} as const satisfies VerbSpec;

const TEST_SPEC = {
  name: 'contracts test',
  summary: 'run the consumer side (and the drift check)',
  options: {
    update: { description: 'rewrite contracts/pacts/ from the consumer tests (refused when any consumer test failed or was skipped)' },
  },
  examples: ['npx gauntlet contracts test --update'],
} as const satisfies VerbSpec;

export const CONTRACTS_SPEC = {
  name: 'contracts',
  commands: [VERIFY_SPEC, TEST_SPEC],
  examples: ['npx gauntlet contracts verify --provider stripe --base-url http://127.0.0.1:12111', 'npx gauntlet contracts test'],
} as const satisfies ParentSpec;

const ROOT = join(import.meta.dirname, '../..');

export async function contracts(argv: string[]): Promise<number> {
  const { command, rest } = pickSubcommand(CONTRACTS_SPEC, argv);
  return command === VERIFY_SPEC ? verify(rest) : consumerTests(rest);
}

async function verify(argv: string[]): Promise<number> {
  const { values } = parseVerb(VERIFY_SPEC, argv);
  const { CONTRACT_PROVIDERS, describeReport, verifyProvider } = await import('../../contracts/index.ts');
  const provider = values.provider as (typeof CONTRACT_PROVIDERS)[number] | undefined;
  if (!provider || !CONTRACT_PROVIDERS.includes(provider)) throw new UsageError(`--provider must be one of ${CONTRACT_PROVIDERS.join(', ')}`);
  const baseUrl = values['base-url'];
  if (!baseUrl || !/^https?:\/\/[^/]/.test(baseUrl)) throw new UsageError(`--base-url: the provider's http(s) URL is required`);
  const reachable = await fetch(baseUrl, { signal: AbortSignal.timeout(5_000) }).then(
    () => true,
    (err: Error) => err,
  );
  if (reachable !== true) {
    process.stderr.write(`gauntlet contracts verify: ${baseUrl} does not answer (${(reachable as Error).message}); start the provider first\n`);
    return 2;
  }
  const logs = routeLogs('reports/out');
  const reports = await verifyProvider({ provider, baseUrl, ...(values['state-url'] ? { stateUrl: values['state-url'] } : {}) });
  const ok = reports.every((r) => r.ok);
  if (values.json) writeResult(JSON.stringify({ provider, baseUrl, ok, pacts: reports, logs }));
  else {
    for (const r of reports) console.log(describeReport(r).join('\n'));
    console.log(`${ok ? 'contracts verified' : 'contract verification FAILED'} (pact-core's output: ${logs.pactVerifier})`);
  }
  return ok ? 0 : 1;
}

async function consumerTests(argv: string[]): Promise<number> {
  const { values } = parseVerb(TEST_SPEC, argv);
  // The consumer tests are plain vitest files named *.consumer.test.ts under contracts/.
  // vitest's positional filter keeps the files whose path contains it.
  const vitestArgs = ['--no-file-parallelism', '--dir', 'contracts', '.consumer.test.ts'];
  if (values.update) {
    // Staged, then written only if every consumer test passed (contracts/pact-update.ts).
    const { describeRefusal, PACT_DIR, updatePacts } = await import('../../contracts/index.ts');
    const result = await updatePacts({ vitestArgs, cwd: ROOT });
    if (result.refused.length > 0) {
      process.stderr.write(`${describeRefusal(PACT_DIR, result.refused)}\n`);
      return result.code;
    }
    console.log(`contracts/pacts/ rewritten from the consumer tests (${result.written.join(', ')}): review and commit the diff`);
    return 0;
  }
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...vitestArgs], { cwd: ROOT, stdio: 'inherit' });
  return new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
}
