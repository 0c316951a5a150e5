// The load's requests, generated lazily as vegeta reads them: each one creates a payment with
// automatic capture (authorize + capture in one merchant call), under its own Idempotency-Key and
// merchant reference, on Stripe and Adyen in turn, a share of them with an issuer-decline test
// card so declines are part of the mix the checkers judge.
//
// The reference also rides in the URL's fragment (`…/v1/payments#<reference>`). A fragment never
// goes on the wire (the SUT sees `/v1/payments`), but vegeta copies the target URL into each
// result, and it is the only per-request field a result keeps: a result that timed out or lost
// its connection has no body, and vegeta's sequence numbers are taken before the target is read,
// so they cannot be matched to targets under concurrency.
import { randomUUID } from 'node:crypto';
import { seededRandom } from '../../simulators/index.ts';
import type { VegetaJsonTarget } from '../bench/core-bench.ts';
import type { AuthorizeArgs } from '../driver/types.ts';

export const APPROVING_CARD = 'pm_card_visa';
/** Declines on both simulators (the core maps Stripe's test payment methods onto Adyen's). */
export const DECLINING_CARD = 'pm_card_chargeDeclinedInsufficientFunds';

export interface LoadTargetOptions {
  sutUrl: string;
  /** Fraction of payments made with the declining card (default 0.3). */
  declineShare?: number;
  /** Amounts are drawn from it, so a seed gives the same sequence of payments. */
  seed: number;
  /**
   * Tells this run's keys from every other run's: a world left running (`gauntlet up`) keeps its
   * payments, and a reused Idempotency-Key would replay an old answer instead of making a payment.
   */
  runId?: string;
}

export interface LoadTargets {
  next(): VegetaJsonTarget;
  /** The arguments of the payment a target made, by its reference (what the history records). */
  argsOf(reference: string): AuthorizeArgs | undefined;
  readonly generated: number;
}

export function loadTargets(o: LoadTargetOptions): LoadTargets {
  const share = o.declineShare ?? 0.3;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`declineShare must be 0..1 (got ${share})`);
  const run = o.runId ?? randomUUID().slice(0, 8);
  const random = seededRandom(o.seed);
  const issued = new Map<string, AuthorizeArgs>();
  let n = 0;
  return {
    next() {
      const i = n++;
      const reference = `load-${run}-${i}`;
      // Evenly spread declines (the i-th payment declines when the running total of the share
      // crosses a whole number): exactly `share` of any prefix, give or take one, no clumps.
      const declined = Math.floor((i + 1) * share) > Math.floor(i * share);
      const args: AuthorizeArgs = {
        reference,
        amount: 500 + Math.floor(random.next() * 19_500),
        currency: 'EUR',
        provider: i % 2 === 0 ? 'stripe' : 'adyen',
        paymentMethod: declined ? DECLINING_CARD : APPROVING_CARD,
        capture: 'automatic',
        idempotencyKey: `${reference}-authorize`,
      };
      issued.set(reference, args);
      const body = { amount: args.amount, currency: args.currency, provider: args.provider, paymentMethod: args.paymentMethod, capture: args.capture, reference };
      return {
        method: 'POST',
        url: `${o.sutUrl}/v1/payments#${encodeURIComponent(reference)}`,
        header: { 'Content-Type': ['application/json'], 'Idempotency-Key': [args.idempotencyKey] },
        body: Buffer.from(JSON.stringify(body)).toString('base64'),
      };
    },
    argsOf: (reference) => issued.get(reference),
    get generated() {
      return n;
    },
  };
}

/** The reference a target carried in its URL fragment (see above), or undefined. */
export function referenceOfUrl(url: string): string | undefined {
  const hash = url.indexOf('#');
  if (hash === -1 || hash === url.length - 1) return undefined;
  try {
    return decodeURIComponent(url.slice(hash + 1));
  } catch {
    return undefined;
  }
}
