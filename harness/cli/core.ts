// `gauntlet core`: the reference payment core alone, as a server on loopback.
// Secrets (cli/secrets.ts): flags, else GAUNTLET_* variables, else fresh ones on loopback; off
// loopback it refuses to start without them.
import { parseArgs } from 'node:util';
import { isMutantName, MUTANT_NAMES } from '../../core/index.ts';
import { startLiveCore } from '../live/core-process.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';
import { type SecretSpec, generatedNote, flagSecrets, resolveCliSecrets, writeGeneratedSecrets } from './secrets.ts';

export const CORE_USAGE = `gauntlet core --port P [--host H] [--db PATH] --stripe-url URL --adyen-url URL
               [--stripe-api-key sk_test_…] [--stripe-webhook-secret whsec_…] [--adyen-api-key KEY] [--adyen-hmac-key HEX]
               [--control-token T] [--outbox-url URL] [--seed S]
               [--mutant NAME]   (harness selftest: run as a built-in buggy variant)
  (DATABASE_URL in the environment selects a Postgres server instead of PGlite)
  Secrets: each flag, or GAUNTLET_STRIPE_API_KEY, GAUNTLET_STRIPE_WEBHOOK_SECRET, GAUNTLET_ADYEN_API_KEY,
  GAUNTLET_ADYEN_HMAC_KEY, GAUNTLET_CONTROL_TOKEN in the environment (preferred: flags show in ps).
  Without them, on loopback fresh random ones are generated (the file they are in is printed on
  stderr); on any other --host the core refuses to start.`;

export async function core(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '12100' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      'stripe-url': { type: 'string' },
      'adyen-url': { type: 'string' },
      'stripe-api-key': { type: 'string' },
      'stripe-webhook-secret': { type: 'string' },
      'adyen-api-key': { type: 'string' },
      'adyen-hmac-key': { type: 'string' },
      'control-token': { type: 'string' },
      'outbox-url': { type: 'string' },
      seed: { type: 'string' },
      mutant: { type: 'string' },
    },
  });
  if (!values['stripe-url'] && !values['adyen-url']) throw new UsageError(`at least one provider URL is needed\n${CORE_USAGE}`);
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && values.db) throw new UsageError('--db (PGlite directory) and DATABASE_URL (a server) exclude each other');
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1) : freshSeed();
  const crash = process.env.GAUNTLET_CRASH_AFTER_PROVIDER_CALL;
  if (values.mutant !== undefined && !isMutantName(values.mutant)) throw new UsageError(`unknown mutant ${values.mutant} (one of ${MUTANT_NAMES.join(', ')})`);
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
    ...(values.mutant !== undefined ? { mutant: values.mutant } : {}),
    ...(crash ? { crashAfterProviderCall: parseInteger(crash, 'GAUNTLET_CRASH_AFTER_PROVIDER_CALL', 1, 1_000_000) } : {}),
  });
  const handover = await writeGeneratedSecrets('core', secrets);
  if (handover) process.stderr.write(generatedNote('core', secrets, handover.file));
  const db = databaseUrl ? 'postgres (DATABASE_URL)' : values.db ? `pglite ${values.db}` : 'pglite (in memory)';
  console.log(`core ready ${live.url} seed=${seed} db=${db}${values.mutant ? ` MUTANT=${values.mutant}` : ''} providers=${[values['stripe-url'] && 'stripe', values['adyen-url'] && 'adyen'].filter(Boolean).join(',')}`);
  const signal = await waitForShutdown();
  await live.stop();
  await handover?.remove();
  console.log(`core stopped (${signal})`);
  return 0;
}
