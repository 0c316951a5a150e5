// The benchmark's plumbing, not its figures: vegeta really drives every server over HTTP, each
// answers every request as it should (a 200 per create+confirm, from stripe-mock too), the CPU
// per request is measured, and the ratios are there. Speed itself is only printed by `npm run bench`.
import { describe, expect, it } from 'vitest';
import { findTool } from '../toolchain/index.ts';
import { benchCpuPerRequest } from './cpu-per-request.ts';
import { benchSimulator, isUnavailable, type Measured } from './simulator-bench.ts';

const load = async () => {
  const vegeta = await findTool('vegeta');
  expect(vegeta, 'vegeta missing: `make setup` installs it').toBeDefined();
  return { vegeta: vegeta!.path, durationSeconds: 1, workers: 4 };
};

function answeredAll(report: Measured, status = '200'): void {
  expect(report.requests).toBeGreaterThan(10);
  expect(report.successRatio).toBe(1);
  expect(report.statusCodes).toEqual({ [status]: report.requests });
  expect(report.p99Ms).toBeGreaterThan(0);
}

describe('simulator benchmark', () => {
  it('drives bare Hono, stripe-mock, both simulators and the toxiproxy hop with vegeta, in one run', async () => {
    const result = await benchSimulator(await load());
    for (const report of [result.bare, result.stripe, result.adyen]) {
      answeredAll(report);
      expect(report.cpuMsPerRequest).toBeGreaterThan(0);
    }
    // stripe-mock and toxiproxy are pinned tools `make setup` installs; without them the bench says why.
    if (isUnavailable(result.stripeMock)) {
      expect(result.stripeMock.unavailable).toMatch(/stripe-mock/);
      expect(result.ratios.stripeVsStripeMock).toBeUndefined();
    } else {
      answeredAll(result.stripeMock);
      expect(result.ratios.stripeVsStripeMock).toBeGreaterThan(0);
    }
    if (isUnavailable(result.stripeViaToxiproxy)) {
      expect(result.ratios.toxiproxyVsDirect).toBeUndefined();
    } else {
      answeredAll(result.stripeViaToxiproxy);
      expect(result.ratios.toxiproxyVsDirect).toBeGreaterThan(0);
    }
    expect(result.ratios.stripeVsBare).toBeGreaterThan(0);
    expect(result.ratios.adyenVsBare).toBeGreaterThan(0);
  }, 60_000);

  it('measures the Stripe simulator CPU per request at each fill level', async () => {
    const result = await benchCpuPerRequest({ ...(await load()), levels: [0, 8_000] });
    expect(result.levels[0]!.intents).toBe(0);
    // The second level counts the first run's intents too; the fill made up the rest, if any.
    expect(result.levels[1]!.intents).toBeGreaterThanOrEqual(8_000);
    if (result.levels[0]!.requests < 8_000) expect(result.levels[1]!.fillCpuMsPerRequest).toBeGreaterThan(0);
    for (const l of result.levels) {
      expect(l.requests).toBeGreaterThan(0);
      expect(l.cpuMsPerRequest).toBeGreaterThan(0);
    }
    expect(result.lastOverFirst).toBeGreaterThan(0);
  }, 60_000);
});
