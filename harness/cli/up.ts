// `gauntlet up`: the live world on loopback (simulators, Toxiproxy in every path, the core as its
// own process) until Ctrl-C or SIGTERM; then everything goes down, nothing is left running.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreStartError, describeExit } from '../live/core-child.ts';
import { describeDatabase, startLiveWorld, type LiveWorld } from '../live/up.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';

export const UP_USAGE = `gauntlet up [--json] [--seed S] [--db DIR] [--sut-url URL]
  (DATABASE_URL in the environment selects a Postgres server; default: PGlite in a temp dir)
  --sut-url URL: your own service is the system under test; no core is started. Point its Stripe
  and Adyen base URLs at the proxies printed, then \`gauntlet run --world FILE\` with the --json output.`;

export async function up(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, seed: { type: 'string' }, db: { type: 'string' }, 'sut-url': { type: 'string' } },
  });
  if (values.db && process.env.DATABASE_URL) throw new UsageError(`--db (PGlite directory) and DATABASE_URL (a server) exclude each other\n${UP_USAGE}`);
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
      ...(values['sut-url'] ? { sutUrl: values['sut-url'] } : {}),
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
    console.log(`  webhooks → core  ${p.core_webhooks.listen} → ${p.core_webhooks.upstream}`);
    console.log(`  toxiproxy API    ${d.toxiproxy.api}   (proxies: stripe, adyen, core_webhooks)`);
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
