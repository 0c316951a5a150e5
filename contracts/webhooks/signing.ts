// Webhook signatures for the pacts. Signing and verifying are spec's one implementation for both
// dialects (independent of the core's own verifier, so the core's verification is still tested by
// code it does not share). Consumer tests sign their examples with it (so the core's real
// verification has to accept them); the provider side's receiver checks with it that a delivery
// is the genuine one and not a forged copy. The matcher patterns are the pacts' own.
import { adyenHmacSignature, isGenuineAdyen, stripeSignatureHeader, verifyStripeSignature, type AdyenSignedFields } from '../../spec/index.ts';

/** What a consumer's metadata matcher accepts: one `t`, then `v1` (and possibly `v0`) signatures. */
export const STRIPE_SIGNATURE_PATTERN = '^t=\\d{1,12}(,v[01]=[0-9a-f]{64})*,v1=[0-9a-f]{64}(,v[01]=[0-9a-f]{64})*$';

/** Base64 of a 32-byte HMAC-SHA256. */
export const ADYEN_HMAC_PATTERN = '^[A-Za-z0-9+/]{43}=$';

export { isGenuineAdyen, stripeSignatureHeader, type AdyenSignedFields };
export const adyenItemSignature = adyenHmacSignature;

/** Whether one of the header's v1 signatures is the body's under `secret` (age not judged). */
export function isGenuineStripe(rawBody: string, header: string | undefined, secret: string): boolean {
  return verifyStripeSignature(rawBody, header, secret) === 'valid';
}
