// One verified notification item as the event the core acts on. The table, with its reasons, is
// in README.md ("Notifications"). Unmapped event codes (REPORT_AVAILABLE, PENDING, OFFER_CLOSED,
// NOTIFICATION_OF_CHARGEBACK, …) give no event: they are genuine, so they are acknowledged, and
// the core has nothing to do with them.
//
// eventId = `${eventCode}:${pspReference}:${success}`: Adyen identifies a notification by event
// code and pspReference, and may send the same pair again with the other outcome.
// paymentId is set only for AUTHORISATION, whose merchantReference is the `reference` this adapter
// sent (the core's payment id). A modification's merchantReference is the modification's own
// reference (or whatever a Customer Area user typed), so it is not trusted as a payment id.
import type { ProviderEvent, ProviderEventType } from '../types.ts';
import type { NotificationItem } from './notification.ts';

export type MappedItem = { ok: true; event?: ProviderEvent } | { ok: false; message: string };

/** For modifications: [type when success is "true", type when "false"]. */
const MODIFICATIONS: Record<string, readonly [ProviderEventType, ProviderEventType]> = {
  CAPTURE: ['captured', 'capture_failed'],
  REFUND: ['refunded', 'refund_failed'],
  CANCELLATION: ['voided', 'void_failed'],
};

/** Failures announced after Adyen had confirmed the modification: the type whatever `success` says. */
const LATE_FAILURES: Record<string, ProviderEventType> = {
  CAPTURE_FAILED: 'capture_failed',
  REFUND_FAILED: 'refund_failed',
  REFUNDED_REVERSED: 'refund_failed',
};

export function notificationEventId(item: Pick<NotificationItem, 'eventCode' | 'pspReference' | 'success'>): string {
  return `${item.eventCode}:${item.pspReference}:${item.success}`;
}

export function toProviderEvent(item: NotificationItem): MappedItem {
  const success = item.success === 'true';
  if (item.eventCode === 'AUTHORISATION') {
    return {
      ok: true,
      event: {
        ...common(item, success ? 'authorized' : 'authorization_failed', item.pspReference),
        ...(item.merchantReference !== '' ? { paymentId: item.merchantReference } : {}),
        ...(!success && item.reason !== undefined ? { reason: item.reason } : {}),
      },
    };
  }
  // Own keys only: an eventCode such as `constructor` must not find Object.prototype's.
  const pair = Object.hasOwn(MODIFICATIONS, item.eventCode) ? MODIFICATIONS[item.eventCode] : undefined;
  if (pair) return modification(item, success ? pair[0] : pair[1], !success);
  const late = Object.hasOwn(LATE_FAILURES, item.eventCode) ? LATE_FAILURES[item.eventCode] : undefined;
  if (late) return modification(item, late, true);
  if (item.eventCode === 'CANCEL_OR_REFUND') {
    const action = item.additionalData['modification.action'];
    if (action === 'cancel') return modification(item, success ? 'voided' : 'void_failed', !success);
    if (action === 'refund') return modification(item, success ? 'refunded' : 'refund_failed', !success);
    // Without the action the money effect is unknown; reconciliation settles it.
    return { ok: true };
  }
  if (item.eventCode === 'CHARGEBACK' || item.eventCode === 'SECOND_CHARGEBACK') {
    return success ? modification(item, 'disputed', true) : { ok: true };
  }
  return { ok: true };
}

function modification(item: NotificationItem, type: ProviderEventType, withReason: boolean): MappedItem {
  if (item.originalReference === undefined) return { ok: false, message: `${item.eventCode} ${item.pspReference} has no originalReference` };
  return {
    ok: true,
    event: {
      ...common(item, type, item.originalReference),
      providerReference: item.pspReference,
      // The modification's reference is the core's operation id when the core sent one: it ties the
      // notification to its operation even when the call's own answer never arrived.
      ...(item.merchantReference.startsWith('op_') ? { operationId: item.merchantReference } : {}),
      ...(withReason && item.reason !== undefined ? { reason: item.reason } : {}),
    },
  };
}

function common(item: NotificationItem, type: ProviderEventType, providerPaymentId: string): ProviderEvent {
  return {
    eventId: notificationEventId(item),
    type,
    providerPaymentId,
    amount: item.amount.value,
    currency: item.amount.currency,
    occurredAt: item.eventDateMs,
  };
}
