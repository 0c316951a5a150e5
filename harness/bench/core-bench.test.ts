// The core benchmark's plumbing, not its figures: vegeta really drives the core's merchant API in
// both worlds (straight to the simulator, and through Toxiproxy), every request is a new payment
// (its own Idempotency-Key), and both reports come back whole. Speed is only printed by `npm run bench`.
import { describe, expect, it } from 'vitest';
import { findTool } from '../toolchain/index.ts';
import { benchCore, paymentTargets } from './core-bench.ts';

describe('core benchmark', () => {
  it('generates targets with a fresh Idempotency-Key and a JSON body each', () => {
    const next = paymentTargets('http://127.0.0.1:9');
    const [a, b] = [next(), next()];
    expect(a).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:9/v1/payments', header: { 'Content-Type': ['application/json'] } });
    expect(a.header!['Idempotency-Key']![0]).not.toBe(b.header!['Idempotency-Key']![0]);
    expect(JSON.parse(Buffer.from(a.body!, 'base64').toString())).toMatchObject({ amount: 2000, provider: 'stripe', capture: 'automatic' });
  });

  it('drives the core directly and through Toxiproxy with vegeta, one captured payment per request', async () => {
    const vegeta = await findTool('vegeta');
    expect(vegeta, 'vegeta missing: `make setup` installs it').toBeDefined();
    const result = await benchCore({ vegeta: vegeta!.path, durationSeconds: 1, workers: 2 });
    for (const report of [result.direct, result.toxiproxy]) {
      expect(report.requests).toBeGreaterThan(0);
      expect(report.successRatio).toBe(1);
      expect(report.statusCodes).toEqual({ '201': report.requests });
      // Distinct keys: every request made a payment of its own (plus the warm-up's), all captured.
      expect(Object.keys(report.payments)).toEqual(['captured']);
      expect(report.payments.captured).toBeGreaterThanOrEqual(report.requests);
    }
    expect(result.throughputRatio).toBeGreaterThan(0);
  }, 90_000);
});
