// The webhook side's policies: how deliveries are deduplicated, how an event finds its operation,
// and which money the PSP moved on its own is booked. Injectable; the defaults are the correct ones.
import type { ProviderEvent } from '../adapters/types.ts';
import { DEFAULT_SETTLE_POLICY, type SettlePolicy } from '../payments/policies.ts';
import type { OperationKind, OperationRow } from '../payments/types.ts';
import { matchOperation } from './match.ts';

export interface WebhookPolicies extends SettlePolicy {
  /**
   * `by-event-id`: a delivery is stored once per (provider, event id) and applied from the inbox,
   * and an event about an operation already settled is recognised as known. `none`: every
   * delivery is applied as it arrives, and a repeat books its amount again.
   */
  webhookDedupe: 'by-event-id' | 'none';
  /** The operation of `kind` an event is about, if any (./match.ts). */
  matchOperation: (ops: OperationRow[], kind: OperationKind, event: ProviderEvent) => OperationRow | undefined;
  /** A refund the core did not ask for (a dashboard refund): `book` the money the PSP gave back, or `ignore` it. */
  unrequestedRefunds: 'book' | 'ignore';
  /** A chargeback (Stripe charge.dispute.created, Adyen CHARGEBACK): `book` the disputed amount, or `ignore` it. */
  disputes: 'book' | 'ignore';
}

export const DEFAULT_WEBHOOK_POLICIES: WebhookPolicies = Object.freeze({
  ...DEFAULT_SETTLE_POLICY,
  webhookDedupe: 'by-event-id',
  matchOperation,
  unrequestedRefunds: 'book',
  disputes: 'book',
});
