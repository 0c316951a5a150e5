// Several servers measured in turns with the same vegeta settings: each is warmed up first (JIT,
// connections), then every round gives each one a slice, the order rotating from round to round.
// On a shared machine whose load comes and goes, interleaving is what keeps a ratio between two
// of them honest: both see the same weather. A server's figures are its slices together.
import { join } from 'node:path';
import { supervisor } from '../supervisor/index.ts';
import { attackInto, readReport, type LoadOptions, type LoadReport, type LoadTarget } from './vegeta.ts';

/** A load run, with the CPU the server spent per request when it can be told. */
export interface Measured extends LoadReport {
  /** Server CPU (user + system) over the measured slices divided by the requests answered, in ms. */
  cpuMsPerRequest?: number;
}

export interface Contender {
  name: string;
  target: LoadTarget;
  /** The server's CPU so far in ms (this process's, or another's from /proc); undefined: unknown. */
  cpuMs: () => number | undefined;
}

export interface TurnOptions extends LoadOptions {
  /** Rounds the duration is split into (default 5; a slice lasts at least 1 s). */
  rounds?: number;
  /** Unmeasured warm-up per server, in seconds (default 1; 0 for none). */
  warmUpSeconds?: number;
}

/** The rounds a run will have: as asked (default 5), but no slice shorter than a second. */
export function roundsOf(options: TurnOptions): number {
  return Math.max(1, Math.min(options.rounds ?? 5, Math.floor(options.durationSeconds)));
}

export async function inTurns(contenders: readonly Contender[], options: TurnOptions): Promise<Map<string, Measured>> {
  const rounds = roundsOf(options);
  const slice = { ...options, durationSeconds: options.durationSeconds / rounds };
  const dir = await supervisor.tempDir('gauntlet-bench-');
  try {
    const warm = options.warmUpSeconds ?? 1;
    if (warm > 0) for (const c of contenders) await attackInto(c.target, { ...options, durationSeconds: warm }, dir, join(dir, `warm-${c.name}.bin`));
    const files = new Map<string, string[]>(contenders.map((c) => [c.name, []]));
    const throughputs = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    const cpu = new Map<string, { ms: number; requests: number } | undefined>(contenders.map((c) => [c.name, { ms: 0, requests: 0 }]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < contenders.length; i++) {
        const c = contenders[(i + r) % contenders.length]!;
        const file = join(dir, `${c.name}-${r}.bin`);
        const before = c.cpuMs();
        await attackInto(c.target, slice, dir, file);
        const after = c.cpuMs();
        const report = await readReport(options.vegeta, file);
        files.get(c.name)!.push(file);
        throughputs.get(c.name)!.push(report.throughput);
        const sum = cpu.get(c.name);
        cpu.set(c.name, sum && before !== undefined && after !== undefined ? { ms: sum.ms + after - before, requests: sum.requests + report.requests } : undefined);
      }
    }
    const out = new Map<string, Measured>();
    for (const c of contenders) {
      const all = await readReport(options.vegeta, ...files.get(c.name)!);
      const t = throughputs.get(c.name)!;
      const spent = cpu.get(c.name);
      out.set(c.name, {
        ...all,
        // The slices' own rates (equal lengths), not the merged report's: that one would count the
        // time the other servers had their turn.
        throughput: t.reduce((a, b) => a + b, 0) / t.length,
        ...(spent && spent.requests > 0 ? { cpuMsPerRequest: spent.ms / spent.requests } : {}),
      });
    }
    return out;
  } finally {
    await supervisor.removeTempDir(dir);
  }
}
