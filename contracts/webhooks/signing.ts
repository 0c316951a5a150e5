// Webhook signatures, written here once more on purpose: an implementation independent of the
// core's verifier and of the simulators' signers. Consumer tests sign their examples with it (so
// the core's real verification has to accept them); the provider side's receiver checks with it
// that a delivery is the genuine one and not a forged copy.
//   Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed
//   by the endpoint's `whsec_…` secret (used as is, not decoded).
//   Adyen: per notification item, base64 HMAC-SHA256 keyed by the hex-decoded HMAC key over
//   pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a consumer's metadata matcher accepts: one `t`, then `v1` (and possibly `v0`) signatures. */
export const STRIPE_SIGNATURE_PATTERN = '^t=\\d{1,12}(,v[01]=[0-9a-f]{64})*,v1=[0-9a-f]{64}(,v[01]=[0-9a-f]{64})*$';

/** Base64 of a 32-byte HMAC-SHA256. */
export const ADYEN_HMAC_PATTERN = '^[A-Za-z0-9+/]{43}=$';

export function stripeSignatureHeader(rawBody: string, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${stripeV1(rawBody, secret, timestampSeconds)}`;
}

/** Whether one of the header's v1 signatures is the body's under `secret` (age not judged). */
export function isGenuineStripe(rawBody: string, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim());
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  if (!t || !/^\d{1,12}$/.test(t)) return false;
  const expected = stripeV1(rawBody, secret, Number(t));
  return parts.filter((p) => p.startsWith('v1=')).some((p) => sameText(p.slice(3), expected));
}

function stripeV1(rawBody: string, secret: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
}

export interface AdyenSignedFields {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference?: string;
  amount: { value: number; currency: string };
  eventCode: string;
  success: string;
}

export function adyenItemSignature(item: AdyenSignedFields, hexKey: string): string {
  const fields = [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference ?? '',
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ];
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(fields.join(':'), 'utf8').digest('base64');
}

/** Whether every item of an Adyen notification batch carries its own valid signature. */
export function isGenuineAdyen(rawBody: string, hexKey: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return false;
  }
  const items = (body as { notificationItems?: unknown } | null)?.notificationItems;
  if (!Array.isArray(items) || items.length === 0) return false;
  return items.every((entry) => {
    const item = (entry as { NotificationRequestItem?: AdyenSignedFields & { additionalData?: { hmacSignature?: unknown } } } | null)?.NotificationRequestItem;
    const given = item?.additionalData?.hmacSignature;
    if (!item || typeof given !== 'string' || typeof item.amount !== 'object' || item.amount === null) return false;
    return sameText(given, adyenItemSignature(item, hexKey));
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
