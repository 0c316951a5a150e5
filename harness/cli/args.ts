// Small pieces every verb needs: usage errors, strict number parsing, waiting for Ctrl-C.
import { watchLauncher } from '../supervisor/index.ts';

/** A mistake in how the command was called: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export function parseInteger(raw: string, name: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/**
 * Resolves with the signal's name on the first SIGINT or SIGTERM, or with SIGTERM when the npx
 * that started this process is gone (npx passes no signal on: supervisor/launcher.ts).
 */
export function waitForShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      // Off only after this signal's dispatch: signal-exit (the supervisor's last resort) counts
      // the listeners as it runs and, finding only its own, re-raises the signal and the process
      // dies on the spot instead of stopping in order.
      setImmediate(() => {
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
      });
      unwatch();
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
    const unwatch = watchLauncher(() => on('SIGTERM'));
  });
}
