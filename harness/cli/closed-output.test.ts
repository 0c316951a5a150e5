import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quietWhenClosed } from './closed-output.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');

/** A stream whose reader has gone: every write fails as a closed pipe's does. */
function closedPipe(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
}

describe('output to a reader that quit', () => {
  it('is dropped after the first EPIPE, with no error left for Node to throw', async () => {
    const stream = closedPipe();
    quietWhenClosed(stream);
    stream.write('first\n');
    await new Promise((resolve) => stream.on('close', resolve)); // events.once would reject on the 'error'
    expect(stream.write('more\n')).toBe(true);
    await new Promise<void>((resolve) => stream.write('with a callback\n', () => resolve()));
  });

  it('any other write error still surfaces', () => {
    const stream = new Writable();
    quietWhenClosed(stream);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
  });

  it('`gauntlet help gate` into a closed pipe exits 0 with no trace', async () => {
    const child = spawn(process.execPath, [BIN, 'help', 'gate'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The read end closes before the child has started: its first write finds no reader.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
