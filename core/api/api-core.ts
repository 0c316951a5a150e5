// What the merchant API needs of the core: its parts, named here rather than as the Core class, so
// that the core (which builds this API) and the API do not import each other.
import type { Metrics } from '../metrics/metrics.ts';
import type { MerchantKeyPolicy } from './merchant-keys.ts';
import type { PaymentService } from '../payments/service.ts';
import type { ReconciliationResult } from '../reconciliation/result.ts';
import type { Store } from '../storage/store.ts';
import type { WebhookInbox } from '../webhooks/inbox.ts';

export interface ApiCore {
  readonly store: Store;
  readonly metrics: Metrics;
  readonly service: PaymentService;
  readonly inbox: WebhookInbox;
  /** How the merchant's Idempotency-Key is honoured (./merchant-keys.ts). */
  readonly merchantKeys: MerchantKeyPolicy;
  /** How the API routes (CoreEnv.appRouter). */
  readonly appRouter?: 'linear' | undefined;
  /** Bearer token of the admin API (dead letters); none: the admin API answers 403. */
  readonly adminToken: string | undefined;
  now(): number;
  log(line: string): void;
  /** Applies stored webhooks without waiting for them. */
  kick(): void;
  reconcile(date?: string): Promise<ReconciliationResult>;
}
