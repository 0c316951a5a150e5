// The provider states the Stripe pact names. A provider implements each by name (the Stripe
// simulator in simulators/stripe/provider-states.ts); the values come as Pact params, and the
// provider answers with what the interaction needs injected: `id` (a PaymentIntent it minted) and
// `idempotencyKey` (a key it has not seen, or the one the state left behind).
export const STRIPE_STATES = {
  freshKey: 'an unused Idempotency-Key',
  authorized: 'a payment authorized for {amount} {currency}',
  authorizedUnderKey: 'an Idempotency-Key already used to authorize {amount} {currency}',
  captured: 'a payment captured for {amount} {currency}',
  partiallyRefunded: 'a payment captured for {amount} {currency} with {refunded} refunded',
  canceled: 'a payment authorized for {amount} {currency} and canceled',
  refundInFlight: 'a refund of {refundAmount} in flight on a payment captured for {amount} {currency}',
  nextFails: 'the next {operation} request fails with HTTP {status}',
  nextRateLimited: 'the next {operation} request is rate limited with Retry-After {retryAfterSeconds}',
} as const;
