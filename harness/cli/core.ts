// `gauntlet core`: the reference payment core alone, as a server on loopback.
// Secrets (cli/secrets.ts): flags, else GAUNTLET_* variables, else fresh ones on loopback; off
// loopback it refuses to start without them.
import { startLiveCore } from '../live/core-process.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { type SecretSpec, generatedNote, flagSecrets, resolveCliSecrets, writeGeneratedSecrets } from './secrets.ts';
import { parseMutant } from './mutant-flag.ts';

export const CORE_SPEC = {
  name: 'core',
  options: {
    port: { value: 'P', description: 'the port to listen on', default: '12100' },
    host: { value: 'H', description: 'the address to listen on (off loopback every secret is required)', default: '127.0.0.1' },
    db: { value: 'PATH', description: 'PGlite directory (default: a temp dir; DATABASE_URL selects a Postgres server instead)' },
    'stripe-url': { value: 'URL', description: "the Stripe API's base URL (at least one provider URL is needed)" },
    'adyen-url': { value: 'URL', description: "the Adyen API's base URL" },
    'stripe-api-key': { value: 'sk_test_…', description: 'or GAUNTLET_STRIPE_API_KEY' },
    'stripe-webhook-secret': { value: 'whsec_…', description: 'or GAUNTLET_STRIPE_WEBHOOK_SECRET' },
    'adyen-api-key': { value: 'KEY', description: 'or GAUNTLET_ADYEN_API_KEY' },
    'adyen-hmac-key': { value: 'HEX', description: 'or GAUNTLET_ADYEN_HMAC_KEY' },
    'control-token': { value: 'T', description: "the simulators' control API token, for settlement reports (or GAUNTLET_CONTROL_TOKEN)" },
    'outbox-url': { value: 'URL', description: 'where the core delivers its outbox events' },
    seed: { value: 'S', description: 'the seed of ids (default: a fresh one)' },
    mutant: { value: 'NAME', description: 'harness selftest: run as a built-in buggy variant' },
  },
  examples: ['npx gauntlet core --port 12100 --stripe-url http://127.0.0.1:12111 --adyen-url http://127.0.0.1:12112'],
  notes: 'Secrets: each flag, or its GAUNTLET_* variable (preferred: flags show in ps). Without them, on loopback\nfresh random ones are generated (the file they are in is printed on stderr); on any other --host the\ncore refuses to start.',
} as const satisfies VerbSpec;

export async function core(argv: string[]): Promise<number> {
  const { values } = parseVerb(CORE_SPEC, argv);
  if (!values['stripe-url'] && !values['adyen-url']) throw new UsageError(`at least one provider URL is needed`);
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && values.db) throw new UsageError('--db (PGlite directory) and DATABASE_URL (a server) exclude each other');
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1) : freshSeed();
  const crash = process.env.GAUNTLET_CRASH_AFTER_PROVIDER_CALL;
  const mutant = parseMutant(values.mutant);
  const specs: SecretSpec[] = [
    ...(values['stripe-url']
      ? ([
          { name: 'stripeApiKey', flag: '--stripe-api-key', whenMissing: 'generate' },
          { name: 'stripeWebhookSecret', flag: '--stripe-webhook-secret', whenMissing: 'generate' },
        ] as const)
      : []),
    ...(values['adyen-url']
      ? ([
          { name: 'adyenApiKey', flag: '--adyen-api-key', whenMissing: 'generate' },
          { name: 'adyenHmacKey', flag: '--adyen-hmac-key', whenMissing: 'generate' },
        ] as const)
      : []),
    // Only sent to the simulators (settlement reports): the core serves no control API of its own.
    { name: 'controlToken', flag: '--control-token', whenMissing: 'optional' },
  ];
  const secrets = resolveCliSecrets({
    command: 'core',
    host: values.host,
    specs,
    flags: flagSecrets(specs, values),
    env: process.env,
  });
  const { stripeApiKey, stripeWebhookSecret, adyenApiKey, adyenHmacKey, controlToken } = secrets.values;
  const live = await startLiveCore({
    port: parseInteger(values.port, '--port', 0, 65535),
    hostname: values.host,
    seed,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(values.db ? { dataDir: values.db } : {}),
    ...(values['stripe-url'] ? { stripeUrl: values['stripe-url'] } : {}),
    ...(values['adyen-url'] ? { adyenUrl: values['adyen-url'] } : {}),
    ...(stripeApiKey ? { stripeApiKey } : {}),
    ...(stripeWebhookSecret ? { stripeWebhookSecret } : {}),
    ...(adyenApiKey ? { adyenApiKey } : {}),
    ...(adyenHmacKey ? { adyenHmacKey } : {}),
    ...(controlToken ? { controlToken } : {}),
    ...(values['outbox-url'] ? { outboxUrl: values['outbox-url'] } : {}),
    ...(mutant !== undefined ? { mutant } : {}),
    ...(crash ? { crashAfterProviderCall: parseInteger(crash, 'GAUNTLET_CRASH_AFTER_PROVIDER_CALL', 1, 1_000_000) } : {}),
  });
  const handover = await writeGeneratedSecrets('core', secrets);
  if (handover) process.stderr.write(generatedNote('core', secrets, handover.file));
  const db = databaseUrl ? 'postgres (DATABASE_URL)' : values.db ? `pglite ${values.db}` : 'pglite (in memory)';
  console.log(`core ready ${live.url} seed=${seed} db=${db}${values.mutant ? ` MUTANT=${values.mutant}` : ''} providers=${[values['stripe-url'] && 'stripe', values['adyen-url'] && 'adyen'].filter(Boolean).join(',')}`);
  // The handed-over secrets go with the process, even when stopping the core fails.
  try {
    const signal = await waitForShutdown();
    await live.stop();
    console.log(`core stopped (${signal})`);
  } finally {
    await handover?.remove();
  }
  return 0;
}
