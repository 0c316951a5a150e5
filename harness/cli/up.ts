// `gauntlet up`: the live world on loopback (simulators, Toxiproxy in every path, the core as its
// own process) until Ctrl-C or SIGTERM; then everything goes down, nothing is left running.
import { resolve } from 'node:path';
import { CoreStartError, describeExit } from '../live/core-child.ts';
import type { Dialect } from '../live/simulators.ts';
import { checkWebhookPath, describeDatabase, startLiveWorld, type LiveWorld } from '../live/up.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';

export const UP_SPEC = {
  name: 'up',
  options: {
    json: { description: 'print the world file (JSON: URLs, proxies, secrets) on stdout, progress on stderr' },
    seed: { value: 'S', description: 'the seed of the simulators (default: a fresh one)' },
    db: { value: 'DIR', description: "the core's PGlite directory (default: a temp dir; DATABASE_URL selects a Postgres server)" },
    'sut-url': { value: 'URL', description: 'your own service is the system under test (no core is started): point its Stripe and Adyen base URLs at the proxies printed' },
    webhook: { value: 'P=URL', multiple: true, description: "where your service takes a provider's webhooks, e.g. stripe=http://127.0.0.1:8080/hooks/stripe (default /v1/webhooks/<provider>; only the path is used: deliveries cross the core_webhooks proxy to --sut-url); repeatable" },
    'webhook-secret': { value: 'P=SECRET', multiple: true, description: 'what the simulators sign with: stripe=whsec_... or adyen=<hex HMAC key> (default: fresh random ones); repeatable' },
  },
  examples: ['npx gauntlet up --json > world.json', 'npx gauntlet up --json --sut-url http://127.0.0.1:8080 > world.json'],
  notes: 'The --json output (the world file) carries the webhook secrets under "webhooks", the API keys your\nservice calls the simulators with under "apiKeys" and the control API\'s bearer token under "control";\n`gauntlet run --world FILE`, `gauntlet drill --world-file FILE` and `gauntlet gate --world-file FILE` take it.',
} as const satisfies VerbSpec;

const PROVIDERS: readonly Dialect[] = ['stripe', 'adyen'];

/** `provider=value` pairs, each provider at most once. */
export function parseProviderPairs(list: readonly string[], flag: string): Partial<Record<Dialect, string>> {
  const out: Partial<Record<Dialect, string>> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    const provider = item.slice(0, Math.max(i, 0)) as Dialect;
    const value = item.slice(i + 1);
    if (i < 1 || !PROVIDERS.includes(provider) || !value) throw new UsageError(`${flag} ${item}: expected stripe=VALUE or adyen=VALUE`);
    if (out[provider] !== undefined) throw new UsageError(`${flag}: ${provider} given twice`);
    out[provider] = value;
  }
  return out;
}

/**
 * --webhook targets as paths on the SUT. A full URL must point at the SUT (its host and port):
 * the simulators reach the SUT only through the core_webhooks proxy, which forwards there.
 */
export function webhookPathsFrom(targets: Partial<Record<Dialect, string>>, sutUrl: string): Partial<Record<Dialect, string>> {
  const sut = new URL(sutUrl);
  const out: Partial<Record<Dialect, string>> = {};
  for (const [provider, target] of Object.entries(targets) as [Dialect, string][]) {
    let path = target;
    if (!target.startsWith('/')) {
      let u: URL;
      try {
        u = new URL(target);
      } catch {
        throw new UsageError(`--webhook ${provider}=${target}: not a URL or an absolute path`);
      }
      if (u.host !== sut.host || u.protocol !== sut.protocol) {
        throw new UsageError(`--webhook ${provider}=${target}: webhooks reach your service through the core_webhooks proxy, which forwards to --sut-url (${sut.host}); give a URL on that host and port, or just the path`);
      }
      path = `${u.pathname}${u.search}`;
    }
    try {
      out[provider] = checkWebhookPath(path, provider);
    } catch (err) {
      throw new UsageError(`--webhook: ${(err as Error).message}`);
    }
  }
  return out;
}

export function webhookSecretsFrom(secrets: Partial<Record<Dialect, string>>): { stripe?: string; adyen?: string } {
  if (secrets.stripe !== undefined && !/^whsec_[A-Za-z0-9_]{8,}$/.test(secrets.stripe)) throw new UsageError('--webhook-secret stripe=...: a Stripe signing secret looks like whsec_ followed by at least 8 letters, digits or _');
  if (secrets.adyen !== undefined && !/^([0-9A-Fa-f]{2}){16,64}$/.test(secrets.adyen)) throw new UsageError('--webhook-secret adyen=...: an Adyen HMAC key is hex (32 to 128 digits)');
  return { ...(secrets.stripe ? { stripe: secrets.stripe } : {}), ...(secrets.adyen ? { adyen: secrets.adyen } : {}) };
}

export async function up(argv: string[]): Promise<number> {
  const { values } = parseVerb(UP_SPEC, argv);
  const sutUrl = values['sut-url'];
  if (sutUrl !== undefined && !/^https?:\/\/[^/]+/.test(sutUrl)) throw new UsageError(`--sut-url ${sutUrl}: expected http://host:port`);
  if (!sutUrl && (values.webhook.length > 0 || values['webhook-secret'].length > 0)) {
    throw new UsageError(`--webhook and --webhook-secret configure your own service's webhooks: they need --sut-url (the reference core takes /v1/webhooks/<provider> with the secrets the world makes)`);
  }
  const webhookPaths = sutUrl ? webhookPathsFrom(parseProviderPairs(values.webhook, '--webhook'), sutUrl) : {};
  const webhookSecrets = webhookSecretsFrom(parseProviderPairs(values['webhook-secret'], '--webhook-secret'));
  if (values.db && process.env.DATABASE_URL) throw new UsageError(`--db (PGlite directory) and DATABASE_URL (a server) exclude each other`);
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1) : undefined;
  // Progress goes to stderr so that with --json stdout holds exactly one JSON object.
  const note = (line: string) => process.stderr.write(`[up] ${line}\n`);

  // A signal during start-up is honoured once the world is up (then torn down at once).
  const shutdown = waitForShutdown();
  let world: LiveWorld;
  try {
    world = await startLiveWorld({
      simulatorPorts: 'default',
      ...(seed !== undefined ? { seed } : {}),
      ...(values.db ? { database: { kind: 'pglite', dir: resolve(values.db) } } : {}),
      ...(sutUrl ? { sutUrl } : {}),
      ...(Object.keys(webhookPaths).length > 0 ? { webhookPaths } : {}),
      ...(Object.keys(webhookSecrets).length > 0 ? { webhookSecrets } : {}),
      log: values.json ? () => undefined : note,
    });
  } catch (err) {
    process.stderr.write(`gauntlet up: the live world did not start: ${(err as Error).message}\n`);
    if (err instanceof CoreStartError && !err.stderr.trim() && err.stdout.trim()) process.stderr.write(`--- core stdout ---\n${err.stdout.trim()}\n`);
    return 1;
  }

  const d = world.describe();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(d)}\n`);
  } else {
    const p = d.toxiproxy.proxies;
    console.log(`live world up (seed ${world.seed}, db ${describeDatabase(world.database)})`);
    console.log(world.core ? `  core             ${d.core}   (pid ${world.core.pid})` : `  your service     ${d.core}   (external: set its Stripe URL to ${p.stripe.listen}, its Adyen URL to ${p.adyen.listen})`);
    console.log(`  stripe simulator ${d.simulators.stripe}   via toxiproxy ${p.stripe.listen}`);
    console.log(`  adyen simulator  ${d.simulators.adyen}   via toxiproxy ${p.adyen.listen}`);
    console.log(`  webhooks → ${world.core ? 'core ' : 'SUT  '} ${p.core_webhooks.listen} → ${p.core_webhooks.upstream}`);
    if (!world.core && d.webhooks) {
      console.log(`    stripe         ${d.webhooks.stripe.url}   (signing secret in --json output)`);
      console.log(`    adyen          ${d.webhooks.adyen.url}   (HMAC key in --json output)`);
    }
    console.log(`  toxiproxy API    ${d.toxiproxy.api}   (proxies: stripe, adyen, core_webhooks)`);
    console.log('  secrets          fresh for this world (webhook secrets, API keys, the control API\'s bearer token): in the --json output');
    console.log('Ctrl-C stops everything.');
  }

  // Ends on a signal, or when the core dies on its own (then with its stderr and exit code 1).
  const core = world.core;
  const died = core ? core.exited.then((exit) => ({ exit })) : new Promise<never>(() => undefined);
  const outcome = await Promise.race([shutdown.then((signal) => ({ signal })), died]);
  let code = 0;
  if (core && 'exit' in outcome && !core.stopRequested) {
    process.stderr.write(`gauntlet up: the core (pid ${core.pid}) exited on its own (${describeExit(outcome.exit)})\n${core.stderr().trim()}\n`);
    code = 1;
  }
  await world.stop();
  if (!values.json) console.log(`live world stopped${'signal' in outcome ? ` (${outcome.signal})` : ''}`);
  return code;
}
