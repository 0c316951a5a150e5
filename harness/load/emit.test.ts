// The emitter for distributed loads: exactly `count` targets when asked, and a quiet end when
// the reader (vegeta, at the end of its duration) goes away.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emitTargets } from './emit.ts';
import { loadTargets } from './targets.ts';

describe('emitTargets', () => {
  it('writes count JSON targets, one a line, each a new payment', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const t = loadTargets({ sutUrl: 'http://sut:8080', seed: 4 });
    expect(await emitTargets(out, t.next, 40)).toBe(40);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { url: string; header: Record<string, string[]> });
    expect(lines).toHaveLength(40);
    expect(new Set(lines.map((l) => l.header['Idempotency-Key']![0])).size).toBe(40);
    expect(lines[0]!.url.startsWith('http://sut:8080/v1/payments#')).toBe(true);
  });

  it('stops without an error when the reader goes away', async () => {
    let chunks = 0;
    const out = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, cb) {
        chunks += 1;
        if (chunks === 3) {
          cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
          return;
        }
        cb();
      },
    });
    const t = loadTargets({ sutUrl: 'http://sut', seed: 4 });
    const written = await emitTargets(out, t.next);
    expect(Number.isFinite(written)).toBe(true);
    expect(chunks).toBe(3);
  });
});
