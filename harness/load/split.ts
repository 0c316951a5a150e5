// k6 splits one test over machines with `--execution-segment`; vegeta has no such flag, so the
// same thing is N vegeta processes (on one machine or N), each at its share of the rate. Shares
// are whole requests per second because vegeta's `-rate` takes an integer frequency, and they
// add up to the whole rate exactly, so N processes deliver what one would have.

/** A constant arrival rate, in requests per second. */
export type RatePerSecond = number;

/**
 * `rate` requests/s split over `n` processes: whole numbers that differ by at most one and sum to
 * `rate` (100 over 3 → 34, 33, 33). Every share is at least 1: vegeta reads `-rate=0` as "as fast
 * as possible", the opposite of a share of nothing.
 */
export function splitRate(rate: RatePerSecond, n: number): RatePerSecond[] {
  if (!Number.isSafeInteger(rate) || rate < 1) throw new RangeError(`rate must be a whole number of requests per second ≥ 1 (got ${rate})`);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`the number of processes must be a whole number ≥ 1 (got ${n})`);
  if (n > rate) throw new RangeError(`${n} processes cannot share ${rate}/s: each needs at least 1 request per second`);
  const base = Math.floor(rate / n);
  const extra = rate % n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}

/** "50", "50/s" or "50/1s" → 50 requests per second (whole numbers only, as vegeta's -rate). */
export function parseRate(text: string): RatePerSecond {
  const m = /^(\d+)(?:\/1?s)?$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`not a rate: ${JSON.stringify(text)} (requests per second, e.g. 50 or 50/s)`);
  return n;
}
