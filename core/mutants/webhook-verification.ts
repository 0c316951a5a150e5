// Two webhook-verification mutants, each the adapter's own parsing with one thing wrong.
//
// MUTANT genuine-webhooks-refused: the core verifies with a secret that is not the endpoint's (the
// other environment's secret deployed, a rotated secret never updated). Every genuine delivery is
// refused with a 4xx; the PSP retries, then gives up, and the core never hears what the PSP did.
// Nothing about money is wrong while the API answers arrive, which is why only a checker that
// demands genuine deliveries be accepted can see it.
//
// MUTANT missing-signature-accepted: `if (signature) verify(...)`: a delivery with no signature
// at all (no Stripe-Signature header, or an empty one; no hmacSignature in an Adyen item, or an
// empty one) is treated as "nothing to check" and parsed and accepted. A wrong signature is still
// refused, so only a forgery without one shows the bug.
import { parseNotification } from '../adapters/adyen/webhooks.ts';
import { parseStripeWebhook } from '../adapters/stripe/webhooks.ts';
import type { ProviderAdapter, WebhookVerdict } from '../adapters/types.ts';

/** Neither the simulators' nor any real endpoint's secret: what the mis-deployed core holds. */
const WRONG_STRIPE_SECRET = 'whsec_gauntlet_mutant_other_environment';
const WRONG_ADYEN_KEY = Buffer.from('0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF', 'hex');

export function verifyWithWrongSecret(inner: ProviderAdapter, rawBody: string, headers: Record<string, string>, nowMs: number): WebhookVerdict {
  if (inner.provider === 'stripe') return parseStripeWebhook(rawBody, headers, nowMs, { webhookSecret: WRONG_STRIPE_SECRET, toleranceSeconds: 300 });
  // The merchant account only matters once an item verifies, which none does under the wrong key.
  return parseNotification(rawBody, WRONG_ADYEN_KEY, '');
}

/**
 * Whether the delivery carries no signature to check: Stripe, no (or an empty) Stripe-Signature
 * header; Adyen, an item without (or with an empty) additionalData.hmacSignature.
 */
export function isUnsigned(provider: ProviderAdapter['provider'], rawBody: string, headers: Record<string, string>): boolean {
  if (provider === 'stripe') {
    const header = Object.entries(headers).find(([k]) => k.toLowerCase() === 'stripe-signature')?.[1];
    return header === undefined || header.trim() === '';
  }
  try {
    const body = JSON.parse(rawBody) as { notificationItems?: { NotificationRequestItem?: { additionalData?: { hmacSignature?: unknown } } }[] };
    return (body.notificationItems ?? []).some((n) => {
      const signature = n?.NotificationRequestItem?.additionalData?.hmacSignature;
      return signature === undefined || signature === '';
    });
  } catch {
    return false; // not JSON: the adapter refuses it as malformed
  }
}
