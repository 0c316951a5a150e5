// Signals to a whole process group. Every child the harness starts leads its own group (spawned
// detached), so one signal reaches it and whatever it started in turn (a shell's children, a
// server's workers), and a Ctrl-C in the terminal reaches only the harness, which then stops its
// children in order instead of racing them.
import { readFileSync, readdirSync } from 'node:fs';

/** Sends `signal` to the group led by `pid`; false when no such group is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: the group holds a process we may not signal; the leader itself is still ours.
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Whether any live process of the group led by `pid` is still there. Zombies do not count: a
 * killed grandchild is re-parented to PID 1, which in some containers never reaps it, and a
 * zombie holds no port, no pipe and no file. On Linux this reads /proc; elsewhere signal 0.
 */
export function groupAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(-pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return process.platform === 'linux' ? groupMembers(pid).length > 0 : true;
}

/** Live (non-zombie) processes whose process group is `pgid` (Linux: from /proc). */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const stat = procStat(Number(e));
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(Number(e));
  }
  return members;
}

/** A process's state letter and group from /proc/<pid>/stat; undefined when it is gone. */
export function procStat(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
  const [state, ppid, pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: state ?? '?', ppid: Number(ppid), pgrp: Number(pgrp) };
}

/** Whether `pid` is a live process (a zombie is not). */
export function processAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  const state = procStat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Exit code of a process ended by `signal`, as shells report it (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  const n = (
    { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>
  )[signal];
  return 128 + (n ?? 15);
}
