// /v1/payment_intents: create (optionally confirming), confirm, capture (full or partial; a
// partial capture releases the rest, as Stripe's single capture does), cancel, retrieve, list.
import type { Handler, RequestContext } from './context.ts';
import { StripeApiError, apiError, invalidRequest, noSuch, unexpectedState } from './errors.ts';
import { emitEvent } from './events.ts';
import { inRange, itemExpand, listParams, paginate } from './pagination.ts';
import { get, type Params, type Schema } from './params.ts';
import { attemptPayment, cause, movement } from './payment-attempt.ts';
import { testCard, type TestCard } from './payment-methods.ts';
import { chargeObject, intentObject } from './serializers.ts';
import type { CaptureMethod, IntentRecord } from './store.ts';

const EXPANDABLE = ['latest_charge', 'payment_method'] as const;
const expandField = { kind: 'expand', allowed: EXPANDABLE } as const;
const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation'];

export const CREATE: Schema = {
  amount: { kind: 'amount', required: true },
  currency: { kind: 'currency', required: true },
  confirm: { kind: 'boolean' },
  capture_method: { kind: 'enum', values: CAPTURE_METHODS },
  payment_method: { kind: 'string', maxLength: 255 },
  payment_method_types: { kind: 'strings', maxItems: 1, pattern: /^card$/ },
  automatic_payment_methods: { kind: 'hash', fields: { enabled: { kind: 'boolean' }, allow_redirects: { kind: 'enum', values: ['always', 'never'] } } },
  description: { kind: 'string', maxLength: 1000 },
  metadata: { kind: 'metadata' },
  return_url: { kind: 'string', maxLength: 2048 },
  expand: expandField,
};

export const RETRIEVE: Schema = { expand: expandField, client_secret: { kind: 'string', maxLength: 255 } };

export const LIST: Schema = listParams({}, EXPANDABLE);

export const CONFIRM: Schema = {
  payment_method: { kind: 'string', maxLength: 255 },
  capture_method: { kind: 'enum', values: CAPTURE_METHODS },
  return_url: { kind: 'string', maxLength: 2048 },
  expand: expandField,
};

export const CAPTURE: Schema = {
  amount_to_capture: { kind: 'amount' },
  metadata: { kind: 'metadata' },
  expand: expandField,
};

export const CANCEL: Schema = {
  cancellation_reason: { kind: 'enum', values: ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] },
  expand: expandField,
};

function expandOf(params: Params): Set<string> {
  return new Set(get.list(params, 'expand'));
}

function requireIntent(ctx: RequestContext, id: string): IntentRecord {
  const pi = ctx.dialect.state.intent(id);
  if (!pi) throw noSuch('payment_intent', id, 'intent');
  return pi;
}

function requireCard(id: string): TestCard {
  const card = testCard(id);
  if (!card) throw noSuch('PaymentMethod', id, 'payment_method', 400);
  return card;
}

/**
 * The answer: `pi` rendered with the `expand` asked for. `latest` is `pi` as the handler's last
 * event rendered it, after every change: without `expand` it is the answer already, so it is sent
 * as it is (an event's object is never changed after it is emitted, and the answer is only
 * serialised), one rendering fewer per request.
 */
function ok(ctx: RequestContext, pi: IntentRecord, params: Params, latest?: Record<string, unknown>) {
  if (latest !== undefined && get.list(params, 'expand').length === 0) return { status: 200, body: latest };
  return { status: 200, body: intentObject(ctx.dialect, pi, expandOf(params)) };
}

export const createIntent: Handler = (ctx, params) => {
  const { kernel, state } = ctx.dialect;
  const pmId = get.str(params, 'payment_method');
  const card = pmId ? requireCard(pmId) : undefined;
  const confirm = get.bool(params, 'confirm') ?? false;
  if (confirm && !card) {
    throw invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method. Pass `payment_method` with `confirm=true`.", {
      param: 'payment_method',
      code: 'parameter_missing',
    });
  }
  if (kernel.payments.isFull()) throw new StripeApiError(503, apiError(`The simulator holds its maximum of ${kernel.payments.maxPayments} payments; reset it.`));
  const metadata = get.meta(params, 'metadata') ?? {};
  const id = kernel.id('pi_');
  const now = kernel.now();
  // The merchant's reference for the checker: `metadata[reference]` only. `description` is free
  // text (often the same for many payments), so it would correlate payments that are unrelated.
  const reference = metadata.reference;
  const payment = kernel.payments.create({ id, amount: get.num(params, 'amount')!, currency: get.str(params, 'currency')!, at: now, ...(reference ? { reference } : {}) });
  const pi: IntentRecord = {
    id,
    created: now,
    amount: payment.amount,
    currency: payment.currency,
    captureMethod: (get.str(params, 'capture_method') as CaptureMethod | undefined) ?? 'automatic',
    status: card ? 'requires_confirmation' : 'requires_payment_method',
    paymentMethod: card?.id ?? null,
    paymentMethodTypes: ['card'],
    description: get.str(params, 'description') || null,
    metadata,
    clientSecret: `${id}_secret_${kernel.id('', 25)}`,
    latestChargeId: null,
    lastPaymentError: null,
    canceledAt: null,
    cancellationReason: null,
    chargeIds: [],
    payment,
  };
  state.intents.set(id, pi);
  const created = intentObject(ctx.dialect, pi);
  emitEvent(ctx.dialect, cause(ctx), 'payment_intent.created', created);
  const latest = confirm && card ? attemptPayment(ctx, pi, card) : created;
  return ok(ctx, pi, params, latest);
};

export const retrieveIntent: Handler = (ctx, params, path) => ok(ctx, requireIntent(ctx, path.id!), params);

export const listIntents: Handler = (ctx, params) => {
  const created = get.range(params, 'created');
  const items = ctx.dialect.state.listIntents().filter((pi) => inRange(pi.created, created));
  const expand = itemExpand(params);
  return { status: 200, body: paginate(items, (pi) => pi.id, params, '/v1/payment_intents', 'payment_intent', (pi) => intentObject(ctx.dialect, pi, expand)) };
};

export const confirmIntent: Handler = (ctx, params, path) => {
  const pi = requireIntent(ctx, path.id!);
  const pmId = get.str(params, 'payment_method');
  const given = pmId ? requireCard(pmId) : undefined;
  if (!CONFIRMABLE.includes(pi.status)) {
    throw unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, intentObject(ctx.dialect, pi));
  }
  const card = given ?? (pi.paymentMethod ? testCard(pi.paymentMethod) : undefined);
  if (!card) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      intentObject(ctx.dialect, pi),
    );
  }
  const captureMethod = get.str(params, 'capture_method') as CaptureMethod | undefined;
  if (captureMethod) pi.captureMethod = captureMethod;
  pi.paymentMethod = card.id;
  return ok(ctx, pi, params, attemptPayment(ctx, pi, card));
};

export const captureIntent: Handler = (ctx, params, path) => {
  const d = ctx.dialect;
  const pi = requireIntent(ctx, path.id!);
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      intentObject(d, pi),
    );
  }
  const capturable = d.kernel.payments.capturable(pi.payment);
  const amount = get.num(params, 'amount_to_capture') ?? capturable;
  if (amount > capturable) {
    throw invalidRequest(`The amount to capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${capturable}).`, {
      param: 'amount_to_capture',
      code: 'amount_too_large',
      phase: 'execution',
    });
  }
  const charge = d.state.successfulCharge(pi);
  if (!charge) throw new Error(`PaymentIntent ${pi.id} requires capture but has no successful charge`);
  const txn = d.kernel.id('txn_');
  const result = d.kernel.payments.capture(pi.id, amount, movement(ctx, txn), { final: true });
  if (!result.ok) throw new Error(`kernel refused the capture of ${pi.id}: ${result.refusal.code}`);
  charge.captured = true;
  charge.balanceTransaction = txn;
  const metadata = get.meta(params, 'metadata');
  if (metadata) pi.metadata = { ...pi.metadata, ...metadata };
  pi.status = 'succeeded';
  emitEvent(d, cause(ctx), 'charge.captured', chargeObject(d, charge));
  const rendered = intentObject(d, pi);
  emitEvent(d, cause(ctx), 'payment_intent.succeeded', rendered);
  return ok(ctx, pi, params, rendered);
};

export const cancelIntent: Handler = (ctx, params, path) => {
  const d = ctx.dialect;
  const pi = requireIntent(ctx, path.id!);
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      intentObject(d, pi),
    );
  }
  if (pi.status === 'requires_capture') {
    // The held authorization is released: a void in the ledger.
    const result = d.kernel.payments.void(pi.id, movement(ctx, pi.latestChargeId ?? pi.id));
    if (!result.ok) throw new Error(`kernel refused to void ${pi.id}: ${result.refusal.code}`);
  }
  pi.status = 'canceled';
  pi.canceledAt = d.kernel.now();
  pi.cancellationReason = get.str(params, 'cancellation_reason') ?? null;
  const rendered = intentObject(d, pi);
  emitEvent(d, cause(ctx), 'payment_intent.canceled', rendered);
  return ok(ctx, pi, params, rendered);
};
