// A constant-arrival-rate attack: N `vegeta attack` processes (N = 1 unless the rate is split),
// each at its share of the rate, all fed lazily from one target generator on their stdin, each
// writing its own results file. Constant arrival, not a closed loop: vegeta starts requests on
// the clock whatever the SUT's latency, so a slow SUT meets more concurrent requests, as it
// would in production, instead of being politely waited for.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { VegetaJsonTarget } from '../bench/core-bench.ts';
import { supervisor } from '../supervisor/index.ts';
import { splitRate } from './split.ts';

export interface AttackOptions {
  vegeta: string;
  /** Requests per second, in total over every process. */
  rate: number;
  durationMs: number;
  /** vegeta processes sharing the rate (default 1). */
  processes?: number;
  /** Bound on concurrent requests, in total (each process gets its share, at least 1). */
  maxWorkers: number;
  /** Per-request deadline: a request unanswered by then is an error result (indeterminate). */
  timeoutMs: number;
  /** Where the results files go; they are kept. */
  outDir: string;
  next: () => VegetaJsonTarget;
}

export interface AttackRun {
  /** One results file per process (vegeta's gob encoding). */
  files: string[];
  /** Each process's requests per second. */
  rates: number[];
  startedAt: number;
  endedAt: number;
}

export interface Attack {
  readonly done: Promise<AttackRun>;
  /** Kills every vegeta process of this attack (when the run around it fails). */
  stop(): void;
}

export function startAttack(o: AttackOptions): Attack {
  const rates = splitRate(o.rate, o.processes ?? 1);
  const workers = Math.max(1, Math.ceil(o.maxWorkers / rates.length));
  const files = rates.map((_, i) => join(o.outDir, `results-${i + 1}.bin`));
  const startedAt = Date.now();
  const children: ChildProcess[] = [];
  const runs = rates.map((rate, i) => {
    const args = [
      'attack',
      '-lazy',
      '-format=json',
      `-rate=${rate}/1s`,
      `-duration=${o.durationMs}ms`,
      `-workers=${Math.min(10, workers)}`,
      `-max-workers=${workers}`,
      `-timeout=${o.timeoutMs}ms`,
      `-output=${files[i]}`,
    ];
    // Through the supervisor: a signal or a crash of this process stops the attack too.
    const child = supervisor.spawn(o.vegeta, args, { name: 'vegeta attack', stdin: 'pipe', stdout: 'ignore', tailBytes: 4096 }).process;
    children.push(child);
    return feedAndWait(child, o.next);
  });
  const done = Promise.all(runs).then(() => ({ files, rates, startedAt, endedAt: Date.now() }));
  return {
    done,
    stop: () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    },
  };
}

/**
 * Writes targets to vegeta's stdin as fast as it reads them (pipe backpressure keeps the
 * generator just ahead of it) until vegeta exits at the end of its duration.
 */
async function feedAndWait(child: ChildProcess, next: () => VegetaJsonTarget): Promise<void> {
  const stdin = child.stdin!;
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
  // `once` rejects on 'error' (vegeta could not start): that is the attack's error, not the feed's.
  let failed: Error | undefined;
  const exited = (once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>).catch((err: Error) => {
    failed = err;
    return [null, null] as [null, null];
  });
  let open = true;
  // vegeta stops reading once its duration is over and exits: the pipe then breaks, as expected.
  stdin.on('error', () => (open = false));
  stdin.on('close', () => (open = false));
  void exited.then(() => (open = false));
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        stdin.off('drain', done);
        stdin.off('close', done);
        resolve();
      };
      stdin.on('drain', done);
      stdin.on('close', done);
    });
  const feed = (async () => {
    while (open) {
      let chunk = '';
      for (let i = 0; i < 16; i++) chunk += `${JSON.stringify(next())}\n`;
      if (!stdin.write(chunk)) await Promise.race([drained(), exited]);
    }
  })();
  const [code, signal] = await exited;
  await feed;
  stdin.destroy();
  if (failed) throw new Error(`vegeta attack did not start: ${failed.message}`);
  if (code !== 0) throw new Error(`vegeta attack exited ${signal ?? code}: ${stderr.trim()}`);
}
