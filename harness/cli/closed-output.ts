// A reader that quits early (`gauntlet help gate | head -3`, a pager closed at the first screen)
// closes the pipe under us: the next write fails with EPIPE, and Node, finding no listener for the
// stream's error, ends the CLI with a stack trace and exit 1 ("an invariant was violated"). Nobody
// is reading any more, so from then on the output goes nowhere and the verb finishes as it would
// have (children stopped, reports written, its own exit code); help ends with 0.
import type { Writable } from 'node:stream';

/** Makes `stream` drop its output once its reader has gone; any other write error still throws. */
export function quietWhenClosed(stream: Writable): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    // Still a writable stream for whoever holds it (console, commander): it just keeps nothing.
    stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as Writable['write'];
  });
}
