// The timeline's x axis, piecewise: time where something happens is drawn at full scale, and a
// long stretch where nothing does (a drill's wait for breakers to cool and webhooks to drain is
// most of its clock and none of its events) is drawn as a narrow, marked break that keeps its
// real length in its label. A stretch is compressed only when it is a large share of what is
// still drawn at full scale, so a short drill's pauses keep their true proportions.

export interface ScaleOptions {
  /** Where the plot starts and how wide it is, in px. */
  x0: number;
  width: number;
  /** Width of a compressed stretch, px (default 64). */
  breakWidth?: number;
  /** A gap is compressed when it is at least this share of the time still drawn at full scale (default 0.25). */
  minShare?: number;
  /** ...and at least this share of the whole span, so a burst's own pauses are never compressed (default 0.05). */
  minSpanShare?: number;
  /** At most this many breaks (default 4). */
  maxBreaks?: number;
}

export interface Segment {
  /** Times, ms, in the history's own clock. */
  from: number;
  to: number;
  /** Pixels. */
  x0: number;
  x1: number;
  compressed: boolean;
}

export interface TimeScale {
  t0: number;
  tEnd: number;
  /** Time drawn at full scale (the whole span less the breaks). */
  drawnMs: number;
  segments: Segment[];
  breaks: Segment[];
  x(t: number): number;
  /** Round tick offsets (from t0) inside the full-scale segments, about eight across them. */
  ticks(): number[];
}

export function timeScale(times: readonly number[], o: ScaleOptions): TimeScale {
  const breakWidth = o.breakWidth ?? 64;
  const minShare = o.minShare ?? 0.25;
  const maxBreaks = o.maxBreaks ?? 4;
  const minSpanShare = o.minSpanShare ?? 0.05;
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const t0 = sorted[0] ?? 0;
  const tEnd = sorted.at(-1) ?? t0;
  const span = Math.max(1, tEnd - t0);

  // The longest gaps first: each is compressed while it is a large share of what is left drawn.
  const gaps = sorted.slice(1).map((t, i) => ({ from: sorted[i]!, to: t })).sort((a, b) => b.to - b.from - (a.to - a.from));
  const chosen: Array<{ from: number; to: number }> = [];
  let drawn = span;
  for (const g of gaps) {
    if (chosen.length >= maxBreaks || (chosen.length + 1) * breakWidth > o.width / 2) break;
    if (g.to - g.from < minShare * drawn || g.to - g.from < minSpanShare * span) break;
    chosen.push(g);
    drawn -= g.to - g.from;
  }
  chosen.sort((a, b) => a.from - b.from);
  drawn = Math.max(1, drawn);

  const fullWidth = o.width - chosen.length * breakWidth;
  const segments: Segment[] = [];
  let x = o.x0;
  let t = t0;
  const push = (from: number, to: number, compressed: boolean) => {
    const w = compressed ? breakWidth : ((to - from) / drawn) * fullWidth;
    segments.push({ from, to, x0: x, x1: x + w, compressed });
    x += w;
  };
  for (const b of chosen) {
    push(t, b.from, false);
    push(b.from, b.to, true);
    t = b.to;
  }
  push(t, chosen.length ? tEnd : t0 + span, false);

  const scale = (time: number): number => {
    if (time <= t0) return o.x0;
    const s = segments.find((seg) => time <= seg.to) ?? segments.at(-1)!;
    const len = s.to - s.from;
    const at = len > 0 ? s.x0 + ((Math.min(time, s.to) - s.from) / len) * (s.x1 - s.x0) : s.x1;
    return Math.round(at * 10) / 10;
  };

  return {
    t0,
    tEnd,
    drawnMs: drawn,
    segments,
    breaks: segments.filter((s) => s.compressed),
    x: scale,
    ticks() {
      const step = niceStep(drawn / 8);
      const out: number[] = [];
      for (const s of segments) {
        if (s.compressed) continue;
        for (let d = Math.ceil((s.from - t0) / step) * step; d <= s.to - t0; d += step) if (out.at(-1) !== d) out.push(d);
      }
      return out;
    },
  };
}

/** 1, 2 or 5 × 10^k, the first at least `raw`. */
function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
}
