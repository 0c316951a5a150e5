// Stripe's objects read into the core's outcomes. A 2xx whose body is not the object the call
// returns (no id, wrong `object`, no amount) is an unreadable answer: `indeterminate`, since the
// call may well have moved money.
import type { AuthorizeOutcome, ModificationOutcome, ProviderPaymentView, ProviderResult } from '../types.ts';
import { indeterminate } from './classify.ts';
import { idOf, int, obj, str, type JsonObject } from './json.ts';

type Intent = JsonObject & { id: string; amount: number; status: string; currency: string };

/** The body as a PaymentIntent, or `undefined` when it does not look like one. */
export function readIntent(body: JsonObject): Intent | undefined {
  const id = str(body, 'id');
  const amount = int(body, 'amount');
  const status = str(body, 'status');
  const currency = str(body, 'currency');
  if (str(body, 'object') !== 'payment_intent' || id === undefined || amount === undefined || status === undefined || currency === undefined) return undefined;
  return { ...body, id, amount, status, currency };
}

function notA(kind: string, what: string): ProviderResult<never> {
  return indeterminate(`${what}: 2xx answer is not a ${kind}`);
}

/** A confirmed PaymentIntent: held (`requires_capture`) or captured at once (`succeeded`). */
export function authorizeOutcome(body: JsonObject): ProviderResult<AuthorizeOutcome> {
  const pi = readIntent(body);
  if (!pi) return notA('PaymentIntent', 'authorize');
  const captured = int(pi, 'amount_received') ?? 0;
  switch (pi.status) {
    case 'requires_capture':
      return { kind: 'ok', value: { providerPaymentId: pi.id, status: 'authorized', amountAuthorized: pi.amount, amountCaptured: 0 } };
    case 'succeeded':
      return { kind: 'ok', value: { providerPaymentId: pi.id, status: 'captured', amountAuthorized: pi.amount, amountCaptured: captured } };
    case 'requires_payment_method': {
      // Stripe answers a decline with a 402; a 200 back at `requires_payment_method` still
      // carries the decline in `last_payment_error`.
      const error = obj(pi, 'last_payment_error');
      if (error) {
        return {
          kind: 'declined',
          code: str(error, 'decline_code') ?? str(error, 'code') ?? 'card_declined',
          message: str(error, 'message') ?? 'declined',
          providerPaymentId: pi.id,
        };
      }
      return indeterminate(`authorize: PaymentIntent ${pi.id} is requires_payment_method without a payment error`);
    }
    default:
      // requires_action (3DS), processing, ...: neither held nor refused yet. The contract has no
      // `pending` authorization, so the core must resolve it (retrieve / webhook) like a timeout.
      return indeterminate(`authorize: PaymentIntent ${pi.id} is ${pi.status}, not yet authorized or declined`);
  }
}

/** A captured PaymentIntent: the capture's reference is its charge. */
export function captureOutcome(body: JsonObject): ProviderResult<ModificationOutcome> {
  const pi = readIntent(body);
  if (!pi) return notA('PaymentIntent', 'capture');
  return { kind: 'ok', value: { providerReference: idOf(pi, 'latest_charge') ?? pi.id, status: 'succeeded' } };
}

/** A canceled PaymentIntent: the cancel has no object of its own, its reference is the intent. */
export function voidOutcome(body: JsonObject): ProviderResult<ModificationOutcome> {
  const pi = readIntent(body);
  if (!pi) return notA('PaymentIntent', 'void');
  return { kind: 'ok', value: { providerReference: pi.id, status: 'succeeded' } };
}

/** A Refund: done (`succeeded`), on its way (`pending`, `requires_action`), or refused. */
export function refundOutcome(body: JsonObject): ProviderResult<ModificationOutcome> {
  const id = str(body, 'id');
  if (str(body, 'object') !== 'refund' || id === undefined) return notA('Refund', 'refund');
  const status = str(body, 'status');
  if (status === 'succeeded') return { kind: 'ok', value: { providerReference: id, status: 'succeeded' } };
  if (status === 'failed' || status === 'canceled') {
    return { kind: 'declined', code: str(body, 'failure_reason') ?? `refund_${status}`, message: `Refund ${id} ${status}` };
  }
  // pending, requires_action or a status this adapter does not know: the outcome comes by webhook.
  return { kind: 'ok', value: { providerReference: id, status: 'pending' } };
}

const VIEW_STATUS: Record<string, ProviderPaymentView['status']> = {
  requires_capture: 'authorized',
  succeeded: 'captured',
  canceled: 'voided',
  requires_payment_method: 'declined',
};

/**
 * The PaymentIntent with `latest_charge` expanded. Authorized amount: the intent's amount once a
 * charge succeeded (also after a cancel), else 0. Refunded: the charge's `amount_refunded`.
 */
export function paymentView(body: JsonObject): ProviderResult<ProviderPaymentView> {
  const pi = readIntent(body);
  if (!pi) return notA('PaymentIntent', 'retrieve');
  const charge = obj(pi, 'latest_charge');
  const everAuthorized = pi.status === 'requires_capture' || pi.status === 'succeeded' || str(charge, 'status') === 'succeeded';
  return {
    kind: 'ok',
    value: {
      providerPaymentId: pi.id,
      // Own keys only: a status such as `constructor` must not find Object.prototype's.
      status: (Object.hasOwn(VIEW_STATUS, pi.status) ? VIEW_STATUS[pi.status] : undefined) ?? 'pending',
      amountAuthorized: everAuthorized ? pi.amount : 0,
      amountCaptured: int(pi, 'amount_received') ?? 0,
      amountRefunded: int(charge, 'amount_refunded') ?? 0,
      currency: pi.currency.toUpperCase(),
    },
  };
}
