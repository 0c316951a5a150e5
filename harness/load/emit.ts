// Targets for vegeta processes Gauntlet does not run: the machines that add their share of a
// distributed load (scenarios/load/README.md) pipe these into `vegeta attack -lazy -format=json`.
// Written as fast as the reader takes them, until `count` or until the reader goes away (vegeta
// closes the pipe when its duration is over: that is the normal end, not an error).
import type { VegetaJsonTarget } from '../bench/core-bench.ts';

export async function emitTargets(out: NodeJS.WritableStream, next: () => VegetaJsonTarget, count = Infinity): Promise<number> {
  let open = true;
  let written = 0;
  const stop = () => (open = false);
  out.on('error', stop);
  out.on('close', stop);
  try {
    while (open && written < count) {
      let chunk = '';
      for (let i = 0; i < 16 && written < count; i++, written++) chunk += `${JSON.stringify(next())}\n`;
      if (!out.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off('drain', done);
            out.off('close', done);
            out.off('error', done);
            resolve();
          };
          out.on('drain', done);
          out.on('close', done);
          out.on('error', done);
        });
      }
    }
  } finally {
    out.off('error', stop);
    out.off('close', stop);
  }
  // A swallowed EPIPE after the loop ended must not crash the process either.
  out.on('error', () => undefined);
  return written;
}
