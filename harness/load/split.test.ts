// The execution-segment analogue: N vegeta processes at their shares of the rate deliver the whole
// rate together. Counted where it matters, at the server, not in vegeta's own report.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTool } from '../toolchain/index.ts';
import { startAttack } from './attack.ts';
import { parseRate, splitRate } from './split.ts';

describe('splitRate', () => {
  it('splits a rate into whole shares that differ by at most one and add up to the rate', () => {
    expect(splitRate(10, 2)).toEqual([5, 5]);
    expect(splitRate(21, 2)).toEqual([11, 10]);
    expect(splitRate(100, 3)).toEqual([34, 33, 33]);
    expect(splitRate(7, 1)).toEqual([7]);
    expect(splitRate(3, 3)).toEqual([1, 1, 1]);
    for (const [rate, n] of [[97, 5], [1000, 7], [13, 13]] as const) {
      const shares = splitRate(rate, n);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(rate);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a share of zero (vegeta reads -rate=0 as unbounded) and fractional rates', () => {
    expect(() => splitRate(2, 3)).toThrow(/at least 1/);
    expect(() => splitRate(2.5, 2)).toThrow(RangeError);
    expect(() => splitRate(10, 0)).toThrow(RangeError);
  });

  it('reads rates as vegeta writes them', () => {
    expect(parseRate('50')).toBe(50);
    expect(parseRate('50/s')).toBe(50);
    expect(parseRate('50/1s')).toBe(50);
    expect(() => parseRate('50/m')).toThrow(/not a rate/);
    expect(() => parseRate('0')).toThrow(/not a rate/);
    expect(() => parseRate('1.5')).toThrow(/not a rate/);
  });
});

describe('two vegeta processes at R/2 each', () => {
  let server: Server | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('deliver R × duration requests to the server between them', async () => {
    const vegeta = await findTool('vegeta');
    expect(vegeta, 'vegeta missing: `make setup` installs it').toBeDefined();
    const seen: string[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push(req.headers['idempotency-key'] as string);
        res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    dir = await mkdtemp(join(tmpdir(), 'gauntlet-split-'));

    // 21/s splits unevenly (11 + 10): the shares, not just the halves, must add up.
    const rate = 21;
    const seconds = 2;
    let n = 0;
    const attack = startAttack({
      vegeta: vegeta!.path,
      rate,
      durationMs: seconds * 1000,
      processes: 2,
      maxWorkers: 8,
      timeoutMs: 5_000,
      outDir: dir,
      next: () => ({ method: 'POST', url: `http://127.0.0.1:${port}/count`, header: { 'Idempotency-Key': [`k-${n++}`] }, body: Buffer.from('{}').toString('base64') }),
    });
    const run = await attack.done;

    expect(run.rates).toEqual([11, 10]);
    expect(run.files).toHaveLength(2);
    for (const f of run.files) expect((await stat(f)).size).toBeGreaterThan(0);
    // vegeta's constant pacer sends freq × duration; allow a few for timer edges at start and end.
    expect(Math.abs(seen.length - rate * seconds)).toBeLessThanOrEqual(3);
    // Both processes drew from the one generator: no key was sent twice.
    expect(new Set(seen).size).toBe(seen.length);
  }, 30_000);
});
