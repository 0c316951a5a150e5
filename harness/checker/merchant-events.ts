// Invariant 5, liveness, for the merchant: every status the SUT announces reaches the merchant at
// least once. A SUT announces its payments' transitions as merchant events (the reference core:
// one `payment.<status>` event per status change, written in the same transaction as the change,
// in its payments settle step, relayed at least once by its outbox). Once every fault healed and the
// SUT relayed its outbox, each payment in the final view must have at least one merchant event
// received that announces its final status; one that has none was announced to nobody (an event
// lost and never sent again, or a transition never announced).
//
// What it does not judge:
// - A history with no merchant event at all (a world without a receiver, e.g. the live world
//   today, or a SUT that publishes no merchant events): nothing is said, never red, never unknown.
// - A final status no SUT announces: the one a payment is created in (`authorizing`), and the
//   statuses the pending rule of liveness already reports (`unknown`, `authorizing`).
// - Order, duplicates (at least once allows them) and earlier statuses a later one superseded.
import type { HistoryEvent, MerchantEventReceived, RunRecord } from '../history/types.ts';
import { timeline } from './timeline.ts';
import type { Violation } from './types.ts';

/** Final statuses this rule does not expect an announcement for (see the header). */
const NOT_ANNOUNCED = new Set(['authorizing', 'unknown']);

/** The status a received merchant event announces: its `status`, or the end of `payment.<status>`. */
export function announcedStatus(e: MerchantEventReceived): string | undefined {
  if (e.status) return e.status;
  const m = /^payment\.([a-z_]+)$/.exec(e.eventType);
  return m?.[1];
}

/**
 * The payments whose final status no received merchant event announces; `undefined` when the
 * history holds no merchant event at all (the rule does not apply to this run).
 */
export function unannouncedFinalStatuses(run: RunRecord, liveness: HistoryEvent): Violation[] | undefined {
  const received = run.history.filter((e): e is MerchantEventReceived => e.type === 'merchant_event');
  if (received.length === 0) return undefined;
  const byPayment = new Map<string, MerchantEventReceived[]>();
  for (const e of received) byPayment.set(e.paymentId, [...(byPayment.get(e.paymentId) ?? []), e]);
  const outages = run.history.filter((e) => e.type === 'fault' && e.target === 'net:merchant');
  const violations: Violation[] = [];
  for (const o of run.final) {
    if (NOT_ANNOUNCED.has(o.status)) continue;
    const mine = byPayment.get(o.paymentId) ?? [];
    if (mine.some((e) => announcedStatus(e) === o.status)) continue;
    const heard = [...new Set(mine.map((e) => announcedStatus(e) ?? e.eventType))];
    violations.push({
      invariant: 'liveness',
      paymentId: o.reference,
      explanation:
        `payment ${o.reference} (${o.paymentId}) is ${o.status} in the final view, but the merchant never received an event announcing it ` +
        `(${heard.length ? `it heard only: ${heard.join(', ')}` : 'it heard nothing about this payment'}), after every fault healed and the SUT relayed its outbox.`,
      timeline: [...timeline(run.history, o.reference, { sutPaymentId: o.paymentId, providers: [o.provider], maxContext: 4 }), ...mine, ...outages, liveness]
        .filter((e, i, all) => all.findIndex((x) => x.index === e.index) === i)
        .sort((a, b) => a.index - b.index),
    });
  }
  return violations;
}
