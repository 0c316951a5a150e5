// The webhook inbox: verify, store durably (deduplicated by provider and event id), acknowledge,
// then apply asynchronously. A forged or stale webhook is refused with 4xx and changes nothing.
import type { ProviderEvent, ProviderName, WebhookResponse } from '../adapters/types.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../api/errors.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { MutantName } from '../mutants/catalogue.ts';
import type { PaymentService } from '../payments/service.ts';
import { applyEvent } from './apply.ts';

/** An event whose payment stays unknown after this many tries is parked as an orphan. */
const MAX_APPLY_ATTEMPTS = 50;

export class WebhookInbox {
  private draining: Promise<number> = Promise.resolve(0);

  constructor(
    /** `mutant`: harness selftest only, the built-in mutant whose mutation points are on (core/mutants/). */
    private readonly deps: { db: Db; service: PaymentService; metrics: Metrics; now: () => number; mutant?: MutantName },
  ) {}

  async receive(provider: ProviderName, rawBody: string, headers: Record<string, string>): Promise<WebhookResponse> {
    const adapter = this.deps.service.adapter(provider);
    const verdict = adapter.parseWebhook(rawBody, headers, this.deps.now());
    if (verdict.kind === 'rejected') {
      this.deps.metrics.webhook(provider, verdict.reason);
      throw new ApiError(400, 'invalid_request', `webhook_${verdict.reason}`, verdict.message);
    }
    const at = this.deps.now();
    if (this.deps.mutant === 'webhook-no-dedupe') return this.applyOnArrival(provider, verdict.events, at);
    const fresh = await this.deps.db.transaction(async (tx) => {
      let inserted = 0;
      for (const event of verdict.events) {
        const rows = await tx.query(
          `INSERT INTO webhook_inbox (provider, event_id, received_at, event, state, provider_payment_id) VALUES ($1, $2, $3, $4, 'pending', $5)
           ON CONFLICT (provider, event_id) DO NOTHING RETURNING event_id`,
          [provider, event.eventId, at, JSON.stringify(event), event.providerPaymentId],
        );
        inserted += rows.length;
      }
      return inserted;
    });
    this.deps.metrics.webhook(provider, fresh > 0 || verdict.events.length === 0 ? 'accepted' : 'duplicate');
    return adapter.acknowledge();
  }

  /**
   * MUTANT webhook-no-dedupe: every delivery is applied at once, as it arrives, with no
   * (provider, event id) dedupe; only an event whose payment is not known yet is left to the drain.
   */
  private async applyOnArrival(provider: ProviderName, events: ProviderEvent[], at: number): Promise<WebhookResponse> {
    for (const event of events) {
      await this.deps.db.transaction(async (tx) => {
        const outcome = await applyEvent(tx, provider, event, at, this.deps.mutant);
        if (outcome.kind !== 'no_payment') return;
        await tx.query(
          `INSERT INTO webhook_inbox (provider, event_id, received_at, event, state, provider_payment_id) VALUES ($1, $2, $3, $4, 'pending', $5)
           ON CONFLICT (provider, event_id) DO NOTHING`,
          [provider, event.eventId, at, JSON.stringify(event), event.providerPaymentId],
        );
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

  private async drainOnce(limit: number): Promise<number> {
    const pending = await this.deps.db.query<{ provider: ProviderName; event_id: string; event: string; received_at: number | string; attempts: number }>(
      `SELECT provider, event_id, event, received_at, attempts FROM webhook_inbox WHERE state = 'pending' ORDER BY received_at, event_id LIMIT $1`,
      [limit],
    );
    let applied = 0;
    for (const row of pending) {
      const event = JSON.parse(row.event) as ProviderEvent;
      // Each event in isolation: one whose apply throws (a row the database refuses) is retried on
      // later drains and dead-lettered after MAX_APPLY_ATTEMPTS; it never blocks the events after it.
      try {
        applied += await this.applyRow(row, event);
      } catch (err) {
        const dead = row.attempts + 1 >= MAX_APPLY_ATTEMPTS;
        await this.deps.db.query(`UPDATE webhook_inbox SET attempts = attempts + 1, state = $3, outcome = $4 WHERE provider = $1 AND event_id = $2`, [
          row.provider,
          row.event_id,
          dead ? 'dead_letter' : 'pending',
          `apply failed: ${(err as Error).message}`.slice(0, 500),
        ]);
      }
    }
    return applied;
  }

  private async applyRow(row: { provider: ProviderName; event_id: string; received_at: number | string; attempts: number }, event: ProviderEvent): Promise<number> {
    let applied = 0;
    await this.deps.db.transaction(async (tx) => {
      const now = this.deps.now();
      const outcome = await applyEvent(tx, row.provider, event, now, this.deps.mutant);
      if (outcome.kind === 'no_payment') {
        const orphan = row.attempts + 1 >= MAX_APPLY_ATTEMPTS;
        await tx.query(`UPDATE webhook_inbox SET attempts = attempts + 1, state = $3, outcome = $4 WHERE provider = $1 AND event_id = $2`, [
          row.provider,
          row.event_id,
          orphan ? 'orphan' : 'pending',
          'no payment matches this event yet',
        ]);
        return;
      }
      await tx.query(`UPDATE webhook_inbox SET state = $3, applied_at = $4, outcome = $5, attempts = attempts + 1 WHERE provider = $1 AND event_id = $2`, [
        row.provider,
        row.event_id,
        outcome.kind,
        now,
        outcome.detail,
      ]);
      this.deps.metrics.webhookApplied(now - Number(row.received_at));
      applied += 1;
    });
    return applied;
  }
}
