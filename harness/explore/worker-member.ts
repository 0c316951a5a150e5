// One member of the explore pool as workers.ts sees it, whatever runs it (a worker thread or a
// child process): messages in and out, how it ended, and a stop that always resolves.
import type { ToParent, ToWorker } from './worker-protocol.ts';

export interface MemberEvents {
  message(m: ToParent): void;
  /** It threw, or could not load (with the stack). */
  error(why: string): void;
  /** It is gone; `how`: "the thread exited (code 3)", "the process was killed (signal SIGKILL)"... */
  exit(how: string): void;
}

export interface PoolMember {
  send(m: ToWorker): void;
  /** The pool has its part: let it end by itself. */
  release(): void;
  /** Ends it if it still runs; resolves once it is gone. */
  stop(): Promise<void>;
}

/** What starts a member: `name` for messages, `module` the worker module, `input` its shard's options. */
export interface MemberStart<I> {
  name: string;
  module: URL;
  input: I;
  events: MemberEvents;
}
