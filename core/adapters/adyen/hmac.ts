// Adyen's HMAC signature of a standard notification item (docs.adyen.com, "Verify HMAC
// signatures"): HMAC-SHA256, keyed with the hex-decoded HMAC key, over
//   pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success
// (an absent field is the empty string), base64 in additionalData.hmacSignature. It covers no
// timestamp: a replayed notification verifies forever, so replays are the inbox's dedupe's job.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedFields {
  pspReference?: string;
  originalReference?: string;
  merchantAccountCode?: string;
  merchantReference?: string;
  amount?: { value?: number | string; currency?: string };
  eventCode?: string;
  success?: string;
}

/** An HMAC key as Adyen issues them: hex, whole bytes. */
export function isHexKey(value: string): boolean {
  return value.length >= 2 && value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value);
}

export function decodeHexKey(hexKey: string): Buffer {
  if (!isHexKey(hexKey)) throw new Error('hmacKey: the notification HMAC key in hex, whole bytes (as Adyen shows it in the Customer Area)');
  return Buffer.from(hexKey, 'hex');
}

export function signingString(item: SignedFields): string {
  return [
    item.pspReference ?? '',
    item.originalReference ?? '',
    item.merchantAccountCode ?? '',
    item.merchantReference ?? '',
    item.amount?.value !== undefined ? String(item.amount.value) : '',
    item.amount?.currency ?? '',
    item.eventCode ?? '',
    item.success ?? '',
  ].join(':');
}

/** The base64 signature of `item` under `key`. */
export function sign(item: SignedFields, key: Buffer): string {
  return createHmac('sha256', key).update(signingString(item), 'utf8').digest('base64');
}

/**
 * Whether `signature` is exactly `item`'s base64 signature under `key`, compared in constant time
 * (no lenient base64 decoding: the text must match).
 */
export function verify(item: SignedFields, signature: string, key: Buffer): boolean {
  const expected = Buffer.from(sign(item, key), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // Lengths first: timingSafeEqual throws on different lengths, and a length says nothing secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
