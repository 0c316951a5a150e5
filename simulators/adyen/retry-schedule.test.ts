import { describe, expect, it } from 'vitest';
import { ADYEN_RETRY_DELAYS_MS } from './retry-schedule.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe("Adyen's webhook retry schedule", () => {
  it('retries three times 9 s apart, then follows the documented queue intervals', () => {
    expect(ADYEN_RETRY_DELAYS_MS.slice(0, 12)).toEqual([9 * S, 9 * S, 9 * S, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M, 1 * H, 2 * H, 4 * H, 8 * H]);
  });

  it('keeps retrying every 8 hours for up to 30 days, and no longer', () => {
    const tail = ADYEN_RETRY_DELAYS_MS.slice(12);
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.every((d) => d === 8 * H)).toBe(true);
    const total = ADYEN_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(30 * 24 * H);
    expect(total + 8 * H).toBeGreaterThan(30 * 24 * H);
  });
});
