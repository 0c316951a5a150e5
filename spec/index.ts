// The payments vocabulary, owned by no part of Gauntlet: simulators, core, contracts, harness and
// reports all import it, and it imports none of them.
export { MAX_AMOUNT, amountProblem, formatMoney, isKnownCurrency, minorUnits, type AmountProblem } from './money.ts';
export { clockDeadline, type Clock, type Deadline, type FetchLike, type RandomSource } from './env.ts';
export { fingerprint } from './fingerprint.ts';
export { textProblem } from './text.ts';
export { INVARIANT_NAMES, isInvariantName, type InvariantName } from './invariants.ts';
export { STATUSES, canTransition, isStatus, isTerminal, reachable, type PaymentStatus } from './statuses.ts';
export { STRIPE_TOLERANCE_SECONDS, stripeSignatureHeader, verifyStripeSignature, type StripeVerdict, type StripeVerifyOptions } from './signing/stripe.ts';
export { adyenHmacSignature, adyenSigningString, isGenuineAdyen, isGenuineAdyenItem, type AdyenSignedFields } from './signing/adyen.ts';
