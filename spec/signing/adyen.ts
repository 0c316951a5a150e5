// Adyen's HMAC signature of a standard notification item (docs.adyen.com "Verify HMAC
// signatures"; @adyen/api-library's HmacValidator computes the same): the signing string joins
// pspReference, originalReference, merchantAccountCode, merchantReference, amount.value,
// amount.currency, eventCode and success with ':' (an absent field is empty); it is signed with
// HMAC-SHA256 under the key decoded from hex and sent base64-encoded in
// additionalData.hmacSignature. Every item of a batch carries its own.
// The one signer and verifier outside the core: the simulators sign with it, contracts, the demo
// receiver and tests check with it. The core keeps its own verifier on purpose.
import { createHmac } from 'node:crypto';
import { sameText } from './same-text.ts';

export interface AdyenSignedFields {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference?: string;
  amount: { value: number; currency: string };
  eventCode: string;
  success: string;
}

export function adyenSigningString(item: AdyenSignedFields): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference ?? '',
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
}

/** The base64 HMAC-SHA256 of the item's signing string under the hex key. */
export function adyenHmacSignature(item: AdyenSignedFields, hexKey: string): string {
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(adyenSigningString(item), 'utf8').digest('base64');
}

/** Whether one NotificationRequestItem (as parsed from the wire) carries its own valid signature. */
export function isGenuineAdyenItem(item: unknown, hexKey: string): boolean {
  const i = item as (AdyenSignedFields & { additionalData?: { hmacSignature?: unknown } }) | null | undefined;
  const given = i?.additionalData?.hmacSignature;
  if (!i || typeof given !== 'string' || typeof i.amount !== 'object' || i.amount === null) return false;
  return sameText(given, adyenHmacSignature(i, hexKey));
}

/** Whether `rawBody` is a notification batch whose every item carries its own valid signature. */
export function isGenuineAdyen(rawBody: string, hexKey: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return false;
  }
  const items = (body as { notificationItems?: unknown } | null)?.notificationItems;
  if (!Array.isArray(items) || items.length === 0) return false;
  return items.every((entry) => isGenuineAdyenItem((entry as { NotificationRequestItem?: unknown } | null)?.NotificationRequestItem, hexKey));
}
