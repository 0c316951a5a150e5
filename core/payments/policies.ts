// The payment service's policies: the decisions a team makes once and the service applies on every
// call (how check-then-act is guarded, what bounds a refund, what an answer books, when to fail
// over, what an event out of order may do). Each is named, documented and injectable; the
// defaults below are the correct ones and the ones the reference core runs with.
import type { ModificationOutcome, ProviderResult } from '../adapters/types.ts';
import type { OperationKind, OperationRow, OperationStatus, PaymentRow, TransitionCause } from './types.ts';
import type { PaymentView } from './view.ts';

/** How `settle` moves a payment's record; used by the service and by the webhook apply step. */
export interface SettlePolicy {
  /**
   * What an event that arrives out of order may do to the status. `forward-only`: the state
   * machine refuses a step back, whatever the cause. `last-writer-wins`: a webhook sets the status
   * it names (the classic bug: a late `authorized` after `captured` moves the payment back).
   */
  webhookOrdering: 'forward-only' | 'last-writer-wins';
  /**
   * The refunded amount stored for the booked refunds. Default: all of them, so that the payments
   * table's CHECK (refunded <= captured) refuses a refund booked before its capture, and the
   * inbox waits for the capture instead of booking a lie.
   */
  storedRefunded: (booked: number, captured: number) => number;
}

export interface PaymentPolicies extends SettlePolicy {
  /**
   * Check-then-act on a payment (capture, refund, void): its row is read under lock, and open
   * operations of a kind count as already taken. Without both, two concurrent captures can both
   * pass the check and both reach the PSP.
   */
  concurrency: { lockPayment: boolean; reserveOpen: (kind: OperationKind) => boolean };
  /**
   * The bound on one refund (`max`) and the amount "refund the rest" asks for (`rest`), given the
   * payment and the refunds still in flight.
   */
  refundable: (payment: PaymentRow, inFlight: number) => { rest: number; max: number };
  /** The amount sent to the PSP for a capture, refund or void: the operation's own. */
  providerAmount: (payment: PaymentRow, op: OperationRow) => number;
  /**
   * What a call that got no answer in time (the call policy's own timeout) makes of the operation:
   * `unknown` (the PSP may have done it; resolved later with the same key) or `failed`.
   */
  noAnswer: 'unknown' | 'failed';
  /** The status a capture, refund or void operation gets from the PSP's answer. */
  bookAnswer: (kind: OperationKind, result: ProviderResult<ModificationOutcome>) => OperationStatus;
  /**
   * Which answers of the primary send an `auto` payment to the secondary. Only a primary that
   * certainly did nothing (refused before executing, breaker open) may be abandoned: an
   * indeterminate one may have authorized, and a second authorization moves money twice.
   */
  failoverAfter: readonly ProviderResult<unknown>['kind'][];
  /**
   * An open operation taken for a call still in progress, which recovery and reconciliation leave
   * alone. Default: none; every open operation is re-sent with its own key.
   */
  inProgress: (op: OperationRow) => boolean;
  /** The payment as the merchant API shows it, from the stored record and its operations. */
  present: (view: PaymentView, ops: OperationRow[]) => PaymentView;
}

/** Open operations hold their amount until they settle. */
export const OPEN_STATUSES: readonly OperationStatus[] = ['pending', 'unknown'];

/** What one refund may take: captured, less refunded, less refunds in flight, less disputed. */
export function refundableRoom(p: PaymentRow, inFlight: number): { rest: number; max: number } {
  const room = p.amount_captured - p.amount_refunded - inFlight - p.disputed_amount;
  return { rest: room, max: room };
}

/**
 * A definite success books it; an accepted-for-later answer (Adyen's `received`) stays pending
 * until the notification says how it ended; no answer is unknown; a refusal failed it.
 */
export function bookAnswer(_kind: OperationKind, result: ProviderResult<ModificationOutcome>): OperationStatus {
  if (result.kind === 'ok') return result.value.status === 'succeeded' ? 'succeeded' : 'pending';
  return result.kind === 'indeterminate' ? 'unknown' : 'failed';
}

/** Whether a status change is legal under the policy (settle's guard). */
export function orderingAllows(policy: SettlePolicy, cause: TransitionCause, legal: boolean): boolean {
  return legal || (policy.webhookOrdering === 'last-writer-wins' && cause === 'webhook');
}

export const DEFAULT_SETTLE_POLICY: SettlePolicy = Object.freeze({
  webhookOrdering: 'forward-only',
  storedRefunded: (booked: number) => booked,
});

export const DEFAULT_PAYMENT_POLICIES: PaymentPolicies = Object.freeze({
  ...DEFAULT_SETTLE_POLICY,
  concurrency: Object.freeze({ lockPayment: true, reserveOpen: () => true }),
  refundable: refundableRoom,
  providerAmount: (_payment: PaymentRow, op: OperationRow) => op.amount,
  noAnswer: 'unknown',
  bookAnswer,
  failoverAfter: Object.freeze(['provider_error'] as const),
  inProgress: () => false,
  present: (view: PaymentView) => view,
});
