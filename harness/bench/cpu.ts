// CPU time a server spent, for CPU per request: our own process (the simulators run in it while
// vegeta, a separate process, drives them) or another one by pid, from /proc on Linux.
import { readFileSync } from 'node:fs';

/** User + system CPU of this process so far, in ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Clock ticks per second: USER_HZ is 100 on every Linux architecture Node runs on. */
const USER_HZ = 100;

/** User + system CPU of process `pid` so far, in ms; undefined where /proc cannot tell. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ..." - fields after the last ')' start at field 3 (state); utime is 14, stime 15.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime + stime) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}
