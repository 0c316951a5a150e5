// `gauntlet explore --workers N`: N workers, worker j playing sub-shard j of the shard this
// process was given (shard.ts), each on its own database, their parts merged (part.ts) into what
// one process playing the same runs would have reported: same runs, same digests, same failure.
// Workers are child processes by default (worker-process.ts: V8 flags of their own), worker
// threads on request (worker-thread.ts).
//
// Supervised: a worker that crashes (an exception, an exit, out of memory) fails the exploration
// with its name and the reason, and the others are stopped, never waited on; the pool is adopted
// by the supervisor, so a SIGINT/SIGTERM handled by the CLI ends every worker.
import { supervisor as defaultSupervisor, type Supervisor } from '../supervisor/index.ts';
import { mergeParts, type ExplorePart, type MergedExploration } from './part.ts';
import { formatShard, subShard, WHOLE, type Shard } from './shard.ts';
import type { MemberEvents, PoolMember } from './worker-member.ts';
import { workerCpus, type PinMode } from './cpu-pinning.ts';
import { startWorkerProcess } from './worker-process.ts';
import type { ToParent, WorkerInput } from './worker-protocol.ts';
import { startWorkerThread } from './worker-thread.ts';

export { EXPLORE_CHILD_FLAGS } from './worker-process.ts';

export type WorkerKind = 'process' | 'thread';

export interface WorkersOptions extends Omit<WorkerInput, 'shard'> {
  workers: number;
  shard?: Shard;
  supervisor?: Supervisor;
  /** Child processes (default) or worker threads. */
  via?: WorkerKind;
  /** V8 flags for each child process (default EXPLORE_CHILD_FLAGS); threads take the parent's. */
  nodeFlags?: readonly string[];
  /** The module each worker runs (tests plant a crashing one); the explorer by default. */
  module?: URL;
  /**
   * Child processes held each to a CPU of its own when there is one for each (cpu-pinning.ts says
   * why this is not the default): `always`; `never` (default) leaves them to the OS.
   */
  pin?: PinMode;
}

export class WorkerCrash extends Error {}

// The built package runs JavaScript (dist/), the repository its TypeScript sources.
const EXPLORER = new URL(import.meta.url.endsWith('.ts') ? './explore-worker.ts' : './explore-worker.js', import.meta.url);

/** What the pool gives: the merged exploration, and (child processes) the CPU time they explored for. */
export type WorkersExploration = MergedExploration & { workerCpuMs?: number; /** The CPU each child was held to, in worker order; absent: the OS placed them. */ pinnedCpus?: number[] };

export async function exploreInWorkers(o: WorkersOptions): Promise<WorkersExploration> {
  const started = performance.now();
  const shard = o.shard ?? WHOLE;
  const sup = o.supervisor ?? defaultSupervisor;
  const { workers: count, supervisor: _s, module = EXPLORER, shard: _sh, via = 'process', nodeFlags, pin = 'never', ...options } = o;
  const cpus = via === 'process' ? workerCpus(count, pin) : undefined;
  const members: PoolMember[] = [];
  let startupMs = 0;
  let workerCpuMs: number | undefined;
  const names: string[] = [];
  let ended = false;
  let stoppedFromOutside = false;
  const stopAll = async () => {
    ended = true;
    await Promise.all(members.map((m) => m.stop()));
  };
  // A signal (the CLI's handler) or a shutdown stops the pool through the supervisor.
  const release = sup.adopt(`${count} explore worker ${via === 'thread' ? 'threads' : 'processes'}`, () => {
    stoppedFromOutside = true;
    return stopAll();
  });
  try {
    const parts = await new Promise<ExplorePart[]>((resolve, reject) => {
      const parts: (ExplorePart | undefined)[] = new Array(count).fill(undefined);
      let done = 0;
      let ready = 0;
      const fail = (j: number, why: string) => {
        // The first failure is the story; the exits that stopping the others causes are not.
        if (stoppedFromOutside) reject(new WorkerCrash(`explore workers stopped before they finished (interrupted); no result was merged`));
        else if (!ended) reject(new WorkerCrash(`${names[j]} crashed: ${why}; the other workers were stopped, no result was merged`));
        void stopAll();
      };
      const eventsOf = (j: number): MemberEvents => ({
        message: (m: ToParent) => {
          if (m.type === 'ready') {
            if (++ready === count) {
              startupMs = Math.round(performance.now() - started);
              for (const member of members) member.send({ type: 'go' });
            }
          } else if (m.type === 'failed') {
            // One process would stop at the earliest failure: the others need not play past it.
            members.forEach((other, i) => i !== j && other.send({ type: 'stop-past', k: m.k }));
          } else if (m.type === 'done' && parts[j] === undefined) {
            parts[j] = m.part;
            if (m.cpuMs !== undefined) workerCpuMs = (workerCpuMs ?? 0) + m.cpuMs;
            members[j]!.release();
            if (++done === count) resolve(parts as ExplorePart[]);
          } else if (m.type === 'error') {
            fail(j, m.message);
          }
        },
        error: (why) => fail(j, why),
        exit: (how) => {
          if (parts[j] === undefined) fail(j, `${how} without handing back its runs`);
        },
      });
      for (let j = 0; j < count; j++) {
        const input: WorkerInput = { ...options, shard: subShard(shard, j, count) };
        const name = `explore worker ${j + 1} of ${count} (runs of shard ${formatShard(input.shard)})`;
        names.push(name);
        const start = { name, module, input, events: eventsOf(j) };
        members.push(via === 'thread' ? startWorkerThread(start) : startWorkerProcess({ ...start, supervisor: sup, ...(nodeFlags ? { nodeFlags } : {}), ...(cpus ? { cpu: cpus[j]! } : {}) }));
      }
    });
    const merged = mergeParts(parts, shard, names);
    // The pool's wall time, start-up included: what --workers buys is measured as the user waits.
    const durationMs = Math.round(performance.now() - started);
    return { ...merged, part: { ...merged.part, durationMs }, durationMs, startupMs, lifecyclesPerSecond: durationMs > 0 ? Math.round((merged.lifecycles / durationMs) * 1000 * 10) / 10 : 0, ...(workerCpuMs !== undefined ? { workerCpuMs } : {}), ...(cpus ? { pinnedCpus: cpus } : {}) };
  } finally {
    await stopAll();
    release();
  }
}
