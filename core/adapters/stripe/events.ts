// Stripe events reduced to what the core acts on. Every type the simulator emits is listed here,
// mapped or ignored on purpose (README.md explains each choice); any other type is ignored.
import type { ProviderEvent, ProviderEventType } from '../types.ts';
import { idOf, int, obj, str, type JsonObject } from './json.ts';

export type EventMapping = { ok: true; events: ProviderEvent[] } | { ok: false; message: string };

interface StripeEvent {
  id: string;
  type: string;
  occurredAt: number;
  object: JsonObject;
}

type Mapper = (event: StripeEvent) => EventMapping;

const ignore: Mapper = () => ({ ok: true, events: [] });

const MAPPERS = new Map<string, Mapper>(Object.entries({
  'payment_intent.amount_capturable_updated': (e) => intentEvent(e, 'authorized', { amount: int(e.object, 'amount_capturable') }),
  'payment_intent.succeeded': capturedIntent,
  'payment_intent.payment_failed': (e) => {
    const error = obj(e.object, 'last_payment_error');
    return intentEvent(e, 'authorization_failed', { reason: str(error, 'decline_code') ?? str(error, 'code') });
  },
  'payment_intent.canceled': (e) => intentEvent(e, 'voided', { providerReference: str(e.object, 'id') }),
  // Refunds one by one: the refund id dedupes partial refunds, its amount is this refund's.
  'refund.created': refundEvent,
  'refund.updated': refundEvent,
  'refund.failed': refundEvent,
  'charge.refund.updated': refundEvent,
  'charge.dispute.created': disputeEvent,
  // Ignored on purpose: the payment_intent.* events carry the same facts with the intent's id.
  'payment_intent.created': ignore,
  'charge.succeeded': ignore,
  'charge.failed': ignore,
  'charge.captured': ignore,
  // Ignored on purpose: only the cumulative `amount_refunded`, no refund id, so two partial
  // refunds cannot be told from one redelivered; refund.created says it per refund.
  'charge.refunded': ignore,
} satisfies Record<string, Mapper>));

/** Every Stripe event type this adapter decided on (mapped or deliberately ignored). */
export const HANDLED_EVENT_TYPES: readonly string[] = [...MAPPERS.keys()];

/** Maps a parsed event body; `ok: false` when it is not a Stripe event or lacks what its type needs. */
export function mapStripeEvent(body: JsonObject): EventMapping {
  const id = str(body, 'id');
  const type = str(body, 'type');
  const created = int(body, 'created');
  const object = obj(obj(body, 'data'), 'object');
  if (id === undefined || type === undefined || created === undefined || object === undefined) {
    return { ok: false, message: 'not a Stripe event: id, type, created and data.object are required' };
  }
  const mapper = MAPPERS.get(type) ?? ignore;
  return mapper({ id, type, occurredAt: created * 1000, object });
}

interface Extra {
  amount?: number | undefined;
  reason?: string | undefined;
  providerReference?: string | undefined;
  operationId?: string | undefined;
}

/**
 * `metadata[operation_id]`: set by capture (on the intent) and refund (on the Refund). Read only
 * for the events about those operations; the intent keeps the capture's id afterwards, which
 * would be wrong on any other event about it.
 */
function operationIdOf(object: JsonObject): string | undefined {
  return str(obj(object, 'metadata'), 'operation_id') || undefined;
}

/** An event about a PaymentIntent (`data.object` is the intent). */
function intentEvent(e: StripeEvent, type: ProviderEventType, extra: Extra, eventId = e.id): EventMapping {
  const providerPaymentId = str(e.object, 'id');
  if (str(e.object, 'object') !== 'payment_intent' || providerPaymentId === undefined) {
    return { ok: false, message: `${e.type} ${e.id}: data.object is not a PaymentIntent` };
  }
  return { ok: true, events: [build(e, eventId, type, providerPaymentId, extra)] };
}

/**
 * The intent is captured. With automatic capture this is also its authorization (Stripe sends no
 * amount_capturable_updated then), so an `authorized` event comes first, its id derived from the
 * Stripe event's: `evt_…:authorized`, stable across redeliveries.
 */
function capturedIntent(e: StripeEvent): EventMapping {
  const captured = intentEvent(e, 'captured', {
    amount: int(e.object, 'amount_received'),
    providerReference: idOf(e.object, 'latest_charge') ?? str(e.object, 'id'),
    operationId: operationIdOf(e.object),
  });
  if (!captured.ok) return captured;
  const method = str(e.object, 'capture_method');
  if (method !== 'automatic' && method !== 'automatic_async') return captured;
  const authorized = intentEvent(e, 'authorized', { amount: int(e.object, 'amount') }, `${e.id}:authorized`);
  if (!authorized.ok) return authorized;
  return { ok: true, events: [...authorized.events, ...captured.events] };
}

/** A Refund: `refunded` once it succeeded, `refund_failed` when it failed, nothing while pending. */
function refundEvent(e: StripeEvent): EventMapping {
  const refundId = str(e.object, 'id');
  if (str(e.object, 'object') !== 'refund' || refundId === undefined) return { ok: false, message: `${e.type} ${e.id}: data.object is not a Refund` };
  const providerPaymentId = idOf(e.object, 'payment_intent');
  // A refund of a charge made without a PaymentIntent is not one of the core's payments.
  if (providerPaymentId === undefined) return { ok: true, events: [] };
  const status = str(e.object, 'status');
  const type: ProviderEventType | undefined = status === 'succeeded' ? 'refunded' : status === 'failed' || status === 'canceled' ? 'refund_failed' : undefined;
  if (type === undefined) return { ok: true, events: [] };
  const reason = type === 'refund_failed' ? (str(e.object, 'failure_reason') ?? status) : undefined;
  return {
    ok: true,
    events: [build(e, e.id, type, providerPaymentId, { amount: int(e.object, 'amount'), providerReference: refundId, reason, operationId: operationIdOf(e.object) })],
  };
}

function disputeEvent(e: StripeEvent): EventMapping {
  const disputeId = str(e.object, 'id');
  if (str(e.object, 'object') !== 'dispute' || disputeId === undefined) return { ok: false, message: `${e.type} ${e.id}: data.object is not a Dispute` };
  const providerPaymentId = idOf(e.object, 'payment_intent');
  if (providerPaymentId === undefined) return { ok: true, events: [] };
  return { ok: true, events: [build(e, e.id, 'disputed', providerPaymentId, { amount: int(e.object, 'amount'), providerReference: disputeId, reason: str(e.object, 'reason') })] };
}

function build(e: StripeEvent, eventId: string, type: ProviderEventType, providerPaymentId: string, extra: Extra): ProviderEvent {
  const paymentId = str(obj(e.object, 'metadata'), 'payment_id');
  const currency = str(e.object, 'currency');
  return {
    eventId,
    type,
    providerPaymentId,
    occurredAt: e.occurredAt,
    ...(extra.providerReference !== undefined ? { providerReference: extra.providerReference } : {}),
    ...(paymentId ? { paymentId } : {}),
    ...(extra.operationId !== undefined ? { operationId: extra.operationId } : {}),
    ...(extra.amount !== undefined ? { amount: extra.amount } : {}),
    ...(currency !== undefined ? { currency: currency.toUpperCase() } : {}),
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
  };
}
