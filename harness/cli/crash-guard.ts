// An exception that escapes every await (a rejected promise nobody awaited, a throw in a timer)
// would end Node with exit 1 and no report, which reads as "a bug was found". During a gate or a
// drill the in-process core, the simulators and the user's driver all run in this process, so such
// an escape is caught here and reported as what it is: a crash of the SUT or of the harness, with
// the seed that reproduces it; the run goes on and its report is still written.
export interface CrashGuard {
  /** Each escaped exception so far: its message and the first lines of its stack. */
  readonly crashes: readonly string[];
  release(): void;
}

const STACK_LINES = 6;

export function guardCrashes(): CrashGuard {
  const crashes: string[] = [];
  const onCrash = (err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
    crashes.push(text.split('\n').slice(0, STACK_LINES).join('\n'));
  };
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  return {
    crashes,
    release() {
      process.off('unhandledRejection', onCrash);
      process.off('uncaughtException', onCrash);
    },
  };
}
