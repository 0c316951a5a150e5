// The HMAC signature of a standard notification (docs.adyen.com, "Verify HMAC signatures"): the
// signing string joins pspReference, originalReference, merchantAccountCode, merchantReference,
// amount.value, amount.currency, eventCode and success with ':' (an absent field is empty); it is
// signed with HMAC-SHA256 under the key decoded from hex, and sent base64-encoded in
// additionalData.hmacSignature. @adyen/api-library's HmacValidator computes exactly this.
// Signing itself is spec's one implementation; what is the simulator's own is here: which keys it
// accepts and the key a forger signs with.
import { createHash } from 'node:crypto';
import { adyenHmacSignature, adyenSigningString, type AdyenSignedFields } from '../../spec/index.ts';

export type SignedFields = AdyenSignedFields;
export const signingString = adyenSigningString;
export const hmacSignature = adyenHmacSignature;

/** An HMAC key as Adyen issues them: hex, whole bytes. */
export function isHexKey(value: string): boolean {
  return value.length >= 2 && value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value);
}

/** A key that is not `hexKey`, derived from it: what a forger signs with. */
export function forgeryKey(hexKey: string): string {
  return createHash('sha256').update(`gauntlet-forgery:${hexKey}`).digest('hex').toUpperCase();
}
