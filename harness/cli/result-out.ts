// Where a verb's `--json` result goes: up the result pipe when bin/gauntlet.js runs the verb in a
// child for `--json` (then the child's stdout, and any library's writes to it, go to stderr), to
// stdout otherwise. Only the result goes this way, so `gauntlet gate --json | jq` always parses.
import type { Writable } from 'node:stream';

const PIPE = Symbol.for('gauntlet.resultPipe');

export function writeResult(json: string): void {
  const pipe = (globalThis as Record<symbol, unknown>)[PIPE] as Writable | undefined;
  (pipe ?? process.stdout).write(`${json}\n`);
}
