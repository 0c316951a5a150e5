// SIGINT, SIGTERM and SIGHUP for a CLI verb: stop the world, remove temp dirs, still write the
// report of what ran so far, then exit 128+n (130 for SIGINT, 143 for SIGTERM). Node's default is
// to die on the spot, skipping every 'exit'-time cleanup that awaits anything; a handler keeps the
// process alive, so this one must end it. A second signal while stopping means "now": every group
// is SIGKILLed and the process exits at once.
import { watchLauncher } from './launcher.ts';
import { signalExitCode } from './process-group.ts';
import { type StopReport, type Supervisor, supervisor as defaultSupervisor } from './registry.ts';

export type InterruptHook = (signal: NodeJS.Signals) => Promise<void> | void;

export interface SignalHandling {
  /** The signal that arrived, once one did. */
  readonly interrupted: NodeJS.Signals | undefined;
  /**
   * Something to do once the world is stopped and before the exit: write the report of what ran
   * so far. Hooks run newest first, each within the deadline. Returns the way to unregister it.
   */
  onInterrupt(hook: InterruptHook): () => void;
  /** Handlers off (the verb finished normally). */
  release(): void;
}

export interface HandleSignalsOptions {
  supervisor?: Supervisor;
  /** Where the progress lines go (default stderr). */
  say?: (line: string) => void;
  /** How the process ends (default process.exit); tests inject their own. */
  exit?: (code: number) => void;
  /** Deadline of each report hook (default 20 s). */
  hookDeadlineMs?: number;
  /** Grace between SIGTERM and SIGKILL for each child (default 5 s). */
  graceMs?: number;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The handling main() installed for the running verb, if any. */
let active: SignalHandling | undefined;

/**
 * For a verb: register the writer of its report for when a signal interrupts it. A no-op (that
 * returns a no-op) when no handling is installed, e.g. a verb called in-process by a test.
 */
export function onInterrupt(hook: InterruptHook): () => void {
  return active ? active.onInterrupt(hook) : () => undefined;
}

/** The signal that interrupted the running verb, if one did. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return active?.interrupted;
}

/**
 * Never settles once a signal interrupted the verb: what the verb would print now (a run that
 * failed because its world was stopped under it) is not its result; the signal handler writes
 * the report and ends the process. Settles at once otherwise.
 */
export async function parkIfInterrupted(): Promise<void> {
  if (interruptedBy()) await new Promise<never>(() => undefined);
}

export function handleSignals(o: HandleSignalsOptions = {}): SignalHandling {
  const sup = o.supervisor ?? defaultSupervisor;
  const say = o.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const hooks: InterruptHook[] = [];
  let interrupted: NodeJS.Signals | undefined;

  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      // Second signal: no more waiting.
      say(`gauntlet: ${signal} again: killing everything now`);
      sup.killAllSync();
      exit(signalExitCode(interrupted));
      return;
    }
    interrupted = signal;
    say(`gauntlet: ${signal}: stopping the world (again to kill at once)`);
    // From here on, the run's own work fails as its world goes away (refused connections, a
    // restart refused): none of that may end the process before the report is written.
    const swallow = () => undefined;
    process.on('unhandledRejection', swallow);
    process.on('uncaughtException', swallow);
    void (async () => {
      let report: StopReport | undefined;
      try {
        report = await sup.stopAll(`interrupted by ${signal}`, o.graceMs ?? 5_000);
      } catch (err) {
        say(`gauntlet: stopping the world: ${(err as Error).message}`);
      }
      if (report) {
        const parts = [
          report.stopped.length ? `${report.stopped.length} process(es) stopped (${report.stopped.map((c) => `${c.name} ${c.pid}`).join(', ')})` : '',
          report.released.length ? `${report.released.join(', ')} stopped` : '',
          report.removed.length ? `${report.removed.length} temp dir(s) removed` : '',
        ].filter(Boolean);
        if (parts.length) say(`gauntlet: ${parts.join('; ')}`);
        for (const e of report.errors) say(`gauntlet: while stopping: ${e}`);
      }
      for (const hook of [...hooks].reverse()) {
        try {
          await deadline(Promise.resolve(hook(signal)), o.hookDeadlineMs ?? 20_000);
        } catch (err) {
          say(`gauntlet: the report of the interrupted run was not written: ${(err as Error).message}`);
        }
      }
      sup.killAllSync();
      exit(signalExitCode(signal));
    })();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  // npx does not pass signals on: its death is our SIGTERM (launcher.ts).
  const unwatch = watchLauncher(() => {
    say('gauntlet: the npx that started this process is gone');
    onSignal('SIGTERM');
  });

  const handling: SignalHandling = {
    get interrupted() {
      return interrupted;
    },
    onInterrupt(hook) {
      hooks.push(hook);
      return () => {
        const i = hooks.indexOf(hook);
        if (i >= 0) hooks.splice(i, 1);
      };
    },
    release() {
      for (const s of SIGNALS) process.off(s, onSignal);
      unwatch();
      if (active === handling) active = undefined;
    },
  };
  active = handling;
  return handling;
}

function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`took more than ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
