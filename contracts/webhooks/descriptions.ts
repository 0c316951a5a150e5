// The message descriptions: the pact's interaction names, shared by the consumer tests that write
// them and the message providers that must produce each one. Typed records on both sides make a
// description without a test or without a producer a compile error, not a silent gap.
//
// One message per event the core maps AND the simulators send. Left out on purpose:
//   Stripe refund.updated / refund.failed / charge.refund.updated (mapped, never sent by the
//   simulator: its refunds succeed at once), charge.refunded (sent, deliberately ignored by the core);
//   Adyen CAPTURE_FAILED / REFUND_FAILED / REFUNDED_REVERSED / SECOND_CHARGEBACK (mapped, never
//   sent: the simulator decides modifications at request time and says so with success "false").
// A pact for a message the provider cannot produce would fail every verification.

export const STRIPE_MESSAGES = {
  authorized: 'a payment_intent.amount_capturable_updated event for a card held for manual capture',
  captured: 'a payment_intent.succeeded event for a manual capture',
  capturedAutomatically: 'a payment_intent.succeeded event for an automatic capture',
  declined: 'a payment_intent.payment_failed event for a card declined for insufficient funds',
  canceled: 'a payment_intent.canceled event for a released authorisation',
  refunded: 'a refund.created event for a partial refund',
  disputed: 'a charge.dispute.created event for a captured payment',
} as const;

export const ADYEN_MESSAGES = {
  authorised: 'an AUTHORISATION notification for an authorised card payment',
  refused: 'an AUTHORISATION notification for a card refused for insufficient balance',
  captured: 'a CAPTURE notification for a successful capture',
  captureFailed: 'a CAPTURE notification for a capture above the authorisation',
  refunded: 'a REFUND notification for a successful refund',
  refundFailed: 'a REFUND notification for a refund above what was captured',
  cancelled: 'a CANCELLATION notification for a released authorisation',
  cancelFailed: 'a CANCELLATION notification for a cancel after capture',
  reversedByCancel: 'a CANCEL_OR_REFUND notification that cancelled an uncaptured payment',
  reversedByRefund: 'a CANCEL_OR_REFUND notification that refunded a captured payment',
  chargeback: 'a CHARGEBACK notification for a captured payment',
} as const;

export type StripeMessage = keyof typeof STRIPE_MESSAGES;
export type AdyenMessage = keyof typeof ADYEN_MESSAGES;
