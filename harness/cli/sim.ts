// `gauntlet sim stripe|adyen`: one simulator as a live server on loopback.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { validatePlan, type FaultPlan } from '../../simulators/index.ts';
import { DEFAULT_PORTS, startLiveSimulator, type Dialect } from '../live/simulators.ts';
import { freshSeed } from '../live/wall-clock.ts';
import { UsageError, parseInteger, waitForShutdown } from './args.ts';

export const SIM_USAGE = `gauntlet sim stripe|adyen [--port P] [--host 127.0.0.1] [--webhook-url URL] [--webhook-secret whsec_…]
                         [--hmac-key HEX] [--faults plan.json] [--seed S] [--webhook-time-scale F]`;

export async function sim(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'hmac-key': { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'webhook-time-scale': { type: 'string' },
    },
  });
  const dialect = positionals[0];
  if (dialect !== 'stripe' && dialect !== 'adyen') throw new UsageError(`which simulator? ${SIM_USAGE}`);
  const port = values.port !== undefined ? parseInteger(values.port, '--port', 0, 65535) : DEFAULT_PORTS[dialect as Dialect];
  const seed = values.seed !== undefined ? parseInteger(values.seed, '--seed', 0, 2 ** 32 - 1) : freshSeed();
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined && !/^https?:\/\//.test(webhookUrl)) throw new UsageError('--webhook-url must be an http(s) URL');
  if (values['hmac-key'] !== undefined && !/^([0-9a-fA-F]{2})+$/.test(values['hmac-key'])) throw new UsageError('--hmac-key must be hex');
  const scale = values['webhook-time-scale'] !== undefined ? Number(values['webhook-time-scale']) : undefined;
  if (scale !== undefined && !(scale > 0 && scale <= 1)) throw new UsageError('--webhook-time-scale must be a number in (0, 1]');
  const plan = values.faults ? await loadPlan(values.faults) : undefined;

  const live = await startLiveSimulator({
    dialect,
    port,
    hostname: values.host,
    seed,
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(values['webhook-secret'] ? { webhookSecret: values['webhook-secret'] } : {}),
    ...(values['hmac-key'] ? { hmacKey: values['hmac-key'] } : {}),
    ...(plan ? { plan } : {}),
    ...(scale !== undefined ? { webhookTimeScale: scale } : {}),
  });
  const hooks = webhookUrl ? ` webhooks→${webhookUrl}` : '';
  const faults = plan ? ` faults=${plan.rules.length} rules` : '';
  console.log(`${dialect} simulator ready ${live.url} seed=${seed}${hooks}${faults} control=${live.url}/__gauntlet/`);
  const signal = await waitForShutdown();
  await live.stop();
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
