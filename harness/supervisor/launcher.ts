// Under `npx gauntlet …` the process tree is `npm exec` → `sh -c gauntlet` → node (this CLI), and
// npm exec passes neither SIGINT nor SIGTERM on: a signal sent to the npx pid alone (a CI job
// cancelled, timeout(1), a process manager) kills npm and the shell and leaves this process
// running with its whole world (seen: TERM to `npm exec gauntlet up` left gauntlet up, its
// toxiproxy-server and its core running). A terminal's Ctrl-C is not affected: it reaches the
// whole foreground process group, this process included. So when npm exec started us, we watch
// the launcher chain and, once any of it is gone, act as if we had been sent SIGTERM.
// `node bin/gauntlet.js` or `./node_modules/.bin/gauntlet` has no such middleman.
import { readFileSync } from 'node:fs';
import { procStat, processAlive } from './process-group.ts';

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** The pids between us and `npm exec` (that one included); empty when npm exec did not start us. */
export function launcherChain(env: NodeJS.ProcessEnv = process.env): number[] {
  if (env.npm_command !== 'exec' || process.platform !== 'linux') return [];
  const chain: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    const cmd = cmdline(pid);
    chain.push(pid);
    if (/(^|\/)(npm|npx)(\.js)?\b|npm-cli\.js|npx-cli\.js|^npm exec/.test(cmd)) return chain;
    pid = procStat(pid)?.ppid ?? 0;
  }
  return [];
}

/** Calls `onGone` once when any process of the launcher chain is gone; returns the way to stop watching. */
export function watchLauncher(onGone: () => void, o: { intervalMs?: number; env?: NodeJS.ProcessEnv } = {}): () => void {
  const chain = launcherChain(o.env);
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    if (chain.every(processAlive) && process.ppid === chain[0]) return;
    clearInterval(timer);
    onGone();
  }, o.intervalMs ?? 500);
  // Watching must not keep the process alive by itself.
  timer.unref();
  return () => clearInterval(timer);
}
