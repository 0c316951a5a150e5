// `gauntlet sim stripe|adyen`: one simulator as a live server on loopback.
// Secrets (cli/secrets.ts): flags, else GAUNTLET_* variables, else on loopback a fresh signing
// secret (the control API and Adyen's API key stay open there); off loopback it refuses to start
// without a signing secret, an Adyen API key and a control token.
import { readFile } from 'node:fs/promises';
import { validatePlan, type FaultPlan } from '../../simulators/index.ts';
import { DEFAULT_PORTS, startLiveSimulator, type Dialect } from '../live/simulators.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { type SecretSpec, generatedNote, flagSecrets, resolveCliSecrets, writeGeneratedSecrets } from './secrets.ts';

export const SIM_SPEC = {
  name: 'sim',
  args: ['[dialect]'],
  options: {
    port: { value: 'P', description: 'the port to listen on (default 12111 for stripe, 12112 for adyen)' },
    host: { value: 'H', description: 'the address to listen on (off loopback every secret is required)', default: '127.0.0.1' },
    'webhook-url': { value: 'URL', description: 'register a webhook endpoint at start' },
    'webhook-secret': { value: 'whsec_…', description: "Stripe: the registered endpoint's signing secret (or GAUNTLET_STRIPE_WEBHOOK_SECRET)" },
    'hmac-key': { value: 'HEX', description: 'Adyen: the HMAC key notifications are signed with (or GAUNTLET_ADYEN_HMAC_KEY)' },
    'api-key': { value: 'KEY', description: 'Adyen: the X-API-Key it accepts (or GAUNTLET_ADYEN_API_KEY; default: any on loopback)' },
    'control-token': { value: 'T', description: 'bearer token of the control API (or GAUNTLET_CONTROL_TOKEN; default: open on loopback)' },
    faults: { value: 'plan.json', description: 'a fault plan to load at start' },
    seed: { value: 'S', description: 'the seed of ids and fault draws (default: a fresh one)' },
    'webhook-time-scale': { value: 'F', description: 'multiply webhook delays by F, in (0, 1]' },
  },
  examples: ['npx gauntlet sim stripe --port 12111'],
  notes: 'dialect: stripe or adyen. Secrets: prefer the GAUNTLET_* variables (flags show in ps). On loopback a missing\nsigning secret is generated (the file it is in is printed on stderr) and the control API is open unless a token\nis given; on any other --host all of them are required (the control API then needs Authorization: Bearer).',
} as const satisfies VerbSpec;

export async function sim(argv: string[]): Promise<number> {
  const { values, positionals } = parseVerb(SIM_SPEC, argv);
  const dialect = positionals[0];
  if (dialect !== 'stripe' && dialect !== 'adyen') throw new UsageError('which simulator? stripe or adyen: gauntlet sim stripe|adyen [options]');
  const port = values.port !== undefined ? parseInteger(values.port, '--port', 0, 65535) : DEFAULT_PORTS[dialect as Dialect];
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1) : freshSeed();
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) throw new UsageError('--webhook-url must be an http(s) URL');
  if (values['api-key'] !== undefined && dialect !== 'adyen') throw new UsageError('--api-key is for the Adyen simulator (the Stripe one takes any sk_test_ key, as a test-mode account)');
  const scale = values['webhook-time-scale'] !== undefined ? Number(values['webhook-time-scale']) : undefined;
  if (scale !== undefined && !(scale > 0 && scale <= 1)) throw new UsageError('--webhook-time-scale must be a number in (0, 1]');
  const plan = values.faults ? await loadPlan(values.faults) : undefined;
  const specs: SecretSpec[] =
    dialect === 'stripe'
      ? [
          // Signing is needed only for the endpoint registered at start; others bring their own secret.
          ...(webhookUrl ? [{ name: 'stripeWebhookSecret', flag: '--webhook-secret', whenMissing: 'generate' } as const] : []),
          { name: 'controlToken', flag: '--control-token', whenMissing: 'open' },
        ]
      : [
          { name: 'adyenHmacKey', flag: '--hmac-key', whenMissing: 'generate' },
          { name: 'adyenApiKey', flag: '--api-key', whenMissing: 'open' },
          { name: 'controlToken', flag: '--control-token', whenMissing: 'open' },
        ];
  const secrets = resolveCliSecrets({
    command: 'sim',
    host: values.host,
    specs,
    flags: flagSecrets(specs, values),
    env: process.env,
  });
  const { stripeWebhookSecret, adyenHmacKey, adyenApiKey, controlToken } = secrets.values;

  const live = await startLiveSimulator({
    dialect,
    port,
    hostname: values.host,
    seed,
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(dialect === 'stripe' && stripeWebhookSecret ? { webhookSecret: stripeWebhookSecret } : {}),
    ...(dialect === 'adyen' ? { hmacKey: adyenHmacKey! } : {}),
    ...(dialect === 'adyen' && adyenApiKey ? { apiKey: adyenApiKey } : {}),
    ...(controlToken ? { controlToken } : {}),
    ...(plan ? { plan } : {}),
    ...(scale !== undefined ? { webhookTimeScale: scale } : {}),
  });
  const handover = await writeGeneratedSecrets('sim', secrets);
  if (handover) process.stderr.write(generatedNote('sim', secrets, handover.file));
  const hooks = webhookUrl ? ` webhooks→${webhookUrl}` : '';
  const faults = plan ? ` faults=${plan.rules.length} rules` : '';
  console.log(`${dialect} simulator ready ${live.url} seed=${seed}${hooks}${faults} control=${live.url}/__gauntlet/${controlToken ? ' (bearer token required)' : ''}`);
  const signal = await waitForShutdown();
  await live.stop();
  await handover?.remove();
  console.log(`${dialect} simulator stopped (${signal})`);
  return 0;
}

export async function loadPlan(path: string): Promise<FaultPlan> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--faults ${path}: ${(err as Error).message}`);
  }
  const result = validatePlan(raw);
  if (!result.ok) throw new UsageError(`--faults ${path} is not a valid fault plan:\n  ${result.errors.join('\n  ')}`);
  return result.plan;
}
