// Drives vegeta (the pinned load tool) against a URL and reads back its JSON report.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { supervisor } from '../supervisor/index.ts';

export interface LoadTarget {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

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
  const lines = [`${target.method} ${target.url}`, ...Object.entries(target.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  if (target.body !== undefined) {
    await writeFile(join(dir, `${name}.body`), target.body);
    lines.push(`@${join(dir, `${name}.body`)}`);
  }
  await writeFile(join(dir, `${name}.targets`), `${lines.join('\n')}\n`);
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
