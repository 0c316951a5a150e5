// Standard notifications (Adyen's "webhooks"): how events are built, identified and sent.
//
// Body: `{live: "false", notificationItems: [{NotificationRequestItem: {...}}]}`, one item per
// delivery, signed per endpoint with its hex HMAC key. Any 2xx acknowledges (Adyen dropped the
// old requirement to answer "[accepted]"; that body is still a 2xx and still accepted).
//
// Event id: `${eventCode}:${pspReference}:${success}`. Adyen identifies a notification by its
// eventCode and pspReference (the modification's own reference for captures, refunds, cancels and
// chargebacks); `success` is part of the id because Adyen may send the same pair again with the
// other outcome. A receiver dedupes on this id.
import type { Kernel, SimEvent, WebhookEncoder } from '../kernel/index.ts';
import { forgeAdyenItem, signForgery } from './forgery.ts';
import { hmacSignature } from './hmac.ts';

export type { EventCode, NotificationBody, NotificationRequestItem } from './notification-types.ts';
import type { NotificationBody, NotificationRequestItem } from './notification-types.ts';

export function notificationEventId(item: Pick<NotificationRequestItem, 'eventCode' | 'pspReference' | 'success'>): string {
  return `${item.eventCode}:${item.pspReference}:${item.success}`;
}

/** Adyen's eventDate: ISO 8601 to the second with a zone offset (`2021-07-17T13:42:40+00:00`). */
export function eventDate(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}+00:00`;
}

/** Records the notification and queues it for every endpoint (delivery faults apply there). */
export function announce(kernel: Kernel, item: Omit<NotificationRequestItem, 'eventDate'>): SimEvent {
  const at = kernel.now();
  const payload: NotificationRequestItem = { ...item, eventDate: eventDate(at) };
  const event: SimEvent = { id: notificationEventId(payload), type: payload.eventCode, createdAt: at, payload };
  kernel.webhooks.emit(event);
  return event;
}

export const adyenWebhookEncoder: WebhookEncoder = {
  encode(event, endpoint, options) {
    let item = structuredClone(event.payload as NotificationRequestItem);
    if (options.forged) {
      // A forgery: its (maybe lying) content, and an hmacSignature that does not verify, or none.
      const forgery = options.forgery ?? { lie: 'none', signature: 'wrong_secret' };
      item = signForgery(forgeAdyenItem(item, forgery.lie, options.tag), endpoint.secret, forgery.signature);
    } else item.additionalData = { ...(item.additionalData ?? {}), hmacSignature: hmacSignature(item, endpoint.secret) };
    const body: NotificationBody = { live: 'false', notificationItems: [{ NotificationRequestItem: item }] };
    return { body: JSON.stringify(body), headers: {} };
  },
  isAcknowledged(status) {
    return status >= 200 && status < 300;
  },
};
