// Explore workers, one to a CPU, on request. What it is for: the bench's one-worker figure is one
// core's (an unpinned process also runs its JIT and GC threads on the other core), so `--workers 2`
// over it is what a second core adds. As a default for `explore --workers` it did not earn its
// place: on this shared 2-core machine, 2 pinned workers against 2 unpinned, alternating, gave
// 474/481 against 413/426 lifecycles/s at one hour and 386/434/540 against 413/506/493 at the next
// (the host's other tenants move between our vCPUs, and a pinned worker cannot move away), so
// the OS places them unless `--pin` asks otherwise.
//
// Linux only, through util-linux's `taskset` (it execs the command: the child's pid, signals and
// process group stay the supervisor's). Anywhere else (another OS, no taskset) the OS places them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `0-3,8,10-11` (the kernel's cpu list format) as CPU numbers; undefined when it is not one. */
export function parseCpuList(list: string): number[] | undefined {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 4096) return undefined;
    for (let c = from; c <= to; c++) cpus.push(c);
  }
  return cpus.length > 0 ? [...new Set(cpus)].sort((a, b) => a - b) : undefined;
}

/** The CPUs this process may run on, from `/proc/self/status`; undefined where there is none (not Linux). */
export function allowedCpus(readStatus: () => string = () => readFileSync('/proc/self/status', 'utf8')): number[] | undefined {
  let status: string;
  try {
    status = readStatus();
  } catch {
    return undefined;
  }
  const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
  return line ? parseCpuList(line[1]!) : undefined;
}

let taskset: boolean | undefined;

/** Whether `taskset` runs here (asked once per process). */
export function hasTaskset(): boolean {
  taskset ??= spawnSync('taskset', ['--version'], { stdio: 'ignore', timeout: 5_000 }).status === 0;
  return taskset;
}

export type PinMode = 'always' | 'never';

/**
 * The CPU each of `count` workers is held to, or undefined when they are left to the OS: `never`;
 * fewer allowed CPUs than workers (they could not each have one); or no way to pin.
 */
export function workerCpus(count: number, mode: PinMode, cpus: number[] | undefined = allowedCpus(), canPin: () => boolean = hasTaskset): number[] | undefined {
  if (mode === 'never' || count < 1 || !cpus || cpus.length < count) return undefined;
  return canPin() ? cpus.slice(0, count) : undefined;
}

/** `command args` run held to `cpu` (taskset execs it: the same process). */
export function pinnedCommand(cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return ['taskset', ['--cpu-list', String(cpu), command, ...args]];
}
