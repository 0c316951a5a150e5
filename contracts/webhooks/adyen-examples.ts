// The Adyen notifications the core's webhook inbox consumes, as the consumer states them in the
// pact: one item per batch (what Adyen sends), only the fields the core reads or the HMAC covers
// (notification.ts, hmac.ts and events.ts of the Adyen adapter). Exact where the core decides on
// the value (eventCode, success, modification.action), matched by type or pattern where Adyen
// mints or varies it. Each item's hmacSignature is computed here from the example with the test
// HMAC key, so the example is one the core's verification really accepts; the provider's must
// only have the shape of one. Example values are fixed so the pact file is byte-stable.
import { MatchersV3 } from '@pact-foundation/pact';
import type { AdyenMessage } from './descriptions.ts';
import { ADYEN_HMAC_PATTERN, adyenItemSignature, type AdyenSignedFields } from './signing.ts';

const { eachLike, equal, integer, regex, string } = MatchersV3;

export const EXAMPLE_DATE = '2026-11-25T12:00:00+00:00';
export const MERCHANT_ACCOUNT = 'GauntletCore';

export const EXAMPLE = {
  payment: 'P5CONTRACT000001',
  modification: 'M5CONTRACT000001',
  paymentId: 'pay_contract_0001',
  operationId: 'op_contract_0001',
  amount: 2500,
  part: 1000,
  tooMuch: 9000,
} as const;

const psp = (example: string) => regex('^[0-9A-Z]{16}$', example);
const eventDate = regex('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$', EXAMPLE_DATE);

interface ItemSpec {
  eventCode: string;
  success: 'true' | 'false';
  value: number;
  /** A modification's or chargeback's payment; absent for AUTHORISATION. */
  original?: boolean;
  merchantReference: string;
  reason?: string;
  additionalData?: Record<string, unknown>;
}

/** One NotificationRequestItem, signed with `hmacKey` over its example values. */
function item(spec: ItemSpec, hmacKey: string): Record<string, unknown> {
  const fields = {
    amount: { value: integer(spec.value), currency: regex('^[A-Z]{3}$', 'EUR') },
    eventCode: equal(spec.eventCode),
    eventDate,
    merchantAccountCode: string(MERCHANT_ACCOUNT),
    merchantReference: string(spec.merchantReference),
    pspReference: psp(spec.original ? EXAMPLE.modification : EXAMPLE.payment),
    ...(spec.original ? { originalReference: psp(EXAMPLE.payment) } : {}),
    success: equal(spec.success),
    ...(spec.reason !== undefined ? { reason: string(spec.reason) } : {}),
  };
  const signature = adyenItemSignature(MatchersV3.reify(fields) as unknown as AdyenSignedFields, hmacKey);
  return { ...fields, additionalData: { ...spec.additionalData, hmacSignature: regex(ADYEN_HMAC_PATTERN, signature) } };
}

/** A batch as Adyen posts it: at least one item, each like the example. */
const batch = (spec: ItemSpec, hmacKey: string): Record<string, unknown> => ({ notificationItems: eachLike({ NotificationRequestItem: item(spec, hmacKey) }) });

const modification = (eventCode: string, success: 'true' | 'false', value: number, reason?: string, additionalData?: Record<string, unknown>): ItemSpec => ({
  eventCode,
  success,
  value,
  original: true,
  // The core sends its operation id as the modification's reference; Adyen echoes it.
  merchantReference: EXAMPLE.operationId,
  ...(reason !== undefined ? { reason } : {}),
  ...(additionalData ? { additionalData } : {}),
});

const SPECS: Record<AdyenMessage, ItemSpec> = {
  authorised: { eventCode: 'AUTHORISATION', success: 'true', value: EXAMPLE.amount, merchantReference: EXAMPLE.paymentId },
  refused: { eventCode: 'AUTHORISATION', success: 'false', value: EXAMPLE.amount, merchantReference: EXAMPLE.paymentId, reason: 'Not enough balance' },
  captured: modification('CAPTURE', 'true', EXAMPLE.amount),
  captureFailed: modification('CAPTURE', 'false', EXAMPLE.tooMuch, 'Insufficient balance on payment'),
  refunded: modification('REFUND', 'true', EXAMPLE.part),
  refundFailed: modification('REFUND', 'false', EXAMPLE.tooMuch, 'Insufficient balance on payment'),
  cancelled: modification('CANCELLATION', 'true', EXAMPLE.amount),
  cancelFailed: modification('CANCELLATION', 'false', EXAMPLE.amount, 'Original payment has already been captured'),
  reversedByCancel: modification('CANCEL_OR_REFUND', 'true', EXAMPLE.amount, undefined, { 'modification.action': equal('cancel') }),
  reversedByRefund: modification('CANCEL_OR_REFUND', 'true', EXAMPLE.amount, undefined, { 'modification.action': equal('refund') }),
  // A chargeback names the payment's own reference, not an operation of the core.
  chargeback: { ...modification('CHARGEBACK', 'true', EXAMPLE.amount, 'Fraud'), merchantReference: EXAMPLE.paymentId },
};

export function adyenExamples(hmacKey: string): Record<AdyenMessage, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(SPECS).map(([k, spec]) => [k, batch(spec, hmacKey)])) as Record<AdyenMessage, Record<string, unknown>>;
}
