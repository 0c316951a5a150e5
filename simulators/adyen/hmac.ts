// The HMAC signature of a standard notification (docs.adyen.com, "Verify HMAC signatures"): the
// signing string joins pspReference, originalReference, merchantAccountCode, merchantReference,
// amount.value, amount.currency, eventCode and success with ':' (an absent field is empty); it is
// signed with HMAC-SHA256 under the key decoded from hex, and sent base64-encoded in
// additionalData.hmacSignature. @adyen/api-library's HmacValidator computes exactly this.
import { createHash, createHmac } from 'node:crypto';

export interface SignedFields {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { value: number; currency: string };
  eventCode: string;
  success: string;
}

export function signingString(item: SignedFields): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
}

export function hmacSignature(item: SignedFields, hexKey: string): string {
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(signingString(item), 'utf8').digest('base64');
}

/** An HMAC key as Adyen issues them: hex, whole bytes. */
export function isHexKey(value: string): boolean {
  return value.length >= 2 && value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value);
}

/** A key that is not `hexKey`, derived from it: what a forger signs with. */
export function forgeryKey(hexKey: string): string {
  return createHash('sha256').update(`gauntlet-forgery:${hexKey}`).digest('hex').toUpperCase();
}
