// Stripe-Signature headers for unit tests, made by stripe-node (a devDependency): an oracle
// independent of the adapter's own verification.
import Stripe from 'stripe';

const stripe = new Stripe('sk_test_signing_only');

/** Headers carrying a valid signature of `body` by `secret` at `atMs`. */
export function signed(body: string, secret: string, atMs: number): Record<string, string> {
  return { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(atMs / 1000) }) };
}
