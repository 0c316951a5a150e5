// A pool member in a child process: `node <flags> child-entry.mjs <module> <input>`, supervised
// (its own process group, stopped with the rest on a signal or a shutdown), messages as JSON lines
// on its stdin and stdout (child-entry.mjs frames them). A process, not a thread, because V8's
// flags are per process and fixed at its start: each child gets its own (no parallel GC helpers
// competing with the other worker for the second core) and the one-worker figure the bench
// compares against is taken the same way.
import { fileURLToPath } from 'node:url';
import { describeChildExit, type Supervisor } from '../supervisor/index.ts';
import { pinnedCommand } from './cpu-pinning.ts';
import { lineSplitter } from './worker-lines.ts';
import type { MemberStart, PoolMember } from './worker-member.ts';
import type { ToParent, ToWorker } from './worker-protocol.ts';

const ENTRY = fileURLToPath(new URL('./child-entry.mjs', import.meta.url));
/** Must match child-entry.mjs: a line of stdout that starts with it is a message. */
const PREFIX = '\u001egauntlet-explore ';
/** A stopped child has nothing to save: SIGKILL follows SIGTERM quickly. */
const STOP_GRACE_MS = 2_000;

/**
 * V8 flags for each explore child. `--single-threaded-gc`: garbage collection on the child's own
 * thread, so two children on two cores do not also compete with each other's GC helpers; JIT
 * compilation stays concurrent. Measured on a quiet 2-core machine, 8 s windows, two rounds,
 * lifecycles/s of 2 workers: no flag 539 / 441, `--single-threaded-gc` 517 / 495,
 * `--single-threaded` 433 / 466 (that one compiles on the main thread: each child alone was the
 * slowest, 250 / 265 against 377 / 275 with no flag). V8's helpers add 26% to an explorer's CPU by
 * default, 14% with this flag.
 */
export const EXPLORE_CHILD_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** `cpu`: the CPU the child is held to (cpu-pinning.ts); absent, the OS places it. */
export function startWorkerProcess<I>(o: MemberStart<I> & { supervisor: Supervisor; nodeFlags?: readonly string[]; cpu?: number }): PoolMember {
  const args = [...(o.nodeFlags ?? EXPLORE_CHILD_FLAGS), ENTRY, o.module.href, JSON.stringify(o.input)];
  const [command, argv] = o.cpu === undefined ? [process.execPath, args] : pinnedCommand(o.cpu, process.execPath, args);
  const child = o.supervisor.spawn(command, argv, {
    name: o.name,
    stdin: 'pipe',
    stdout: 'pipe',
    // stdout carries the part (a line per run in it): keep little of it for messages.
    tailBytes: 16 * 1024,
    graceMs: STOP_GRACE_MS,
  });
  child.process.stdout?.setEncoding('utf8');
  child.process.stdout?.on(
    'data',
    lineSplitter((line) => {
      // Anything else on stdout is native code's (JavaScript's goes to stderr): not ours to read.
      if (line.startsWith(PREFIX)) o.events.message(JSON.parse(line.slice(PREFIX.length)) as ToParent);
    }),
  );
  void child.exited.then((exit) => {
    const err = child.stderr().trim();
    o.events.exit(`the process ${exit.signal ? 'was killed' : 'exited'} (${describeChildExit(exit)})${err ? `; its stderr ended: ${err.slice(-2_000)}` : ''}`);
  });
  const write = (m: ToWorker) => {
    if (!child.exit()) child.process.stdin?.write(`${JSON.stringify(m)}\n`);
  };
  return {
    send: write,
    // Its stdin's end is the child's signal to exit: we have read all it had to say.
    release: () => void child.process.stdin?.end(),
    stop: async () => void (await child.stop()),
  };
}
