// Forged Adyen notifications that lie (the `forge` webhook fault): built from a genuine
// NotificationRequestItem, so the lie is about a payment the receiver knows, and signed so that
// it must not verify (additionalData.hmacSignature wrong, empty, garbage, or absent).
import type { Forgery } from '../kernel/index.ts';
import { forgeryKey, hmacSignature } from './hmac.ts';
import type { NotificationRequestItem } from './notification-types.ts';

/** A pspReference-shaped (16 characters) reference from the delivery's tag. */
function forgedReference(tag: string, salt: string): string {
  const digits = tag.replace(/\D/g, '');
  return `${salt}${digits.padStart(15, '0')}`.slice(-16);
}

/** The forged item, unsigned: the genuine one when the lie is `none`. */
export function forgeAdyenItem(item: NotificationRequestItem, lie: Forgery['lie'], tag: string): NotificationRequestItem {
  const copy = structuredClone(item);
  // The payment the item is about: its own pspReference for AUTHORISATION, the original for a modification.
  const paymentPsp = item.eventCode === 'AUTHORISATION' ? item.pspReference : (item.originalReference ?? item.pspReference);
  const { hmacSignature: _dropped, ...additionalData } = copy.additionalData ?? {};
  switch (lie) {
    case 'none':
      return copy;
    case 'capture':
    case 'refund':
      // A successful modification the PSP never made, for the whole amount of the genuine item.
      return {
        additionalData: {},
        amount: { ...item.amount },
        eventCode: lie === 'capture' ? 'CAPTURE' : 'REFUND',
        eventDate: item.eventDate,
        merchantAccountCode: item.merchantAccountCode,
        merchantReference: `forged-${tag}`,
        originalReference: paymentPsp,
        pspReference: forgedReference(tag, 'F'),
        success: 'true',
      };
    case 'amount':
      // The genuine item (same event id) with another amount: a tampered copy, sent first.
      return { ...copy, additionalData, amount: { ...item.amount, value: item.amount.value > 0 ? item.amount.value * 2 : 100 } };
    case 'unknown_payment':
      // The same item about a payment that does not exist.
      return {
        ...copy,
        additionalData,
        pspReference: forgedReference(tag, 'F'),
        ...(item.originalReference !== undefined ? { originalReference: forgedReference(tag, 'G') } : {}),
        merchantReference: `forged-${tag}`,
      };
  }
}

/** The item as sent: `hmacSignature` wrong, empty, garbage, or left out. */
export function signForgery(item: NotificationRequestItem, endpointKey: string, signature: Forgery['signature']): NotificationRequestItem {
  const { hmacSignature: _genuine, ...rest } = item.additionalData ?? {};
  switch (signature) {
    case 'wrong_secret':
      return { ...item, additionalData: { ...rest, hmacSignature: hmacSignature(item, forgeryKey(endpointKey)) } };
    case 'missing':
      return { ...item, additionalData: rest };
    case 'empty':
      return { ...item, additionalData: { ...rest, hmacSignature: '' } };
    case 'malformed':
      return { ...item, additionalData: { ...rest, hmacSignature: 'garbage' } };
  }
}
