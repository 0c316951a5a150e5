// authorize: POST /v71/payments, and what its resultCode means.
//
// The request carries `reference: request.paymentId`, so every AUTHORISATION notification's
// merchantReference is the core's payment id, and `metadata.merchantReference` keeps the
// merchant's own reference. Capture mode is explicit per payment, never the merchant account's
// default: manual = `additionalData.manualCapture: "true"`, automatic = `captureDelayHours: 0`.
//
// resultCode:
//   Authorised                         ok (authorized; captured for automatic capture)
//   Refused                            declined, code from refusals.ts
//   Error                              declined `processing_error` (acquirer error: not authorised, nothing held)
//   Cancelled                          declined `cancelled`
//   RedirectShopper, IdentifyShopper,  declined `authentication_required`: the shopper must act
//   ChallengeShopper, PresentToShopper (3-D Secure and the like), which this core does not do
//   Pending, Received, anything else   indeterminate: Adyen has not decided; the AUTHORISATION
//                                      notification will (its merchantReference is the payment id)
import type { AuthorizeOutcome, AuthorizeRequest, ProviderResult } from '../types.ts';
import { classifyErrorAnswer, unreadable } from './classify.ts';
import type { WireOutcome } from './client.ts';
import type { SchemePaymentMethod } from './payment-method.ts';
import { replayMismatch } from './replay.ts';
import { declineCode, declineMessage } from './refusals.ts';

export interface AuthorizeWireConfig {
  merchantAccount: string;
  returnUrl: string;
}

const SHOPPER_ACTION = new Set(['RedirectShopper', 'IdentifyShopper', 'ChallengeShopper', 'PresentToShopper']);

export function authorizeBody(request: AuthorizeRequest, paymentMethod: SchemePaymentMethod, config: AuthorizeWireConfig): Record<string, unknown> {
  return {
    amount: { value: request.amount, currency: request.currency },
    reference: request.paymentId,
    merchantAccount: config.merchantAccount,
    returnUrl: config.returnUrl,
    paymentMethod,
    ...(request.capture === 'manual' ? { additionalData: { manualCapture: 'true' } } : { captureDelayHours: 0 }),
    metadata: { merchantReference: request.merchantReference },
  };
}

export function authorizeResult(request: AuthorizeRequest, wire: WireOutcome): ProviderResult<AuthorizeOutcome> {
  if (wire.kind === 'no_answer') return { kind: 'indeterminate', reason: wire.reason };
  if (wire.status < 200 || wire.status > 299) return classifyErrorAnswer(wire);
  const body = wire.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return unreadable('/payments', wire);
  const o = body as Record<string, unknown>;
  const resultCode = o.resultCode;
  const pspReference = typeof o.pspReference === 'string' && o.pspReference !== '' ? o.pspReference : undefined;
  if (typeof resultCode !== 'string') return unreadable('/payments', wire);

  const mismatch = replayMismatch('/payments', wire.status, [
    ['merchantReference', o.merchantReference, request.paymentId],
    ['amount.value', field(o.amount, 'value'), request.amount],
    ['amount.currency', field(o.amount, 'currency'), request.currency],
  ]);
  if (mismatch) return mismatch;

  switch (resultCode) {
    case 'Authorised': {
      if (!pspReference) return unreadable('/payments', wire);
      const captured = request.capture === 'automatic';
      return {
        kind: 'ok',
        value: {
          providerPaymentId: pspReference,
          status: captured ? 'captured' : 'authorized',
          amountAuthorized: request.amount,
          amountCaptured: captured ? request.amount : 0,
        },
      };
    }
    case 'Refused':
    case 'Error': {
      const refusal = {
        resultCode,
        ...(typeof o.refusalReason === 'string' ? { refusalReason: o.refusalReason } : {}),
        ...(typeof o.refusalReasonCode === 'string' ? { refusalReasonCode: o.refusalReasonCode } : {}),
      };
      return { kind: 'declined', code: declineCode(refusal), message: declineMessage(refusal), ...(pspReference ? { providerPaymentId: pspReference } : {}) };
    }
    case 'Cancelled':
      return { kind: 'declined', code: 'cancelled', message: 'Cancelled', ...(pspReference ? { providerPaymentId: pspReference } : {}) };
    default:
      if (SHOPPER_ACTION.has(resultCode)) {
        return {
          kind: 'declined',
          code: 'authentication_required',
          message: `${resultCode}: the shopper must act (3-D Secure or similar), which this core does not support`,
          ...(pspReference ? { providerPaymentId: pspReference } : {}),
        };
      }
      return {
        kind: 'indeterminate',
        reason: `resultCode ${resultCode}${pspReference ? ` (pspReference ${pspReference})` : ''}: not decided yet; the AUTHORISATION notification will tell`,
      };
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
