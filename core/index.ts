// The reference core's public face.
export { Core, createCore, type CoreOptions, type ReconciliationResult } from './core.ts';
export type { CoreEnv } from './env.ts';
export type * from './adapters/types.ts';
export type { PaymentView } from './payments/view.ts';
export type { PaymentStatus } from './payments/state-machine.ts';
export { STATUSES, canTransition } from './payments/state-machine.ts';
export type { SettlementEntry, SettlementSource } from './reconciliation/settlement.ts';
export type { OutboxTarget, OutboxEvent } from './outbox/relay.ts';
export { DEFAULT_POLICIES, type CorePolicies, type MerchantKeyPolicy, type OutboxDelivery, type PaymentPolicies, type SettlePolicy, type WebhookPolicies } from './policies.ts';
export * from './mutants/index.ts';
export { listParked, countParked, type ParkedEvent, type ParkedState } from './webhooks/dead-letters.ts';
export { DEFAULT_INBOX_RETRY, type InboxRetryPolicy } from './webhooks/retry-policy.ts';
export { openDatabase, type Db } from './db/index.ts';
export {
  openMemoryStore,
  sqlStore,
  type Store,
  type StoreDump,
  type StoreKind,
  type StoreTx,
  CONSTRAINTS,
  SQLSTATE,
  StoreConstraintError,
} from './storage/index.ts';
export { createStripeAdapter, STRIPE_API_VERSION, type StripeAdapterOptions } from './adapters/stripe/index.ts';
export { createAdyenAdapter, type AdyenAdapterOptions } from './adapters/adyen/index.ts';
