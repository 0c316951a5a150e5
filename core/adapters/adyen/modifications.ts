// capture, refund and void: POST /v71/payments/{pspReference}/captures, /refunds, /cancels.
// Adyen answers 201 `{pspReference, paymentPspReference, status: "received", …}`: accepted, not
// done. The outcome arrives by notification (CAPTURE, REFUND, CANCELLATION with success true or
// false), so the result is ok `{providerReference: the modification's pspReference, status: 'pending'}`.
//
// The modification's `reference` is the core's operation id (or, without one, the idempotency key
// for the call): it names the exact operation in Adyen's Customer Area and comes back as the
// notification's merchantReference. The payment is identified by the pspReference in the path.
import type { ModificationOutcome, ModificationRequest, ProviderResult } from '../types.ts';
import { classifyErrorAnswer, unreadable } from './classify.ts';
import type { WireOutcome } from './client.ts';
import { replayMismatch } from './replay.ts';

export type ModificationKind = 'captures' | 'refunds' | 'cancels';

export function modificationPath(kind: ModificationKind, providerPaymentId: string): string {
  return `/payments/${encodeURIComponent(providerPaymentId)}/${kind}`;
}

export function modificationBody(kind: ModificationKind, request: ModificationRequest, merchantAccount: string, reference: string): Record<string, unknown> {
  return {
    merchantAccount,
    reference,
    // A cancel releases the whole authorisation: Adyen's /cancels takes no amount.
    ...(kind === 'cancels' ? {} : { amount: { value: request.amount, currency: request.currency } }),
  };
}

export function modificationResult(kind: ModificationKind, request: ModificationRequest, wire: WireOutcome): ProviderResult<ModificationOutcome> {
  if (wire.kind === 'no_answer') return { kind: 'indeterminate', reason: wire.reason };
  if (wire.status < 200 || wire.status > 299) return classifyErrorAnswer(wire);
  const endpoint = `/${kind}`;
  const body = wire.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return unreadable(endpoint, wire);
  const o = body as Record<string, unknown>;
  if (o.status !== 'received' || typeof o.pspReference !== 'string' || o.pspReference === '') return unreadable(endpoint, wire);
  const amount = typeof o.amount === 'object' && o.amount !== null ? (o.amount as Record<string, unknown>) : undefined;
  const mismatch = replayMismatch(endpoint, wire.status, [
    ['paymentPspReference', o.paymentPspReference, request.providerPaymentId],
    ...(kind === 'cancels'
      ? []
      : ([
          ['amount.value', amount?.value, request.amount],
          ['amount.currency', amount?.currency, request.currency],
        ] as const)),
  ]);
  if (mismatch) return mismatch;
  return { kind: 'ok', value: { providerReference: o.pspReference, status: 'pending' } };
}
