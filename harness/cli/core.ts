// `gauntlet core`: the reference payment core alone, as a server on loopback.
import { parseArgs } from 'node:util';
import { isMutantName, MUTANT_NAMES } from '../../core/index.ts';
import { startLiveCore } from '../live/core-process.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';

export const CORE_USAGE = `gauntlet core --port P [--host H] [--db PATH] --stripe-url URL --adyen-url URL
               [--stripe-webhook-secret whsec_…] [--adyen-hmac-key HEX] [--outbox-url URL] [--seed S]
               [--mutant NAME]   (harness selftest: run as a built-in buggy variant)
  (DATABASE_URL in the environment selects a Postgres server instead of PGlite)`;

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
  const live = await startLiveCore({
    port: parseInteger(values.port, '--port', 0, 65535),
    hostname: values.host,
    seed,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(values.db ? { dataDir: values.db } : {}),
    ...(values['stripe-url'] ? { stripeUrl: values['stripe-url'] } : {}),
    ...(values['adyen-url'] ? { adyenUrl: values['adyen-url'] } : {}),
    ...(values['stripe-api-key'] ? { stripeApiKey: values['stripe-api-key'] } : {}),
    ...(values['stripe-webhook-secret'] ? { stripeWebhookSecret: values['stripe-webhook-secret'] } : {}),
    ...(values['adyen-api-key'] ? { adyenApiKey: values['adyen-api-key'] } : {}),
    ...(values['adyen-hmac-key'] ? { adyenHmacKey: values['adyen-hmac-key'] } : {}),
    ...(values['outbox-url'] ? { outboxUrl: values['outbox-url'] } : {}),
    ...(values.mutant !== undefined ? { mutant: values.mutant } : {}),
    ...(crash ? { crashAfterProviderCall: parseInteger(crash, 'GAUNTLET_CRASH_AFTER_PROVIDER_CALL', 1, 1_000_000) } : {}),
  });
  const db = databaseUrl ? 'postgres (DATABASE_URL)' : values.db ? `pglite ${values.db}` : 'pglite (in memory)';
  console.log(`core ready ${live.url} seed=${seed} db=${db}${values.mutant ? ` MUTANT=${values.mutant}` : ''} providers=${[values['stripe-url'] && 'stripe', values['adyen-url'] && 'adyen'].filter(Boolean).join(',')}`);
  const signal = await waitForShutdown();
  await live.stop();
  console.log(`core stopped (${signal})`);
  return 0;
}
