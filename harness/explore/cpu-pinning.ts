// Explore workers, one to a CPU. Two unpinned children on a 2-core machine share both cores with
// each other's JIT threads and the coordinator, and migrate between them: measured here, 413 and
// 426 lifecycles/s for `--workers 2`, against 474 and 481 with each child held to a CPU of its
// own (the same seed, 10 s each). The explorer itself scales ~1.9x when each process has its core
// (two pinned `explore` processes against one), so the loss was the sharing, not the work.
//
// Linux only, through util-linux's `taskset` (it execs the command: the child's pid, signals and
// process group stay the supervisor's). Pinned only when every worker can have a CPU of its own
// among those this process may use; anywhere else (more workers than CPUs, another OS, no
// taskset) the OS places them as before.
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

/**
 * The CPU each of `count` workers is held to, or undefined when they are left to the OS: fewer
 * allowed CPUs than workers (they could not each have one), or no way to pin.
 */
export function workerCpus(count: number, cpus: number[] | undefined = allowedCpus(), canPin: () => boolean = hasTaskset): number[] | undefined {
  if (count < 1 || !cpus || cpus.length < count || !canPin()) return undefined;
  return cpus.slice(0, count);
}

/** `command args` run held to `cpu` (taskset execs it: the same process). */
export function pinnedCommand(cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return ['taskset', ['--cpu-list', String(cpu), command, ...args]];
}
