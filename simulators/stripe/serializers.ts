// Dialect records rendered as Stripe's API objects. Amounts come from the kernel's payment (the
// truth), everything Stripe-specific from the records. `expand` turns an id into its object.
import { DECLINE_WORDING } from '../kernel/index.ts';
import { seconds, type Dialect } from './context.ts';
import { paymentMethodObject, testCard } from './payment-methods.ts';
import type { ChargeFailure, ChargeRecord, DisputeRecord, IntentRecord, RefundRecord } from './store.ts';

export type Expand = ReadonlySet<string>;
const NONE: Expand = new Set();

export function intentObject(d: Dialect, pi: IntentRecord, expand: Expand = NONE): Record<string, unknown> {
  const { kernel, state } = d;
  const charge = pi.latestChargeId ? state.charge(pi.latestChargeId) : undefined;
  const card = pi.paymentMethod ? testCard(pi.paymentMethod) : undefined;
  return {
    id: pi.id,
    object: 'payment_intent',
    amount: pi.amount,
    amount_capturable: pi.status === 'requires_capture' ? kernel.payments.capturable(pi.payment) : 0,
    amount_details: { tip: {} },
    amount_received: pi.payment.captured,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: pi.canceledAt === null ? null : seconds(pi.canceledAt),
    cancellation_reason: pi.cancellationReason,
    capture_method: pi.captureMethod,
    client_secret: pi.clientSecret,
    confirmation_method: 'automatic',
    created: seconds(pi.created),
    currency: pi.currency,
    customer: null,
    description: pi.description,
    last_payment_error: pi.lastPaymentError,
    latest_charge: expand.has('latest_charge') && charge ? chargeObject(d, charge) : pi.latestChargeId,
    livemode: false,
    metadata: { ...pi.metadata },
    next_action: null,
    on_behalf_of: null,
    payment_method: expand.has('payment_method') && card ? paymentMethodObject(card, pi.created) : pi.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: [...pi.paymentMethodTypes],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: pi.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function chargeObject(d: Dialect, ch: ChargeRecord, expand: Expand = NONE): Record<string, unknown> {
  const { state } = d;
  const pi = state.intent(ch.paymentIntentId);
  const card = testCard(ch.paymentMethod);
  const amountCaptured = ch.captured && pi ? pi.payment.captured : 0;
  const amountRefunded = state.amountRefunded(ch);
  return {
    id: ch.id,
    object: 'charge',
    amount: ch.amount,
    amount_captured: amountCaptured,
    amount_refunded: amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: ch.balanceTransaction,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
    calculated_statement_descriptor: 'GAUNTLET',
    captured: ch.captured,
    created: seconds(ch.created),
    currency: ch.currency,
    customer: null,
    description: ch.description,
    disputed: ch.disputeId !== null,
    failure_balance_transaction: null,
    failure_code: ch.failure?.code ?? null,
    failure_message: ch.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...ch.metadata },
    on_behalf_of: null,
    outcome: outcome(ch.failure),
    paid: ch.status === 'succeeded',
    payment_intent: expand.has('payment_intent') && pi ? intentObject(d, pi) : ch.paymentIntentId,
    payment_method: ch.paymentMethod,
    payment_method_details: card
      ? {
          card: {
            amount_authorized: ch.status === 'succeeded' ? ch.amount : null,
            brand: card.brand,
            checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: ch.failure?.reason === 'incorrect_cvc' ? 'fail' : 'pass' },
            country: 'US',
            exp_month: 12,
            exp_year: new Date(ch.created).getUTCFullYear() + 3,
            fingerprint: `fp_${card.last4}${card.brand}`,
            funding: card.funding,
            last4: card.last4,
            network: card.brand,
            three_d_secure: null,
            wallet: null,
          },
          type: 'card',
        }
      : null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: amountCaptured > 0 && amountRefunded >= amountCaptured,
    ...(expand.has('refunds') ? { refunds: refundList(d, ch) } : {}),
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: ch.status,
    transfer_data: null,
    transfer_group: null,
  };
}

/** `refunds` expanded on a charge: its refunds newest first (built only when asked for). */
function refundList(d: Dialect, ch: ChargeRecord): Record<string, unknown> {
  const refunds = ch.refundIds.map((id) => d.state.refund(id)).filter((r): r is RefundRecord => r !== undefined);
  return { object: 'list', data: refunds.reverse().map((r) => refundObject(d, r)), has_more: false, total_count: refunds.length, url: `/v1/charges/${ch.id}/refunds` };
}

/** Stripe's `outcome` for an approved, issuer-declined or Radar-blocked charge. */
function outcome(failure: ChargeFailure | null): Record<string, unknown> {
  if (!failure) {
    return { network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' };
  }
  if (failure.reason === 'fraudulent') {
    return { network_advice_code: null, network_decline_code: null, network_status: 'not_sent_to_network', reason: 'highest_risk_level', risk_level: 'highest', seller_message: 'Stripe blocked this payment as too risky.', type: 'blocked' };
  }
  const code = failure.declineCode ?? failure.code;
  return {
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: code,
    risk_level: 'normal',
    seller_message: code === 'generic_decline' ? 'The bank did not return any further details with this decline.' : `The bank returned the decline code \`${code}\`.`,
    type: 'issuer_declined',
  };
}

export function refundObject(d: Dialect, r: RefundRecord, expand: Expand = NONE): Record<string, unknown> {
  const charge = expand.has('charge') ? d.state.charge(r.chargeId) : undefined;
  const pi = expand.has('payment_intent') ? d.state.intent(r.paymentIntentId) : undefined;
  return {
    id: r.id,
    object: 'refund',
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    charge: charge ? chargeObject(d, charge) : r.chargeId,
    created: seconds(r.created),
    currency: r.currency,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: { ...r.metadata },
    payment_intent: pi ? intentObject(d, pi) : r.paymentIntentId,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

export function disputeObject(dp: DisputeRecord): Record<string, unknown> {
  return {
    id: dp.id,
    object: 'dispute',
    amount: dp.amount,
    balance_transactions: [],
    charge: dp.chargeId,
    created: seconds(dp.created),
    currency: dp.currency,
    evidence_details: { due_by: seconds(dp.created) + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: dp.paymentIntentId,
    reason: dp.reason,
    status: 'needs_response',
  };
}

/** The `last_payment_error` / card error body for a declined charge. */
export function declineError(failure: ChargeFailure, chargeId: string, paymentMethod: Record<string, unknown>) {
  const wording = DECLINE_WORDING[failure.reason].stripe;
  return {
    type: 'card_error' as const,
    charge: chargeId,
    code: wording.code,
    ...(wording.declineCode !== undefined ? { decline_code: wording.declineCode } : {}),
    doc_url: `https://stripe.com/docs/error-codes/${wording.code.replace(/_/g, '-')}`,
    message: wording.message,
    payment_method: paymentMethod,
  };
}
