// vegeta sends what a real client would: with `uniqueHeader`, every request carries a value of
// its own (stripe-node's Idempotency-Key on each POST), so a stateful simulator does its real work
// instead of replaying one saved answer.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serveSimulator } from '../../simulators/index.ts';
import { findTool } from '../toolchain/index.ts';
import { attack } from './vegeta.ts';

describe('vegeta attack', () => {
  it('gives every request its own value of the unique header, and the same body', async () => {
    const vegeta = await findTool('vegeta');
    expect(vegeta, 'vegeta missing: `make setup` installs it').toBeDefined();
    const keys: string[] = [];
    const bodies = new Set<string>();
    const app = new Hono();
    app.post('/x', async (c) => {
      keys.push(c.req.header('idempotency-key') ?? '');
      bodies.add(await c.req.text());
      return c.text('ok');
    });
    const server = await serveSimulator({ app });
    try {
      const report = await attack({ method: 'POST', url: `${server.url}/x`, headers: { 'Content-Type': 'text/plain' }, body: 'a=1', uniqueHeader: 'Idempotency-Key' }, { vegeta: vegeta!.path, durationSeconds: 1, workers: 2 });
      expect(report.requests).toBe(keys.length);
      expect(keys.length).toBeGreaterThan(10);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.every((k) => /^bench-[0-9a-f]{8}-\d+$/.test(k))).toBe(true);
      expect([...bodies]).toEqual(['a=1']);
    } finally {
      await server.close();
    }
  });
});
