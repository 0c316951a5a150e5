// The reference core's merchant API under vegeta, in the live world: payments created with
// automatic capture (authorize + capture in one PSP call), once with the core talking straight to
// the Stripe simulator and once with Toxiproxy in every path (no toxics), in the same run. The
// ratio says what the proxy hop costs the core, whatever the machine. Every request carries its
// own Idempotency-Key: targets are generated lazily and fed to `vegeta attack -lazy` on stdin.
import type { ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { type CoreChild, type CoreDatabase, spawnCore } from '../live/core-child.ts';
import { flattenSecrets, generateWorldSecrets } from '../live/secrets.ts';
import { startLiveSimulator } from '../live/simulators.ts';
import { startLiveWorld } from '../live/up.ts';
import { supervisor } from '../supervisor/index.ts';
import { freeLoopbackPort } from '../toolchain/index.ts';
import { attackArgs, readReport, type LoadOptions, type LoadReport } from './vegeta.ts';

export interface CoreLoadReport extends LoadReport {
  /** Payments by status in the core once the attack ended (its `gauntlet_payments` gauge). */
  payments: Record<string, number>;
}

export interface CoreBenchResult {
  direct: CoreLoadReport;
  toxiproxy: CoreLoadReport;
  /** Throughput through Toxiproxy as a fraction of the direct one. */
  throughputRatio: number;
  /** p99 through Toxiproxy over the direct p99. */
  p99Ratio: number;
}

export interface CoreBenchOptions extends LoadOptions {
  /** The core's database in both runs (default PGlite in memory: the network hop is what differs). */
  database?: CoreDatabase;
  seed?: number;
}

/** One vegeta JSON target (`-format=json`): header values are lists, the body is base64. */
export interface VegetaJsonTarget {
  method: string;
  url: string;
  header?: Record<string, string[]>;
  body?: string;
}

export async function benchCore(options: CoreBenchOptions): Promise<CoreBenchResult> {
  const database = options.database ?? { kind: 'memory' };
  const seed = options.seed ?? 1;
  const direct = await directRun(database, seed, options);
  // Another seed: on a shared database (a server) the second core must not mint the first one's ids.
  const proxied = await proxiedRun(database, seed + 1, options);
  return {
    direct,
    toxiproxy: proxied,
    throughputRatio: proxied.throughput / direct.throughput,
    p99Ratio: proxied.p99Ms / direct.p99Ms,
  };
}

/** The core's provider URL is the simulator itself; webhooks go straight to the core. */
async function directRun(database: CoreDatabase, seed: number, options: LoadOptions): Promise<CoreLoadReport> {
  const port = await freeLoopbackPort();
  const stripe = await startLiveSimulator({ dialect: 'stripe', port: 0, seed, webhookUrl: `http://127.0.0.1:${port}/v1/webhooks/stripe` });
  let core: CoreChild | undefined;
  try {
    // Every secret handed over: a core left to generate one writes it to a file for the other
    // side, which a kill during the bench would leave behind.
    core = await spawnCore({ port, seed, stripeUrl: stripe.url, database, secrets: { ...flattenSecrets(generateWorldSecrets()), stripeWebhookSecret: stripe.signingSecret } });
    return await measure(core.url, options);
  } finally {
    await core?.stop();
    await stripe.stop();
  }
}

/** `gauntlet up`'s world: the core reaches the simulator through Toxiproxy, webhooks come back through it. */
async function proxiedRun(database: CoreDatabase, seed: number, options: LoadOptions): Promise<CoreLoadReport> {
  const world = await startLiveWorld({ seed, database, simulatorPorts: 'ephemeral' });
  try {
    return await measure(world.coreUrl, options);
  } finally {
    await world.stop();
  }
}

async function measure(coreUrl: string, options: LoadOptions): Promise<CoreLoadReport> {
  const target = paymentTargets(coreUrl);
  // Warm-up: the first requests pay for JIT and connection set-up, not for the work measured.
  for (let i = 0; i < 20; i++) {
    const t = target();
    const res = await fetch(t.url, { method: t.method, headers: Object.fromEntries(Object.entries(t.header ?? {}).map(([k, v]) => [k, v[0]!])), body: Buffer.from(t.body ?? '', 'base64') });
    if (res.status !== 201) throw new Error(`warm-up payment: HTTP ${res.status} ${await res.text()}`);
  }
  const report = await attackLazy(target, options);
  return { ...report, payments: await paymentsByStatus(coreUrl) };
}

/** Endless create-payment targets, each with its own Idempotency-Key and merchant reference. */
export function paymentTargets(coreUrl: string): () => VegetaJsonTarget {
  const run = randomUUID().slice(0, 8);
  let n = 0;
  return () => {
    n += 1;
    const body = JSON.stringify({ amount: 2000, currency: 'usd', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'automatic', reference: `bench-${run}-${n}` });
    return {
      method: 'POST',
      url: `${coreUrl}/v1/payments`,
      header: { 'Content-Type': ['application/json'], 'Idempotency-Key': [`bench-${run}-${n}`] },
      body: Buffer.from(body).toString('base64'),
    };
  };
}

/**
 * `vegeta attack -lazy -format=json` with targets written to its stdin as it reads them (pipe
 * backpressure keeps us just ahead of it), then `vegeta report -type=json` on the results.
 */
export async function attackLazy(next: () => VegetaJsonTarget, options: LoadOptions): Promise<LoadReport> {
  const dir = await supervisor.tempDir('gauntlet-vegeta-');
  try {
    const results = join(dir, 'results.bin');
    // Supervised: its own process group, stopped with the harness on a signal or an error.
    const child = supervisor.spawn(options.vegeta, attackArgs(options, results, ['-lazy', '-format=json']), { name: 'vegeta attack', stdin: 'pipe', stdout: 'ignore', tailBytes: 4096 })
      .process as ChildProcessByStdio<Writable, null, Readable>;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let open = true;
    // vegeta stops reading when the duration is over and exits: the pipe then breaks, as expected.
    child.stdin.on('error', () => (open = false));
    child.stdin.on('close', () => (open = false));
    void exited.then(() => (open = false));
    const drained = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          child.stdin.off('drain', done);
          child.stdin.off('close', done);
          resolve();
        };
        child.stdin.on('drain', done);
        child.stdin.on('close', done);
      });
    const feed = (async () => {
      while (open) {
        let chunk = '';
        for (let i = 0; i < 64; i++) chunk += `${JSON.stringify(next())}\n`;
        if (!child.stdin.write(chunk)) await Promise.race([drained(), exited]);
      }
    })();
    const [code, signal] = await exited;
    await feed;
    child.stdin.destroy();
    if (code !== 0) throw new Error(`vegeta attack exited ${signal ?? code}: ${stderr.trim()}`);
    return await readReport(options.vegeta, results);
  } finally {
    await supervisor.removeTempDir(dir);
  }
}

async function paymentsByStatus(coreUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${coreUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^gauntlet_payments\{status="([a-z_]+)"\} (\d+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
