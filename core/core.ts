// The reference core, assembled: storage, adapters, the payment service, the webhook inbox, the
// outbox, reconciliation and the merchant API, from injected time, randomness and network.
import type { Hono } from 'hono';
import type { ProviderAdapter, ProviderName } from './adapters/types.ts';
import type { ApiCore } from './api/api-core.ts';
import { merchantApi } from './api/app.ts';
import { completeInFlightKeys } from './api/idempotency.ts';
import type { CoreEnv } from './env.ts';
import { Metrics } from './metrics/metrics.ts';
import { outboxEnqueues } from './outbox/enqueue.ts';
import { RELAY_BATCH, relayOutbox, type OutboxTarget } from './outbox/relay.ts';
import { newId } from './payments/ids.ts';
import { PaymentService, type ServiceOptions } from './payments/service.ts';
import { DEFAULT_POLICIES, type CorePolicies } from './policies.ts';
import { resolveOpenOperations, type ResolveReport } from './reconciliation/resolve.ts';
import type { ReconciliationResult } from './reconciliation/result.ts';
import { reconcileSettlement, type SettlementSource } from './reconciliation/settlement.ts';
import type { Store } from './storage/store.ts';
import { countParked } from './webhooks/dead-letters.ts';
import { WebhookInbox } from './webhooks/inbox.ts';
import type { InboxRetryPolicy } from './webhooks/retry-policy.ts';

export interface CoreOptions {
  env: CoreEnv;
  /** Where the core keeps its state: SQL (sqlStore over PGlite or a server) or, in the simulation world, openMemoryStore(). */
  store: Store;
  adapters: Partial<Record<ProviderName, ProviderAdapter>>;
  /** Where settlement reports come from; without one, reconciliation only resolves open operations. */
  settlementSource?: SettlementSource;
  /** Where merchant-facing events go; without one they are kept delivered-to-log. */
  outbox?: OutboxTarget;
  callPolicy?: ServiceOptions['callPolicy'];
  breaker?: ServiceOptions['breaker'];
  routing?: ServiceOptions['routing'];
  afterProviderCall?: ServiceOptions['afterProviderCall'];
  /** Operations still open after this long are re-sent by `pump` (default 30 s). */
  staleAfterMs?: number;
  log?: (line: string) => void;
  /**
   * Bearer token for the admin API (dead-letter list and replay, core/api/dead-letters.ts). Absent:
   * the admin API answers 403 to everyone. Generate it per world, like every other secret.
   */
  adminToken?: string;
  /** How the webhook inbox retries an event whose apply fails (default DEFAULT_INBOX_RETRY). */
  inboxRetry?: Partial<InboxRetryPolicy>;
  /** The core's policies (./policies.ts): each one not given is the default, the correct choice. */
  policies?: Partial<CorePolicies>;
}

export type { ReconciliationResult } from './reconciliation/result.ts';

export class Core implements ApiCore {
  private readonly options: CoreOptions;
  readonly env: CoreEnv;
  readonly store: Store;
  readonly metrics = new Metrics();
  readonly service: PaymentService;
  readonly inbox: WebhookInbox;
  readonly app: Hono;
  readonly policies: CorePolicies;
  readonly adminToken: string | undefined;
  readonly appRouter: 'linear' | undefined;
  private readonly log_: (line: string) => void;
  /** outboxEnqueues() when a relay last left this core's outbox with nothing undelivered (relayOutboxIfAny). */
  private outboxEmptyAt: number | undefined;

  constructor(options: CoreOptions) {
    this.options = options;
    this.env = options.env;
    this.store = options.store;
    this.log_ = options.log ?? (() => undefined);
    this.adminToken = options.adminToken;
    this.appRouter = options.env.appRouter;
    this.policies = { ...DEFAULT_POLICIES, ...options.policies };
    this.service = new PaymentService({
      env: options.env,
      store: options.store,
      adapters: options.adapters,
      metrics: this.metrics,
      ...(options.callPolicy ? { callPolicy: options.callPolicy } : {}),
      ...(options.breaker ? { breaker: options.breaker } : {}),
      ...(options.routing ? { routing: options.routing } : {}),
      ...(options.afterProviderCall ? { afterProviderCall: options.afterProviderCall } : {}),
      policies: this.policies,
    });
    this.inbox = new WebhookInbox({ store: options.store, service: this.service, metrics: this.metrics, now: () => this.now(), policies: this.policies, ...(options.inboxRetry ? { retry: options.inboxRetry } : {}) });
    this.app = merchantApi(this);
  }

  get merchantKeys(): CorePolicies['merchantKeys'] {
    return this.policies.merchantKeys;
  }

  now(): number {
    return this.env.clock.now();
  }

  log(line: string): void {
    this.log_(line);
  }

  /** Applies stored webhooks without waiting for them (after the provider has been acknowledged). */
  kick(): void {
    this.inbox.drain().catch((err: unknown) => this.log(`webhook apply failed: ${(err as Error).message}`));
  }

  /** One round of background work: apply webhooks, relay the outbox, re-send stale open operations. */
  async pump(): Promise<{ applied: number; relayed: number; resolved: ResolveReport }> {
    const applied = await this.inbox.drain();
    const relayed = (await this.relayOutbox()).delivered;
    const resolved = await resolveOpenOperations({ store: this.store, service: this.service, now: () => this.now() }, { olderThanMs: this.options.staleAfterMs ?? 30_000, cause: 'reconciliation' });
    return { applied, relayed, resolved };
  }

  /** Relays the outbox once (part of `pump`): each undelivered merchant event is sent to the target. */
  async relayOutbox(): Promise<{ delivered: number; failed: number }> {
    this.outboxEmptyAt = undefined;
    const enqueues = outboxEnqueues();
    const r = await relayOutbox({ store: this.store, clock: this.env.clock, target: this.outboxTarget(), delivery: this.policies.outboxDelivery });
    // Fewer than a batch, all delivered: nothing was left undelivered when its query ran.
    if (r.failed === 0 && r.delivered < RELAY_BATCH) this.outboxEmptyAt = enqueues;
    return r;
  }

  /**
   * relayOutbox, without its query when it cannot find anything: the last relay left nothing
   * undelivered and nothing was enqueued in this process since. Only for a caller that knows this
   * core is the only process writing its outbox (the simulation world: one core on a store of its
   * own); a core sharing its database with other core processes cannot see their enqueues without
   * the query, and calls relayOutbox.
   */
  async relayOutboxIfAny(): Promise<{ delivered: number; failed: number }> {
    if (this.outboxEmptyAt !== undefined && this.outboxEmptyAt === outboxEnqueues()) return { delivered: 0, failed: 0 };
    return this.relayOutbox();
  }

  /** After a crash: every operation left open is re-sent with its key; keys left in flight are answered. */
  async recover(): Promise<{ resolved: ResolveReport; keys: number }> {
    if (!this.policies.recoverOnRestart) return { resolved: { examined: 0, resolved: 0, stillOpen: 0 }, keys: 0 };
    const resolved = await resolveOpenOperations({ store: this.store, service: this.service, now: () => this.now() }, { olderThanMs: 0, cause: 'recovery' });
    const keys = await completeInFlightKeys(this.store, (id) => this.service.view(id));
    await this.inbox.drain();
    return { resolved, keys };
  }

  /** Resolves every open operation, applies pending webhooks, and matches the day's settlement report. */
  async reconcile(date?: string): Promise<ReconciliationResult> {
    const runId = newId(this.env.random, 'rec_');
    const appliedWebhooks = await this.inbox.drain();
    const resolved = await resolveOpenOperations({ store: this.store, service: this.service, now: () => this.now() }, { olderThanMs: 0, cause: 'reconciliation' });
    const day = date ?? (this.options.settlementSource ? new Date(this.now()).toISOString().slice(0, 10) : null);
    const discrepancies =
      day && this.options.settlementSource
        ? await reconcileSettlement(
            { store: this.store, now: () => this.now(), source: this.options.settlementSource, providers: Object.keys(this.options.adapters) as ProviderName[] },
            { date: day, runId },
          )
        : [];
    const parkedWebhooks = { dead_letter: 0, orphan: 0 };
    for (const p of await countParked(this.store)) parkedWebhooks[p.state] += p.n;
    return { runId, resolved, appliedWebhooks, date: day, discrepancies, parkedWebhooks };
  }

  private outboxTarget(): OutboxTarget {
    return this.options.outbox ?? { sink: (e) => this.log(`outbox ${e.type} ${e.paymentId}`) };
  }
}

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}
