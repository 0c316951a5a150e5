// The benchmark's plumbing, not its figures: vegeta really drives both servers over HTTP and the
// report comes back whole. Speed itself is only printed by `npm run bench`.
import { describe, expect, it } from 'vitest';
import { findTool } from '../toolchain/index.ts';
import { benchSimulator } from './simulator-bench.ts';

describe('simulator benchmark', () => {
  it('drives the bare endpoint and the Stripe simulator with vegeta and reads both reports', async () => {
    const vegeta = await findTool('vegeta');
    expect(vegeta, 'vegeta missing: `make setup` installs it').toBeDefined();
    const result = await benchSimulator({ vegeta: vegeta!.path, durationSeconds: 1, workers: 4 });
    for (const report of [result.bare, result.stripe]) {
      expect(report.requests).toBeGreaterThan(10);
      expect(report.successRatio).toBe(1);
      expect(report.statusCodes).toEqual({ '200': report.requests });
      expect(report.p99Ms).toBeGreaterThan(0);
    }
    expect(result.throughputRatio).toBeGreaterThan(0);
  });
});
