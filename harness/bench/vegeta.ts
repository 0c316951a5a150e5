// Drives vegeta (the pinned load tool) against a URL and reads back its JSON report.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { supervisor } from '../supervisor/index.ts';

export interface LoadTarget {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * A header given a value of its own on every request (`<prefix>-<n>`), as stripe-node does with
   * `Idempotency-Key` on each POST. vegeta cycles through a file of targets, so enough of them
   * are written for the run (UNIQUE_TARGETS_PER_SECOND), each attack under a new prefix.
   */
  uniqueHeader?: string;
}

/** Distinct targets written per second of attack: above what one simulator serves on this machine. */
export const UNIQUE_TARGETS_PER_SECOND = 10_000;

export interface LoadOptions {
  vegeta: string;
  durationSeconds: number;
  /** Concurrent connections, at the highest rate they can sustain (`-rate=0`). */
  workers: number;
}

export interface LoadReport {
  requests: number;
  /** Successful requests per second. */
  throughput: number;
  successRatio: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
  errors: string[];
}

interface VegetaJsonReport {
  requests: number;
  throughput: number;
  success: number;
  latencies: Record<string, number>;
  status_codes: Record<string, number>;
  errors: string[] | null;
}

export async function attack(target: LoadTarget, options: LoadOptions): Promise<LoadReport> {
  const dir = await supervisor.tempDir('gauntlet-vegeta-');
  try {
    const results = join(dir, 'results.bin');
    await attackInto(target, options, dir, results);
    return await readReport(options.vegeta, results);
  } finally {
    await supervisor.removeTempDir(dir);
  }
}

/** One attack whose results stay in `results` (inside `dir`, which the caller owns and removes). */
export async function attackInto(target: LoadTarget, options: LoadOptions, dir: string, results: string): Promise<void> {
  const name = results.replace(/[^A-Za-z0-9]+/g, '_');
  const head = [`${target.method} ${target.url}`, ...Object.entries(target.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  let tail = '';
  if (target.body !== undefined) {
    await writeFile(join(dir, `${name}.body`), target.body);
    tail = `@${join(dir, `${name}.body`)}\n`;
  }
  let text = `${head.join('\n')}\n${tail}`;
  if (target.uniqueHeader !== undefined) {
    const prefix = `bench-${randomUUID().slice(0, 8)}`;
    const count = Math.ceil(options.durationSeconds * UNIQUE_TARGETS_PER_SECOND);
    const blocks: string[] = [];
    for (let n = 1; n <= count; n++) blocks.push(`${head.join('\n')}\n${target.uniqueHeader}: ${prefix}-${n}\n${tail}`);
    text = blocks.join('\n');
  }
  await writeFile(join(dir, `${name}.targets`), text);
  await run(options.vegeta, attackArgs(options, results, [`-targets=${join(dir, `${name}.targets`)}`, '-format=http']));
}

/** `vegeta attack` at the highest rate `workers` connections sustain, for the run's duration. */
export function attackArgs(options: LoadOptions, results: string, input: string[]): string[] {
  return [
    'attack',
    ...input,
    '-rate=0',
    `-max-workers=${options.workers}`,
    `-workers=${options.workers}`,
    `-duration=${options.durationSeconds}s`,
    '-timeout=10s',
    `-output=${results}`,
  ];
}

/** Reads results files back as one vegeta JSON report, in the units the benchmarks print. */
export async function readReport(vegeta: string, ...results: string[]): Promise<LoadReport> {
  const report = JSON.parse(await run(vegeta, ['report', '-type=json', ...results])) as VegetaJsonReport;
  return {
    requests: report.requests,
    throughput: report.throughput,
    successRatio: report.success,
    p50Ms: (report.latencies['50th'] ?? 0) / 1e6,
    p99Ms: (report.latencies['99th'] ?? 0) / 1e6,
    statusCodes: report.status_codes,
    errors: (report.errors ?? []).slice(0, 5),
  };
}

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // Supervised: its own process group, stopped with the harness on a signal or an error.
    const child = supervisor.spawn(bin, args, { name: `vegeta ${args[0]}`, tailBytes: 4096 }).process;
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${bin} ${args[0]} exited ${code}: ${err.trim()}`))));
  });
}
