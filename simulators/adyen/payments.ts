// POST /v{67..72}/payments: authorise a card payment (and capture it, unless it is held for
// manual capture). The answer is synchronous: resultCode Authorised, Refused or Error, with a
// 16-character pspReference; an AUTHORISATION notification follows either way.
import { DECLINE_WORDING, type CardOutcome, type MovementContext } from '../kernel/index.ts';
import { readCard, type Card } from './card.ts';
import { isManualCapture } from './capture-mode.ts';
import type { AdyenDeps } from './deps.ts';
import type { Operation, OperationResult } from './edge.ts';
import { ADYEN_ERRORS, AdyenErrorReply, type AdyenError } from './errors.ts';
import { announce } from './notifications.ts';
import { newAuthCode, newPspReference } from './psp-reference.ts';
import { amountOf, merchantAccountOf } from './request.ts';

export const PAYMENTS_OPERATION = 'adyen.payments';

export function paymentsOperation(deps: AdyenDeps): Operation {
  const { kernel, store, config } = deps;
  return (input): OperationResult => {
    const { body } = input;
    const account = merchantAccountOf(body, config.merchantAccount);
    if (!account.ok) return reject(account);
    const amount = amountOf(body.amount);
    if (!amount.ok) return reject(amount);
    const reference = body.reference;
    if (typeof reference !== 'string' || reference.trim() === '') return new AdyenErrorReply(ADYEN_ERRORS.referenceMissing);
    if (reference.length > 80) return new AdyenErrorReply(ADYEN_ERRORS.invalidField('reference', 'at most 80 characters'));
    if (typeof body.returnUrl !== 'string' || body.returnUrl === '') return new AdyenErrorReply(ADYEN_ERRORS.returnUrlMissing);
    const manual = isManualCapture(body, config.defaultCapture);
    if (!manual.ok) return reject(manual);
    const decision = readCard(body.paymentMethod, kernel.now());
    if (!decision.ok) return reject(decision);
    if (kernel.payments.isFull()) return new AdyenErrorReply(ADYEN_ERRORS.capacity);

    const { card } = decision.value;
    const outcome: CardOutcome = input.forcedDecline ? { kind: 'declined', reason: input.forcedDecline } : decision.value.outcome;
    const pspReference = newPspReference(kernel);
    const at = kernel.now();
    const { value, currency } = amount.value;
    kernel.payments.create({ id: pspReference, amount: value, currency, reference, at });
    const ctx: MovementContext = {
      movementId: pspReference,
      at,
      operation: PAYMENTS_OPERATION,
      requestId: input.requestId,
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    };
    const wording = outcome.kind === 'declined' ? DECLINE_WORDING[outcome.reason].adyen : undefined;
    const resultCode = wording ? wording.resultCode : 'Authorised';
    store.add({ pspReference, merchantAccount: account.value, reference, amount: amount.value, manualCapture: manual.value, resultCode, brand: card.brand });

    const common = { amount: amount.value, merchantAccountCode: account.value, merchantReference: reference, paymentMethod: card.brand };
    const cardData = { cardSummary: card.last4, expiryDate: `${card.expiryMonth}/${card.expiryYear}` };
    if (wording) {
      announce(kernel, { ...common, eventCode: 'AUTHORISATION', pspReference, success: 'false', reason: wording.refusalReason, additionalData: cardData });
      return {
        status: 200,
        body: {
          ...responseBase(pspReference, reference, amount.value, card),
          resultCode,
          refusalReason: wording.refusalReason,
          refusalReasonCode: wording.refusalReasonCode,
        },
      };
    }

    must(kernel.payments.authorize(pspReference, ctx));
    const authCode = newAuthCode(kernel);
    announce(kernel, {
      ...common,
      eventCode: 'AUTHORISATION',
      pspReference,
      success: 'true',
      reason: `${authCode}:${card.last4}:${expiry(card)}`,
      operations: manual.value ? ['CANCEL', 'CAPTURE', 'REFUND'] : ['REFUND'],
      additionalData: { ...cardData, authCode },
    });
    if (!manual.value) {
      const capturePsp = newPspReference(kernel);
      must(kernel.payments.capture(pspReference, value, { ...ctx, movementId: capturePsp }, { final: true }));
      if (config.autoCaptureNotifications) {
        announce(kernel, { ...common, eventCode: 'CAPTURE', pspReference: capturePsp, originalReference: pspReference, success: 'true' });
      }
    }
    return { status: 200, body: { ...responseBase(pspReference, reference, amount.value, card), resultCode } };
  };
}

function responseBase(pspReference: string, reference: string, amount: { value: number; currency: string }, card: Card) {
  return { amount, merchantReference: reference, paymentMethod: { brand: card.brand, type: 'scheme' }, pspReference };
}

function expiry(card: Card): string {
  return `${String(card.expiryMonth).padStart(2, '0')}/${card.expiryYear}`;
}

function reject(checked: { ok: false; error: AdyenError }): AdyenErrorReply {
  return new AdyenErrorReply(checked.error);
}

function must(result: { ok: boolean }): void {
  if (!result.ok) throw new Error('kernel refused a movement on a payment created by this request');
}
