// Durations as drill files write them: "250ms", "10s", "2m".
export const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

/** "250ms", "10s", "2m" → milliseconds. */
export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 250ms, 10s, 2m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000);
}
