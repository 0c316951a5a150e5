// The webhook inbox: verify, store durably (deduplicated by provider and event id), acknowledge,
// then apply asynchronously. A forged or stale webhook is refused with 4xx and changes nothing.
// Each stored event is applied in isolation: one that fails is retried with backoff and then
// parked as a dead letter (dead-letters.ts), and never holds up the events after it.
import type { ProviderEvent, ProviderName, WebhookResponse } from '../adapters/types.ts';
import { ApiError } from '../api/errors.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { PaymentService } from '../payments/service.ts';
import { applyEvent, EventConflictError } from './apply.ts';
import { countParked, requeueParked } from './dead-letters.ts';
import { DEFAULT_WEBHOOK_POLICIES, type WebhookPolicies } from './policies.ts';
import { inboxRetryPolicy, retryDelayMs, type InboxRetryPolicy } from './retry-policy.ts';
import { storableEvent, storableText } from './storable.ts';
import type { InboxRow, Store } from '../storage/store.ts';

/** An event whose payment stays unknown after this many tries is parked as an orphan. */
const MAX_ORPHAN_ATTEMPTS = 50;
/** SQLSTATE check_violation: the payments table's amount CHECKs (captured <= authorized, refunded <= captured). */
const CHECK_VIOLATION = '23514';

type PendingRow = InboxRow & { provider: ProviderName };

export class WebhookInbox {
  private readonly deps: { store: Store; service: PaymentService; metrics: Metrics; now: () => number; policies?: Partial<WebhookPolicies>; retry?: Partial<InboxRetryPolicy> };
  private draining: Promise<number> = Promise.resolve(0);
  private readonly retry: InboxRetryPolicy;
  private readonly policies: WebhookPolicies;
  /** The parked-events gauge is read from the database once, then whenever this process parks or replays. */
  private parkedGaugeStale = true;
  /**
   * What this core's last drain learned, for drainIfDue: no pending row is due before this time
   * (Infinity: none is pending). undefined: not known, the next drain queries.
   */
  private quietUntil: number | undefined;
  /** Counts this core's inbox writes outside a drain (receive, replay): a drain that saw one move learns nothing. */
  private writes = 0;

  constructor(
    /** `policies`: dedupe, matching and ordering (./policies.ts); each one not given is the default. */
    deps: { store: Store; service: PaymentService; metrics: Metrics; now: () => number; policies?: Partial<WebhookPolicies>; retry?: Partial<InboxRetryPolicy> },
  ) {
    this.deps = deps;
    this.retry = inboxRetryPolicy(deps.retry);
    this.policies = { ...DEFAULT_WEBHOOK_POLICIES, ...deps.policies };
  }

  async receive(provider: ProviderName, rawBody: string, headers: Record<string, string>): Promise<WebhookResponse> {
    const adapter = this.deps.service.adapter(provider);
    const verdict = adapter.parseWebhook(rawBody, headers, this.deps.now());
    if (verdict.kind === 'rejected') {
      this.deps.metrics.webhook(provider, verdict.reason);
      throw new ApiError(400, 'invalid_request', `webhook_${verdict.reason}`, verdict.message);
    }
    // Signed is not storable: refused here, before anything is written, rather than poisoning the queue.
    const events: ProviderEvent[] = [];
    for (const event of verdict.events) {
      const checked = storableEvent(event);
      if (!checked.ok) {
        this.deps.metrics.webhook(provider, 'malformed');
        throw new ApiError(400, 'invalid_request', 'webhook_malformed', `event ${storableText(event.eventId)}: ${checked.message}`);
      }
      events.push(checked.event);
    }
    const at = this.deps.now();
    this.wrote();
    if (this.policies.webhookDedupe === 'none') return this.applyOnArrival(provider, events, at);
    const fresh = await this.deps.store.transaction(async (tx) => {
      let inserted = 0;
      for (const event of events) {
        if (await tx.inbox.insertIfNew({ provider, event_id: event.eventId, received_at: at, event: JSON.stringify(event), provider_payment_id: event.providerPaymentId })) inserted += 1;
      }
      return inserted;
    });
    this.deps.metrics.webhook(provider, fresh > 0 || events.length === 0 ? 'accepted' : 'duplicate');
    return adapter.acknowledge();
  }

  /**
   * Without dedupe: every delivery is applied at once, as it arrives, with no (provider, event id)
   * check; only an event whose payment is not known yet is left to the drain.
   */
  private async applyOnArrival(provider: ProviderName, events: ProviderEvent[], at: number): Promise<WebhookResponse> {
    for (const event of events) {
      await this.deps.store.transaction(async (tx) => {
        const outcome = await applyEvent(tx, provider, event, at, this.policies);
        if (outcome.kind !== 'no_payment') return;
        await tx.inbox.insertIfNew({ provider, event_id: event.eventId, received_at: at, event: JSON.stringify(event), provider_payment_id: event.providerPaymentId });
      });
    }
    this.deps.metrics.webhook(provider, 'accepted');
    return this.deps.service.adapter(provider).acknowledge();
  }

  /** Applies pending events in arrival order, one transaction each. Calls are serialized. */
  drain(limit = 500): Promise<number> {
    const run = this.draining.then(() => this.drainOnce(limit));
    this.draining = run.catch(() => 0);
    return run;
  }

  /**
   * drain, without its query when it cannot find anything: this core's last drain saw every due row
   * (fewer than its limit), left none of them due, learned from the same query when the next
   * pending row becomes due, that time has not come, and this core has received or replayed
   * nothing since. Then a query would return no row, so skipping it changes nothing.
   *
   * Only for a caller that knows this core is the only process writing its inbox: the simulation
   * world (one core, on a store of its own, emptied before the run). A core sharing its database
   * with other core processes (the live world's standby, several replicas on Postgres) cannot know
   * without a query what they stored or parked for retry, nor whether one of them died between
   * storing an event and applying it; it calls drain(), which always queries.
   */
  drainIfDue(limit = 500): Promise<number> {
    const run = this.draining.then(() => {
      const quiet = this.quietUntil;
      if (quiet === undefined || this.deps.now() >= quiet) return this.drainOnce(limit);
      // What the skipped drain would still have done: refresh a stale parked gauge.
      return this.parkedGaugeStale ? this.refreshParkedGauge().then(() => 0) : 0;
    });
    this.draining = run.catch(() => 0);
    return run;
  }

  /** This core wrote to its inbox outside a drain: what the last drain learned no longer holds. */
  private wrote(): void {
    this.writes += 1;
    this.quietUntil = undefined;
  }

  /**
   * Puts a dead letter or orphan back in the queue and applies what is due at once. Returns false
   * when no such parked event exists (never parked, already replayed, or applied).
   */
  async replay(provider: ProviderName, eventId: string): Promise<boolean> {
    this.wrote();
    const requeued = await requeueParked(this.deps.store, provider, eventId);
    if (!requeued) return false;
    this.parkedGaugeStale = true;
    await this.drain();
    return true;
  }

  private async drainOnce(limit: number): Promise<number> {
    // Unknown until this drain is over (a drain that throws leaves it unknown).
    this.quietUntil = undefined;
    const writes = this.writes;
    const now = this.deps.now();
    const due = await this.deps.store.inbox.listDueAndNext(now, limit);
    const pending = due.rows as PendingRow[];
    // When the next drain can have work: rows beyond the limit may be due now; else the next row
    // not due yet, or one of these left pending (due at once, or at its retry time).
    let quiet: number | undefined = pending.length < limit ? (due.nextDueAt ?? Infinity) : undefined;
    const stillDue = (at: number | null) => {
      if (quiet !== undefined) quiet = at === null ? undefined : Math.min(quiet, at);
    };
    let applied = 0;
    for (const row of pending) {
      // Each event in isolation: whatever goes wrong with one (a body that does not parse, a row the
      // database refuses, a contradiction with what is booked) is recorded on that event alone, in
      // its own statement after its transaction rolled back, and the loop moves on.
      try {
        const n = await this.applyRow(row, JSON.parse(row.event) as ProviderEvent);
        applied += n;
        // Not applied and not parked: no payment matched yet, tried again on the next drain.
        if (n === 0 && row.attempts + 1 < MAX_ORPHAN_ATTEMPTS) stillDue(null);
      } catch (err) {
        const next = await this.recordFailure(row, err);
        if (next !== 'parked') stillDue(next);
      }
    }
    if (this.parkedGaugeStale) await this.refreshParkedGauge();
    if (this.writes === writes) this.quietUntil = quiet;
    return applied;
  }

  /**
   * Counts a failed apply and decides what next:
   * - a conflict with what is booked (EventConflictError): dead letter at once, waiting cannot fix it;
   * - a payment CHECK refused the amounts (SQLSTATE 23514: refunded above captured, captured above
   *   authorized): the event most likely overtook the one it depends on (a refund before its
   *   capture), so it waits like an event whose payment is not known yet: tried again on every
   *   drain, parked after MAX_ORPHAN_ATTEMPTS (a lie that never becomes true ends there);
   * - anything else: retried with backoff on the clock, dead-lettered after the policy's attempts.
   */
  private async recordFailure(row: PendingRow, err: unknown): Promise<number | null | 'parked'> {
    const now = this.deps.now();
    const attempts = row.attempts + 1;
    const conflict = err instanceof EventConflictError;
    const waiting = !conflict && (err as { code?: unknown } | null)?.code === CHECK_VIOLATION;
    const limit = waiting ? MAX_ORPHAN_ATTEMPTS : this.retry.maxAttempts;
    const dead = conflict || attempts >= limit;
    const message = (err as Error | null)?.message ?? String(err);
    const why = conflict ? `conflict: ${message}` : `${waiting ? 'waiting for an earlier event' : 'apply failed'} (attempt ${attempts} of ${limit}): ${message}`;
    const next = dead || waiting ? null : now + retryDelayMs(this.retry, attempts);
    await this.deps.store.inbox.recordFailure(row.provider, row.event_id, {
      attempts,
      state: dead ? 'dead_letter' : 'pending',
      outcome: storableText(why).slice(0, 500),
      next_attempt_at: next,
      dead_at: dead ? now : null,
    });
    if (dead) {
      this.deps.metrics.webhookDeadLettered(row.provider, conflict ? 'conflict' : waiting ? 'never_applicable' : 'apply_failed');
      this.parkedGaugeStale = true;
    }
    // When the row is due again (null: on every drain, as it was), or parked.
    return dead ? 'parked' : next;
  }

  private async refreshParkedGauge(): Promise<void> {
    this.deps.metrics.webhooksParked(await countParked(this.deps.store));
    this.parkedGaugeStale = false;
  }

  private async applyRow(row: PendingRow, event: ProviderEvent): Promise<number> {
    let applied = 0;
    await this.deps.store.transaction(async (tx) => {
      const now = this.deps.now();
      const outcome = await applyEvent(tx, row.provider, event, now, this.policies);
      if (outcome.kind === 'no_payment') {
        const orphan = row.attempts + 1 >= MAX_ORPHAN_ATTEMPTS;
        await tx.inbox.recordNoPayment(row.provider, row.event_id, { state: orphan ? 'orphan' : 'pending', outcome: 'no payment matches this event yet', dead_at: orphan ? now : null });
        if (orphan) this.parkedGaugeStale = true;
        return;
      }
      await tx.inbox.recordApplied(row.provider, row.event_id, { state: outcome.kind, applied_at: now, outcome: storableText(outcome.detail).slice(0, 500) });
      this.deps.metrics.webhookApplied(now - row.received_at);
      applied += 1;
    });
    return applied;
  }
}
