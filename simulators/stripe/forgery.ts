// Forged Stripe webhooks that lie (the `forge` webhook fault): built from a genuine event, so the
// lie is about a payment the receiver knows, and signed so that it must not verify. A receiver
// that skips verification is fooled in a way the ledger can see: a capture or refund that never
// happened, a changed amount, or an event about a payment that does not exist.
import type { Forgery } from '../kernel/index.ts';
import type { StripeEvent } from './events.ts';

type Json = Record<string, unknown>;

/** The forged event: the genuine one when the lie is `none`. `tag` makes the forged ids unique. */
export function forgeStripeEvent(event: StripeEvent, lie: Forgery['lie'], tag: string): StripeEvent {
  const object = event.data.object as Json;
  const intentId = intentIdOf(object);
  const amount = typeof object.amount === 'number' ? object.amount : 0;
  const currency = typeof object.currency === 'string' ? object.currency : 'usd';
  const forgedEvent = (type: string, obj: Json): StripeEvent => ({ ...event, id: `evt_forged_${tag}`, type, data: { object: obj }, request: { id: null, idempotency_key: null } });
  switch (lie) {
    case 'none':
      return event;
    case 'capture': {
      // The intent, captured in full: `payment_intent.succeeded`, whatever really happened.
      const base: Json = object.object === 'payment_intent' ? structuredClone(object) : { id: intentId, object: 'payment_intent', amount, currency, capture_method: 'manual', metadata: {} };
      return forgedEvent('payment_intent.succeeded', {
        ...base,
        status: 'succeeded',
        amount_received: base.amount,
        amount_capturable: 0,
        latest_charge: `ch_forged_${tag}`,
      });
    }
    case 'refund':
      // A Refund of the whole amount that the PSP never made.
      return forgedEvent('refund.created', {
        id: `re_forged_${tag}`,
        object: 'refund',
        amount,
        currency,
        charge: `ch_forged_${tag}`,
        payment_intent: intentId,
        status: 'succeeded',
        metadata: {},
        created: event.created,
      });
    case 'amount':
      // The genuine event id and type with its amounts changed: a tampered copy, sent first.
      return { ...event, data: { object: changeAmounts(object) } };
    case 'unknown_payment': {
      // The same event about a payment that does not exist: every mention of the intent replaced.
      const obj = replaceString(structuredClone(object), intentId, `pi_forged_${tag}`) as Json;
      if (obj.object === 'payment_intent') obj.id = `pi_forged_${tag}`;
      if (isObject(obj.metadata)) delete obj.metadata.payment_id;
      return { ...event, id: `evt_forged_${tag}`, data: { object: obj } };
    }
  }
}

/** The PaymentIntent an event's object is, or belongs to. */
function intentIdOf(object: Json): string {
  if (object.object === 'payment_intent' && typeof object.id === 'string') return object.id;
  const pi = object.payment_intent;
  if (typeof pi === 'string') return pi;
  if (isObject(pi) && typeof pi.id === 'string') return pi.id;
  return 'pi_unknown';
}

/** Every top-level amount field doubled (a zero one becomes 100): the forger claims other money. */
function changeAmounts(object: Json): Json {
  const out = structuredClone(object);
  for (const [key, value] of Object.entries(out)) {
    if ((key === 'amount' || key.startsWith('amount_')) && typeof value === 'number') out[key] = value > 0 ? value * 2 : 100;
  }
  return out;
}

function replaceString(value: unknown, from: string, to: string): unknown {
  // Substrings too: a client_secret embeds the intent's id.
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((v) => replaceString(v, from, to));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceString(v, from, to)]));
  return value;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
