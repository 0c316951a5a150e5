// parseWebhook: an Adyen notification batch to a verdict for the core's inbox.
//   1. Read the batch strictly (notification.ts): anything else is `malformed`.
//   2. Verify every item's HMAC (hmac.ts): one bad or missing signature rejects the whole batch
//      as `bad_signature`, so a forger cannot ride along with a genuine item.
//   3. Map each item (events.ts). Items for another merchant account than the adapter's (a
//      company-level webhook) are genuine but not this core's: no event.
// Never `stale`: Adyen's signature covers no timestamp, and Adyen itself retries a notification
// for days with its original eventDate, so age proves nothing. A replay is a duplicate, caught by
// the inbox's dedupe on eventId.
import type { ProviderEvent, WebhookVerdict } from '../types.ts';
import { toProviderEvent } from './events.ts';
import { verify } from './hmac.ts';
import { readNotification } from './notification.ts';

export function parseNotification(rawBody: string, key: Buffer, merchantAccount: string): WebhookVerdict {
  const read = readNotification(rawBody);
  if (!read.ok) return { kind: 'rejected', reason: 'malformed', message: read.message };

  for (const [i, item] of read.items.entries()) {
    const signature = item.additionalData.hmacSignature;
    if (typeof signature !== 'string' || signature === '') {
      return { kind: 'rejected', reason: 'bad_signature', message: `notificationItems[${i}] (${item.eventCode} ${item.pspReference}) is not signed` };
    }
    if (!verify(item, signature, key)) {
      return { kind: 'rejected', reason: 'bad_signature', message: `notificationItems[${i}] (${item.eventCode} ${item.pspReference}): HMAC signature does not match` };
    }
  }

  const events: ProviderEvent[] = [];
  for (const [i, item] of read.items.entries()) {
    if (item.merchantAccountCode !== merchantAccount) continue;
    const mapped = toProviderEvent(item);
    if (!mapped.ok) return { kind: 'rejected', reason: 'malformed', message: `notificationItems[${i}]: ${mapped.message}` };
    if (mapped.event) events.push(mapped.event);
  }
  return { kind: 'ok', events };
}
