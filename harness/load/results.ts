// vegeta's results, read back: every request as vegeta recorded it (`vegeta encode -to json`, one
// JSON object a line) for the history, and vegeta's own summary (`vegeta report -type=json`) of
// every results file together, for what the command prints.
import { spawn } from 'node:child_process';

/** One result as `vegeta encode -to json` writes it (v12). */
export interface VegetaResult {
  attack: string;
  seq: number;
  /** HTTP status, 0 when no answer came (timeout, connection refused or reset). */
  code: number;
  /** RFC 3339 with nanoseconds: when vegeta started the request. */
  timestamp: string;
  /** Nanoseconds until the answer was read (or the request failed). */
  latency: number;
  bytes_out: number;
  bytes_in: number;
  error: string;
  /** The response body, base64 (null when there was none). */
  body: string | null;
  method: string;
  url: string;
  headers: Record<string, string[]> | null;
}

export interface LoadSummary {
  requests: number;
  /** Requests per second vegeta achieved (asked for: the rate). */
  rate: number;
  /** Successful (2xx/3xx) requests per second, over the attack and its wait for the last answers. */
  throughput: number;
  successRatio: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  /** vegeta's distinct error strings, at most five. */
  errors: string[];
}

interface VegetaJsonReport {
  requests: number;
  rate: number;
  throughput: number;
  success: number;
  latencies: Record<string, number>;
  status_codes: Record<string, number> | null;
  errors: string[] | null;
}

/** Every result of every file, decoded by vegeta itself (the files are its gob encoding). */
export async function decodeResults(vegeta: string, files: readonly string[]): Promise<VegetaResult[]> {
  return parseResultLines(await run(vegeta, ['encode', '-to', 'json', ...files]));
}

export function parseResultLines(text: string): VegetaResult[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as VegetaResult;
      } catch {
        throw new Error(`vegeta result line ${i + 1} is not JSON: ${l.slice(0, 120)}`);
      }
    });
}

/** vegeta's report over every results file at once (how distributed runs are merged too). */
export async function summarize(vegeta: string, files: readonly string[]): Promise<LoadSummary> {
  const r = JSON.parse(await run(vegeta, ['report', '-type=json', ...files])) as VegetaJsonReport;
  const ms = (k: string) => Math.round(((r.latencies[k] ?? 0) / 1e6) * 1000) / 1000;
  return {
    requests: r.requests,
    rate: r.rate,
    throughput: r.throughput,
    successRatio: r.success,
    latencyMs: { p50: ms('50th'), p95: ms('95th'), p99: ms('99th'), max: ms('max') },
    statusCodes: r.status_codes ?? {},
    errors: (r.errors ?? []).slice(0, 5),
  };
}

/**
 * A result's start in epoch milliseconds, keeping the sub-millisecond digits that Date.parse
 * drops (latencies are often below a millisecond on loopback, and history order matters).
 */
export function timestampMs(timestamp: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(timestamp);
  if (!m) throw new Error(`not a vegeta timestamp: ${timestamp}`);
  const whole = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(whole)) throw new Error(`not a vegeta timestamp: ${timestamp}`);
  const fraction = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + fraction;
}

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4096)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`vegeta ${args[0]} exited ${code}: ${err.trim()}`))));
  });
}
