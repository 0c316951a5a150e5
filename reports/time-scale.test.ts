// The piecewise time axis: idle stretches compressed only when they dominate, everything else
// proportional, ticks only where time is drawn at full scale.
import { describe, expect, it } from 'vitest';
import { timeScale } from './time-scale.ts';

const busy = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('timeScale', () => {
  it('is linear when no gap dominates', () => {
    const s = timeScale([0, 10, 40, 100, 150, 200, 230, 300], { x0: 230, width: 900 });
    expect(s.breaks).toEqual([]);
    expect(s.x(10)).toBeCloseTo(230 + 900 / 30, 1);
    expect(s.x(300)).toBe(1130);
  });

  it('compresses a drill’s idle wait to a fixed-width break and gives the rest of the plot to where events are', () => {
    // A drill's shape: 5 s of traffic, a 30 s wait, 300 ms of liveness and final read.
    const times = [...busy(1_000_000, 1_005_000, 100), 1_035_000, 1_035_300];
    const s = timeScale(times, { x0: 230, width: 900, breakWidth: 64 });
    expect(s.breaks.map((b) => [b.from - 1_000_000, b.to - 1_000_000, b.x1 - b.x0])).toEqual([[5000, 35_000, 64]]);
    expect(s.drawnMs).toBe(5300);
    // 5 s of traffic take 5000/5300 of the 836 px not spent on the break (linear, it would get 1/7 of 900).
    expect(s.x(1_005_000)).toBeCloseTo(230 + (5000 / 5300) * 836, 0);
    expect(s.x(1_035_000)).toBeCloseTo(230 + (5000 / 5300) * 836 + 64, 0);
    expect(s.x(1_035_300)).toBeCloseTo(1130, 0);
    // Monotone everywhere, the break included.
    const xs = [1_000_000, 1_004_999, 1_005_000, 1_020_000, 1_035_000, 1_035_100, 1_035_300].map(s.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // No tick inside the compressed stretch.
    expect(s.ticks().filter((d) => d > 5000 && d < 35_000)).toEqual([]);
    expect(s.ticks()).toContain(35_000);
  });

  it('compresses several idle stretches, each while it is a large share of what is still drawn', () => {
    // webhook-stale-replay's shape: 5 s of traffic, 325 s idle, a burst, 25 s idle, a burst, 30 s idle, the end.
    const times = [...busy(0, 5000, 250), ...busy(330_000, 334_750, 250), 360_000, 360_100, 390_400, 390_700];
    const s = timeScale(times, { x0: 0, width: 900 });
    expect(s.breaks.map((b) => b.to - b.from)).toEqual([325_000, 25_250, 30_300]);
  });

  it('never compresses a pause that is short against the whole run, however long against what is left', () => {
    // After the 10 s wait is compressed, 3 ms are left: their 1 and 2 ms pauses stay as they are.
    const s = timeScale([0, 9_997, 9_998, 10_000], { x0: 0, width: 900 });
    expect(s.breaks.map((b) => b.to - b.from)).toEqual([9_997]);
  });
});
