// Stripe Event objects: recorded and queued for webhook endpoints through the kernel's
// dispatcher, and readable over `GET /v1/events`.
import { seconds, type Dialect, type Handler } from './context.ts';
import { noSuch } from './errors.ts';
import { inRange, listParams, paginate } from './pagination.ts';
import { get, type Schema } from './params.ts';
import { STRIPE_API_VERSION } from './policy.ts';

/** The request that caused an event; both null for events the simulator raises by itself. */
export interface EventCause {
  requestId: string | null;
  idempotencyKey?: string | undefined;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export function emitEvent(d: Dialect, cause: EventCause, type: string, object: unknown): StripeEvent {
  const { kernel } = d;
  const now = kernel.now();
  const pending = kernel.webhooks.subscriberCount(type);
  const event: StripeEvent = {
    id: kernel.id('evt_'),
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: seconds(now),
    // A snapshot: every caller passes a tree its serializer built fresh for this event (no record
    // object is shared), so later changes to the records do not reach it. A JSON round trip here
    // to make sure cost a seventh of a create+confirm's CPU; events.test.ts holds the snapshot.
    data: { object },
    livemode: false,
    pending_webhooks: pending,
    request: { id: cause.requestId, idempotency_key: cause.idempotencyKey ?? null },
    type,
  };
  kernel.webhooks.emit({ id: event.id, type, createdAt: now, payload: event });
  return event;
}

function asEvent(payload: unknown): StripeEvent {
  return payload as StripeEvent;
}

export const EVENTS_RETRIEVE: Schema = {};

export const retrieveEvent: Handler = (ctx, _params, path) => {
  const event = ctx.dialect.kernel.webhooks.event(path.id!);
  if (!event) throw noSuch('event', path.id!, 'id');
  return { status: 200, body: asEvent(event.payload) };
};

export const EVENTS_LIST: Schema = listParams({
  type: { kind: 'string', maxLength: 255 },
  types: { kind: 'strings', maxItems: 20 },
  delivery_success: { kind: 'boolean' },
});

export const listEvents: Handler = (ctx, params) => {
  const type = get.str(params, 'type');
  const types = get.list(params, 'types');
  const created = get.range(params, 'created');
  const events = ctx.dialect.kernel.webhooks
    .listEvents()
    .reverse()
    .filter((e) => (type === undefined || matchesType(type, e.type)) && (types.length === 0 || types.includes(e.type)) && inRange(e.createdAt, created));
  return { status: 200, body: paginate(events, (e) => e.id, params, '/v1/events', 'event', (e) => asEvent(e.payload)) };
};

/** `type` takes one `*` wildcard, as Stripe's does (`charge.*`). */
function matchesType(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const [head, tail] = pattern.split('*', 2) as [string, string];
  return type.startsWith(head) && type.endsWith(tail) && type.length >= head.length + tail.length;
}
