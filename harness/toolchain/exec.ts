// Runs a short-lived command with a hard deadline, never throwing: probes must not crash callers.
import { execFile } from 'node:child_process';
import type { Env } from './versions.ts';

export interface ExecResult {
  /** Exit code; null when the process was killed (deadline) or could not start. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process could not be started or was killed, e.g. 'ENOENT' or 'ETIMEDOUT'. */
  readonly error?: string;
}

export function runCommand(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: Env } = {},
): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        env: (options.env ?? process.env) as NodeJS.ProcessEnv,
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (err === null) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
        if (typeof e.code === 'number') {
          resolve({ code: e.code, stdout, stderr });
        } else {
          const error = e.killed === true ? 'ETIMEDOUT' : String(e.code ?? e.message);
          resolve({ code: null, stdout, stderr, error });
        }
      },
    );
  });
}

/** The version in a command's output: group 1 of `pattern`, else the first x.y[.z] number. */
export function parseVersion(text: string, pattern?: RegExp): string | undefined {
  return (pattern ?? /(\d+\.\d+(?:\.\d+)?)/).exec(text)?.[1];
}
