// The watchdog of one supervising process (watchdog.ts starts it: `node watchdog.mjs <parent pid>
// <grace ms>`). Plain JavaScript, so it needs no TypeScript loader and starts in a few
// milliseconds with process.execPath.
//
// Why it exists: every child the supervisor starts leads a process group of its own, so when the
// supervising process dies without running a handler (SIGKILL, the OOM killer, a native crash),
// nothing stops them: toxiproxy-server, the core and its PGlite temp dir were seen alive 20 s after
// a `kill -KILL` of `gauntlet drill`. Node has no PR_SET_PDEATHSIG; a pipe does the same job: our
// stdin is a pipe whose only write end the parent holds (Node opens it close-on-exec, so no other
// child inherits it), and the kernel closes it when the parent dies, however it dies.
//
// Protocol, one JSON object a line on stdin:
//   {"op":"group","pid":N,"name":"core :40183"}   a process group led by N, to stop if orphaned
//   {"op":"ungroup","pid":N}                       it ended: forget it (its pid may be reused)
//   {"op":"dir","path":"/tmp/gauntlet-up-db-x"}    a temp dir, to remove if orphaned
//   {"op":"undir","path":"..."}                    removed by the parent: forget it
//   {"op":"bye"}                                   the parent cleaned up itself: do nothing
// End of stdin after "bye": exit 0 at once. End without it: the parent is gone without cleaning
// up, so SIGTERM every recorded group, SIGKILL what is left after the grace, remove the recorded
// dirs, say so on stderr, exit. Only what was recorded is ever touched.
import { readFileSync, readdirSync, rmSync } from 'node:fs';

const parent = Number(process.argv[2]);
const graceMs = Number(process.argv[3] ?? 3000);
const groups = new Map(); // pgid -> name
const dirs = new Set();
let bye = false;
let pending = '';

function apply(line) {
  let m;
  try {
    m = JSON.parse(line);
  } catch {
    return; // a torn line can only be the last one of a dying parent: nothing to record
  }
  if (m.op === 'group' && m.pid > 0) groups.set(m.pid, String(m.name ?? 'child'));
  else if (m.op === 'ungroup') groups.delete(m.pid);
  else if (m.op === 'dir' && typeof m.path === 'string' && m.path) dirs.add(m.path);
  else if (m.op === 'undir') dirs.delete(m.path);
  else if (m.op === 'bye') bye = true;
}

/** Live (non-zombie) members of group `pgid`: a zombie holds no port, no file; PID 1 may never reap it. */
function members(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return 0;
  }
  if (process.platform !== 'linux') return 1;
  let n = 0;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let text;
    try {
      text = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') n += 1;
  }
  return n;
}

function signal(pgid, sig) {
  try {
    process.kill(-pgid, sig);
  } catch {
    // gone already, or not ours to signal: nothing more to do for it
  }
}

const say = (line) => {
  try {
    process.stderr.write(`gauntlet watchdog: ${line}\n`);
  } catch {
    // nobody reads our stderr any more
  }
};

async function cleanUp() {
  const alive = [...groups].filter(([pgid]) => members(pgid) > 0);
  for (const [pgid] of alive) signal(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive.some(([pgid]) => members(pgid) > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const killed = alive.filter(([pgid]) => members(pgid) > 0);
  for (const [pgid] of killed) signal(pgid, 'SIGKILL');
  // The dirs only once their users are gone (the core writes into its PGlite dir until it dies).
  const killDeadline = Date.now() + 5000;
  while (killed.some(([pgid]) => members(pgid) > 0) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50));
  const removed = [];
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch (err) {
      say(`could not remove ${dir}: ${err.message}`);
    }
  }
  if (alive.length || removed.length) {
    const what = [
      alive.length ? `stopped ${alive.map(([pgid, name]) => `${name} (group ${pgid}${killed.some(([k]) => k === pgid) ? ', SIGKILL' : ''})`).join(', ')}` : '',
      removed.length ? `removed ${removed.join(', ')}` : '',
    ].filter(Boolean);
    say(`process ${parent} died without cleaning up: ${what.join('; ')}`);
  }
}

// No signal handlers: we run in a session of our own (no terminal's Ctrl-C or hangup reaches us),
// and whoever sends us SIGTERM or SIGKILL means it; the parent then still cleans up by itself.

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
    apply(pending.slice(0, nl));
    pending = pending.slice(nl + 1);
  }
});
const end = async () => {
  if (pending) apply(pending);
  pending = '';
  if (!bye) await cleanUp();
  process.exit(0);
};
process.stdin.once('end', end);
process.stdin.once('error', end);
