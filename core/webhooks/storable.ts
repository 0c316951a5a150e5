// What of a verified provider event Postgres can hold. Text columns cannot store U+0000, and a
// lone UTF-16 surrogate is silently turned into U+FFFD on the way in (so two different ids could
// become one). A signed event is still only as good as its fields:
// - identifiers the inbox keys and matches on (event id, provider payment id, provider reference,
//   currency) that cannot be stored as they are name nothing the core could ever have stored: the
//   delivery is refused at the edge as malformed (400), before anything is written;
// - hints the provider echoes from free text (Adyen's merchantReference, which a Customer Area user
//   may type) are dropped when unusable: the event is then located by the provider's own ids;
// - the failure reason, kept only as text, is made storable.
import type { ProviderEvent } from '../adapters/types.ts';

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

const IDENTIFIERS = ['eventId', 'providerPaymentId', 'providerReference', 'currency'] as const;
const HINTS = ['paymentId', 'operationId'] as const;

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** `text` with each NUL and lone surrogate replaced by U+FFFD: for free text kept only to be read. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, '\uFFFD');
}

export type StorableEvent = { ok: true; event: ProviderEvent } | { ok: false; message: string };

export function storableEvent(event: ProviderEvent): StorableEvent {
  for (const field of IDENTIFIERS) {
    const value = event[field];
    if (value !== undefined && !isStorable(value)) return { ok: false, message: `${field} holds U+0000 or a lone surrogate, which no stored id can hold` };
  }
  const out: ProviderEvent = { ...event };
  for (const field of HINTS) {
    const value = out[field];
    if (value !== undefined && !isStorable(value)) delete out[field];
  }
  if (out.reason !== undefined) out.reason = storableText(out.reason);
  return { ok: true, event: out };
}
