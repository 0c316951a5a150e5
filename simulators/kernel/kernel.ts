// One simulator's state: ledger, payments, idempotency keys, fault plan, webhooks and clock,
// assembled from injected time, randomness and network.
import { OffsetClock, randomId, seededRandom, type Clock, type RandomSource, type SimEnv } from './env.ts';
import { FaultEngine } from './faults.ts';
import { IdempotencyStore, type IdempotencyPolicy } from './idempotency.ts';
import { Ledger } from './ledger.ts';
import { PaymentBook } from './payments.ts';
import { RequestLog } from './request-log.ts';
import { settlementLines, type FeePolicy } from './settlement.ts';
import { WebhookDispatcher, type WebhookEncoder } from './webhooks.ts';

export interface KernelOptions {
  provider: string;
  env: SimEnv;
  idempotency: IdempotencyPolicy;
  encoder: WebhookEncoder;
  /** The provider's webhook retry delays, in provider time. */
  retryDelaysMs: number[];
  /** Compression of webhook retry delays (0.001: a minute becomes 60 ms). Default 1. */
  webhookTimeScale?: number;
  fees: FeePolicy;
  maxPayments?: number;
  maxQueuedWebhooksPerEndpoint?: number;
}

type AdvanceableClock = Clock & { advance(ms: number): void | Promise<void> };

export class Kernel {
  /** How the simulator's app routes (SimEnv.appRouter). */
  readonly appRouter: 'linear' | undefined;
  readonly provider: string;
  readonly clock: AdvanceableClock;
  /** Draws ids and anything else that is not a fault decision. */
  readonly random: RandomSource;
  readonly ledger = new Ledger();
  readonly payments: PaymentBook;
  readonly idempotency: IdempotencyStore;
  readonly faults: FaultEngine;
  readonly webhooks: WebhookDispatcher;
  readonly fees: FeePolicy;
  /** Every API request that reached the edge (see request-log.ts). */
  readonly requests = new RequestLog();

  constructor(options: KernelOptions) {
    const { env } = options;
    this.appRouter = env.appRouter;
    this.provider = options.provider;
    this.clock = hasAdvance(env.clock) ? env.clock : new OffsetClock(env.clock);
    this.random = env.random;
    // Faults draw from their own stream, so adding a rule does not change the ids of everything else.
    const faultRandom = seededRandom(Math.floor(env.random.next() * 2 ** 32));
    this.faults = new FaultEngine(this.clock, faultRandom);
    this.payments = new PaymentBook(this.ledger, options.provider, options.maxPayments);
    this.idempotency = new IdempotencyStore(options.idempotency);
    this.fees = options.fees;
    this.webhooks = new WebhookDispatcher({
      clock: this.clock,
      random: env.random,
      fetch: env.fetch,
      faults: this.faults,
      encoder: options.encoder,
      retryDelaysMs: options.retryDelaysMs,
      timeScale: options.webhookTimeScale ?? 1,
      ...(options.maxQueuedWebhooksPerEndpoint !== undefined ? { maxQueuedPerEndpoint: options.maxQueuedWebhooksPerEndpoint } : {}),
    });
  }

  now(): number {
    return this.clock.now();
  }

  id(prefix: string, length = 24): string {
    return randomId(this.random, prefix, length);
  }

  async advanceClock(ms: number): Promise<number> {
    await this.clock.advance(ms);
    return this.clock.now();
  }

  settlement(date: string) {
    return settlementLines(this.ledger.all(), date, this.fees, this.faults.settlementGaps());
  }

  /** Forgets payments, money, keys, faults and deliveries; registered webhook endpoints stay. */
  reset(): void {
    const endpoints = this.webhooks.listEndpoints();
    this.ledger.clear();
    this.payments.clear();
    this.idempotency.clear();
    this.faults.clear();
    this.requests.clear();
    this.webhooks.clear();
    for (const e of endpoints) this.webhooks.addEndpoint(e);
  }
}

function hasAdvance(clock: Clock): clock is AdvanceableClock {
  return typeof (clock as Partial<AdvanceableClock>).advance === 'function';
}
