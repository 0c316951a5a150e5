// The shape of Adyen's standard notification ("webhook"), read strictly: a body that is not
// `{live, notificationItems: [{NotificationRequestItem: {...}}, ...]}` with the fields the
// signature and the core need is malformed, and nothing in it is used.

export interface NotificationItem {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  /** Empty when absent (it is signed as the empty string). */
  merchantReference: string;
  amount: { value: number; currency: string };
  eventCode: string;
  /** Adyen's eventDate, ms since epoch. */
  eventDateMs: number;
  success: 'true' | 'false';
  reason?: string;
  additionalData: Record<string, unknown>;
}

export type ReadNotification = { ok: true; items: NotificationItem[] } | { ok: false; message: string };

export function readNotification(rawBody: string): ReadNotification {
  let body: unknown;
  try {
    body = JSON.parse(rawBody) as unknown;
  } catch {
    return { ok: false, message: 'body is not JSON' };
  }
  if (!isObject(body)) return { ok: false, message: 'body is not a JSON object' };
  const list = body.notificationItems;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, message: 'notificationItems is not a non-empty array' };
  const items: NotificationItem[] = [];
  for (const [i, entry] of list.entries()) {
    const raw = isObject(entry) ? entry.NotificationRequestItem : undefined;
    const item = isObject(raw) ? readItem(raw) : 'not an object with NotificationRequestItem';
    if (typeof item === 'string') return { ok: false, message: `notificationItems[${i}]: ${item}` };
    items.push(item);
  }
  return { ok: true, items };
}

function readItem(o: Record<string, unknown>): NotificationItem | string {
  const { pspReference, originalReference, merchantAccountCode, merchantReference, amount, eventCode, eventDate, success, reason, additionalData } = o;
  if (typeof pspReference !== 'string' || pspReference === '') return 'pspReference missing';
  if (typeof eventCode !== 'string' || eventCode === '') return 'eventCode missing';
  if (success !== 'true' && success !== 'false') return 'success is not "true" or "false"';
  if (typeof merchantAccountCode !== 'string' || merchantAccountCode === '') return 'merchantAccountCode missing';
  if (merchantReference !== undefined && typeof merchantReference !== 'string') return 'merchantReference is not a string';
  if (originalReference !== undefined && typeof originalReference !== 'string') return 'originalReference is not a string';
  if (reason !== undefined && typeof reason !== 'string') return 'reason is not a string';
  if (!isObject(amount) || !Number.isSafeInteger(amount.value) || (amount.value as number) < 0 || typeof amount.currency !== 'string') {
    return 'amount is not {value: integer, currency}';
  }
  const eventDateMs = typeof eventDate === 'string' ? Date.parse(eventDate) : NaN;
  if (Number.isNaN(eventDateMs)) return 'eventDate missing or not a date';
  if (additionalData !== undefined && !isObject(additionalData)) return 'additionalData is not an object';
  return {
    pspReference,
    ...(originalReference !== undefined && originalReference !== '' ? { originalReference } : {}),
    merchantAccountCode,
    merchantReference: merchantReference ?? '',
    amount: { value: amount.value as number, currency: amount.currency },
    eventCode,
    eventDateMs,
    success,
    ...(reason !== undefined ? { reason } : {}),
    additionalData: additionalData ?? {},
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
