// The reference core's policies in one place: every decision a team makes about money movement
// that the core applies on every call, each named and documented where it is used. `CoreOptions.
// policies` overrides any of them; what is not given is the default, the correct choice.
import { DEFAULT_MERCHANT_KEY_POLICY, type MerchantKeyPolicy } from './api/merchant-keys.ts';
import type { OutboxDelivery } from './outbox/relay.ts';
import { DEFAULT_PAYMENT_POLICIES, type PaymentPolicies } from './payments/policies.ts';
import { DEFAULT_WEBHOOK_POLICIES, type WebhookPolicies } from './webhooks/policies.ts';

export interface CorePolicies extends PaymentPolicies, WebhookPolicies {
  /** The merchant's Idempotency-Key (api/merchant-keys.ts). */
  merchantKeys: MerchantKeyPolicy;
  /** How merchant events leave the outbox (outbox/relay.ts). */
  outboxDelivery: OutboxDelivery;
  /**
   * After a restart, `recover()` re-sends every operation a crash left open (with its own key) and
   * answers the merchant keys left in flight. Off, it does nothing: the money the PSP moved before
   * the crash stays unknown to the core.
   */
  recoverOnRestart: boolean;
}

export type { MerchantKeyPolicy } from './api/merchant-keys.ts';
export type { OutboxDelivery } from './outbox/relay.ts';
export type { PaymentPolicies, SettlePolicy } from './payments/policies.ts';
export type { WebhookPolicies } from './webhooks/policies.ts';

export const DEFAULT_POLICIES: CorePolicies = Object.freeze({
  ...DEFAULT_PAYMENT_POLICIES,
  ...DEFAULT_WEBHOOK_POLICIES,
  merchantKeys: DEFAULT_MERCHANT_KEY_POLICY,
  outboxDelivery: 'at-least-once',
  recoverOnRestart: true,
});
