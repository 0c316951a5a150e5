// What the issuer will answer for a test payment method, by the providers' own test conventions
// (the simulators' catalogue): Stripe's `pm_card_chargeDeclined*` and Adyen's refusing holder
// names decline; the other known test cards approve. Anything else: we cannot say.
import { ADYEN_TEST_HOLDER_NAMES, STRIPE_TEST_PAYMENT_METHODS } from '../../simulators/index.ts';

export type CardVerdict = 'decline' | 'approve' | 'unknown';

const BARE_HOLDER = /^[A-Z][A-Z0-9_]*$/;
const DIGITS = /^\d{12,19}$/;

/**
 * `provider` is where the payment went, when known: Adyen holder names (`holder:X`, bare `X`) and
 * card numbers mean nothing to Stripe, so on Stripe they are `unknown`.
 */
export function cardVerdict(paymentMethod: unknown, provider?: string | null): CardVerdict {
  if (typeof paymentMethod !== 'string' || paymentMethod === '') return 'unknown';
  const pm = paymentMethod.trim();
  if (pm.startsWith('pm_card_chargeDeclined')) return 'decline';
  const stripe = Object.hasOwn(STRIPE_TEST_PAYMENT_METHODS, pm) ? STRIPE_TEST_PAYMENT_METHODS[pm] : undefined;
  if (stripe) return stripe.outcome.kind === 'declined' ? 'decline' : 'approve';
  if (provider && provider.toLowerCase() === 'stripe') return 'unknown';
  let holder: string | undefined;
  if (pm.startsWith('holder:')) holder = pm.slice('holder:'.length).trim();
  else if (BARE_HOLDER.test(pm)) holder = pm;
  if (holder !== undefined) {
    const outcome = ADYEN_TEST_HOLDER_NAMES[holder.toUpperCase()];
    return outcome?.kind === 'declined' ? 'decline' : holder === '' ? 'unknown' : 'approve';
  }
  if (pm.startsWith('card:') ? DIGITS.test(pm.slice(5)) : DIGITS.test(pm)) return 'approve';
  return 'unknown';
}
