// Explore workers, one to a CPU. Two unpinned children on a 2-core machine share both cores with
// each other's JIT threads and the coordinator, and migrate between them: measured here, 413 and
// 426 lifecycles/s for `--workers 2`, against 474 and 481 with each child held to a CPU of its
// own (the same seed, 10 s each). The explorer itself scales ~1.9x when each process has its core
// (two pinned `explore` processes against one), so the loss was the sharing, not the work.
//
// When: by default only when the pool takes every CPU this process may use. Then each worker
// would share its core anyway, and pinning keeps the sharing out. With spare CPUs, a worker's JIT
// and GC threads are better off spilling onto them, and a second exploration started beside this
// one (two terminals, two CI jobs on one runner) would otherwise be pinned onto the same first CPUs
// while the rest stay idle. `always` (the bench's one-worker baseline: one core's figure) pins
// whenever each worker can have a CPU of its own; `never` leaves them to the OS.
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

export type PinMode = 'auto' | 'always' | 'never';

/**
 * The CPU each of `count` workers is held to, or undefined when they are left to the OS: `never`;
 * fewer allowed CPUs than workers (they could not each have one); `auto` with CPUs to spare; or no
 * way to pin.
 */
export function workerCpus(count: number, mode: PinMode = 'auto', cpus: number[] | undefined = allowedCpus(), canPin: () => boolean = hasTaskset): number[] | undefined {
  if (mode === 'never' || count < 1 || !cpus || cpus.length < count) return undefined;
  if (mode === 'auto' && cpus.length > count) return undefined;
  return canPin() ? cpus.slice(0, count) : undefined;
}

/** `command args` run held to `cpu` (taskset execs it: the same process). */
export function pinnedCommand(cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return ['taskset', ['--cpu-list', String(cpu), command, ...args]];
}
