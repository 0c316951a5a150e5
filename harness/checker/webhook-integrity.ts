// Invariant 7, webhook integrity: forged or stale webhooks change nothing, and genuine ones are
// taken in.
//
// Forgeries: every delivery the history records as `forged` must be refused: a 2xx answer means
// the SUT accepted it, a violation naming the event id. The same for `stale`, except on providers
// whose signature covers no timestamp (Adyen): there a stale replay is indistinguishable from the
// provider's own retry of the genuine event, which it must accept and deduplicate; whether it
// changed anything shows in agreement. A lost delivery (no status) and a 5xx accepted nothing.
// When agreement finds a disagreement on a payment of the same provider, the violation mentions
// it (agreement owns amounts, so it is not reported twice).
//
// Genuine deliveries: a SUT that refuses everything passes the rule above, so a genuine delivery
// (correctly signed, signed when sent, so fresh) must be accepted. Refused with a 4xx (408 and 429
// mean "later", like a 5xx) is a violation. Answered, but never with a 2xx, is one only when the
// SUT was still answering it with errors after the faults healed (an answered attempt at or after
// the heal phase, by time: a live world appends the PSP's delivery log after the run): a 5xx that
// a later retry turned into a 2xx is fine, and a delivery whose retries ran out while faults were
// on (the SUT down, the wire cut) or that was lost in transit is not the SUT's fault.
//
// Nothing to look at is not a pass: a history without a single webhook delivery is `unknown`.
import type { HistoryEvent, RunRecord, WebhookEvent } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { agreementFindings } from './agreement.ts';

/** Providers whose webhook signature does not cover a timestamp, so age cannot be verified. */
export const TIMESTAMPLESS_SIGNATURES: ReadonlySet<string> = new Set(['adyen']);

export const NO_WEBHOOKS_NOTE = 'the history records no webhook delivery, so there was nothing to judge (a SUT without webhooks, or a world that does not record them)';

export const webhookIntegrity: Checker = (run: RunRecord): CheckResult => {
  const webhooks = run.history.filter((e): e is WebhookEvent => e.type === 'webhook');
  if (webhooks.length === 0) return { invariant: 'webhook-integrity', valid: 'unknown', note: NO_WEBHOOKS_NOTE, violations: [] };
  const violations = [...acceptedForgeries(run, webhooks), ...refusedGenuine(run.history, webhooks)];
  return { invariant: 'webhook-integrity', valid: violations.length === 0, violations };
};

function acceptedForgeries(run: RunRecord, webhooks: readonly WebhookEvent[]): Violation[] {
  const accepted = webhooks.filter(
    (e) => (e.kind === 'forged' || (e.kind === 'stale' && !TIMESTAMPLESS_SIGNATURES.has(e.provider.toLowerCase()))) && e.status !== undefined && isAccepted(e.status),
  );
  if (accepted.length === 0) return [];
  const disagreements = agreementFindings(run).findings;
  return accepted.map((w) => {
    const related = disagreements
      .filter((f) => f.provider === null || f.provider.toLowerCase() === w.provider.toLowerCase())
      .map((f) => f.violation.paymentId);
    const also = related.length > 0 ? ` Agreement also finds ${w.provider} payment${related.length === 1 ? '' : 's'} ${list(related)} disagreeing with the ledger, which this webhook may have caused.` : '';
    const what = w.forgery ? ` (${w.forgery})` : '';
    return {
      invariant: 'webhook-integrity',
      paymentId: w.eventId,
      explanation: `the SUT accepted a ${w.kind} ${w.provider} webhook ${w.eventId} (${w.eventType})${what} with HTTP ${w.status}; it must refuse it with a 4xx.${also}`,
      timeline: [w],
    };
  });
}

function refusedGenuine(history: readonly HistoryEvent[], webhooks: readonly WebhookEvent[]): Violation[] {
  const healedAt = history.find((e) => e.type === 'phase' && e.phase === 'heal')?.t;
  const deliveries = new Map<string, WebhookEvent[]>();
  for (const w of webhooks) {
    if (w.kind !== 'genuine') continue;
    // Without a delivery id, a genuine event's attempts are its retries: one delivery per event.
    const key = `${w.provider}\u0000${w.deliveryId ?? w.eventId}`;
    deliveries.set(key, [...(deliveries.get(key) ?? []), w]);
  }
  const out: Violation[] = [];
  for (const attempts of deliveries.values()) {
    const first = attempts[0]!;
    const answered = attempts.filter((a) => a.status !== undefined);
    const refusal = answered.find((a) => isRefusal(a.status!));
    const named = `genuine ${first.provider} webhook ${first.eventId} (${first.eventType})`;
    if (refusal) {
      const later = answered.some((a) => a.index > refusal.index && isAccepted(a.status!)) ? ', although a later retry was accepted' : '';
      out.push({
        invariant: 'webhook-integrity',
        paymentId: first.eventId,
        explanation: `the SUT refused a ${named}, correctly signed and fresh, with HTTP ${refusal.status}${later}; a genuine delivery must be accepted (2xx), and a duplicate deduplicated, not refused.`,
        timeline: attempts,
      });
      continue;
    }
    const last = answered.at(-1);
    if (last && !answered.some((a) => isAccepted(a.status!)) && healedAt !== undefined && answered.some((a) => a.t >= healedAt)) {
      out.push({
        invariant: 'webhook-integrity',
        paymentId: first.eventId,
        explanation: `the SUT never accepted a ${named}: ${answered.length} attempt${answered.length === 1 ? '' : 's'} answered ${list(answered.map((a) => String(a.status)))}, the last after the faults had healed.`,
        timeline: attempts,
      });
    }
  }
  return out;
}

const isAccepted = (status: number): boolean => status >= 200 && status < 300;
/** A 4xx that says "no", not "later". */
const isRefusal = (status: number): boolean => status >= 400 && status < 500 && status !== 408 && status !== 429;

function list(ids: string[]): string {
  const shown = ids.slice(0, 3).join(', ');
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}
