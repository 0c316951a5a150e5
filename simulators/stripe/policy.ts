// The Stripe account's fixed terms: API version, fees and the webhook retry schedule.
import type { FeePolicy } from '../kernel/index.ts';

/** The account's default API version: the one stripe-node 23.1 pins, so SDK users see their own. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** Standard US card pricing: 2.9% + 30 cents per successful charge. */
export const STRIPE_FEES: FeePolicy = { basisPoints: 290, fixed: 30 };

/**
 * Stripe documents that it retries an undelivered event "for up to three days with an exponential
 * back off" (live mode). The exact schedule is not published, so this approximates it: the delay
 * doubles from one minute, is capped at twelve hours, and the attempts stop once three days
 * have passed since the first one: 1m, 2m, 4m, ... 8h32m, then 12h four times, then 6h57m to
 * reach exactly 72 h. Fifteen retries in all.
 */
export const STRIPE_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = (() => {
  const minute = 60_000;
  const cap = 12 * 60 * minute;
  const budget = 72 * 60 * minute;
  const delays: number[] = [];
  let total = 0;
  for (let d = minute; total < budget; d = Math.min(d * 2, cap)) {
    const next = Math.min(d, budget - total);
    delays.push(next);
    total += next;
  }
  return Object.freeze(delays);
})();
