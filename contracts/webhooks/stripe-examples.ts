// The Stripe events the core's webhook inbox consumes, as the consumer states them in the pact:
// only the fields the core reads (events.ts of the Stripe adapter), exact where the core decides
// on the value (event type, object kind, capture method, refund status), matched by type or
// pattern where Stripe mints or varies it (ids, amounts, times, reasons). The provider may send
// anything more. Example values are fixed so the pact file is byte-stable.
import { MatchersV3 } from '@pact-foundation/pact';
import type { StripeMessage } from './descriptions.ts';

const { equal, integer, regex, string } = MatchersV3;

/** Every example event's `created`, and the signature time: 2026-11-25T12:00:00Z. */
export const EXAMPLE_TIME_S = 1_795_608_000;

export const EXAMPLE = {
  paymentId: 'pay_contract_0001',
  operationId: 'op_contract_0001',
  intent: 'pi_ContractExample0001',
  charge: 'ch_ContractExample0001',
  refund: 're_ContractExample0001',
  dispute: 'dp_ContractExample0001',
  amount: 2500,
  refunded: 1000,
} as const;

const id = (prefix: string, example: string) => regex(`^${prefix}_[A-Za-z0-9]+$`, example);
const currency = regex('^[a-z]{3}$', 'eur');

function event(type: string, eventId: string, object: Record<string, unknown>) {
  return { id: id('evt', eventId), type: equal(type), created: integer(EXAMPLE_TIME_S), data: { object } };
}

/** The PaymentIntent fields every intent event needs: its id, kind, currency and the core's payment id. */
function intent(more: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return {
    id: id('pi', EXAMPLE.intent),
    object: equal('payment_intent'),
    currency,
    metadata: { payment_id: string(EXAMPLE.paymentId), ...metadata },
    ...more,
  };
}

export const STRIPE_EXAMPLES: Record<StripeMessage, Record<string, unknown>> = {
  authorized: event('payment_intent.amount_capturable_updated', 'evt_ContractAuthorized01', intent({ amount_capturable: integer(EXAMPLE.amount) })),
  captured: event(
    'payment_intent.succeeded',
    'evt_ContractCaptured0001',
    intent(
      { capture_method: equal('manual'), amount_received: integer(EXAMPLE.amount), latest_charge: id('ch', EXAMPLE.charge) },
      { operation_id: string(EXAMPLE.operationId) },
    ),
  ),
  capturedAutomatically: event(
    'payment_intent.succeeded',
    'evt_ContractAutoCapture01',
    // Stripe's default is automatic_async; the core treats both as authorised-and-captured.
    intent({ capture_method: regex('^automatic(_async)?$', 'automatic'), amount: integer(EXAMPLE.amount), amount_received: integer(EXAMPLE.amount), latest_charge: id('ch', EXAMPLE.charge) }),
  ),
  declined: event(
    'payment_intent.payment_failed',
    'evt_ContractDeclined0001',
    intent({ last_payment_error: { code: string('card_declined'), decline_code: string('insufficient_funds') } }),
  ),
  canceled: event('payment_intent.canceled', 'evt_ContractCanceled0001', intent({})),
  refunded: event('refund.created', 'evt_ContractRefunded0001', {
    id: id('re', EXAMPLE.refund),
    object: equal('refund'),
    amount: integer(EXAMPLE.refunded),
    currency,
    payment_intent: id('pi', EXAMPLE.intent),
    status: equal('succeeded'),
    metadata: { payment_id: string(EXAMPLE.paymentId), operation_id: string(EXAMPLE.operationId) },
  }),
  disputed: event('charge.dispute.created', 'evt_ContractDisputed0001', {
    id: id('dp', EXAMPLE.dispute),
    object: equal('dispute'),
    amount: integer(EXAMPLE.amount),
    currency,
    payment_intent: id('pi', EXAMPLE.intent),
    reason: string('fraudulent'),
  }),
};
