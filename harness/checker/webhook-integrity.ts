// Invariant 7, webhook integrity: forged or stale webhooks change nothing.
//
// Every delivery the history records as `forged` must be refused: a 2xx answer means the SUT
// accepted it, a violation naming the event id. The same for `stale`, except on providers whose
// signature covers no timestamp (Adyen): there a stale replay is indistinguishable from the
// provider's own retry of the genuine event, which it must accept and deduplicate; whether it
// changed anything shows in agreement. A lost delivery (no status) and a 5xx accepted nothing.
// When agreement finds a disagreement on a payment of the same provider, the violation mentions
// it (agreement owns amounts, so it is not reported twice).
import type { RunRecord, WebhookEvent } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { agreementFindings } from './agreement.ts';

/** Providers whose webhook signature does not cover a timestamp, so age cannot be verified. */
export const TIMESTAMPLESS_SIGNATURES: ReadonlySet<string> = new Set(['adyen']);

export const webhookIntegrity: Checker = (run: RunRecord): CheckResult => {
  const accepted = run.history.filter(
    (e): e is WebhookEvent =>
      e.type === 'webhook' &&
      (e.kind === 'forged' || (e.kind === 'stale' && !TIMESTAMPLESS_SIGNATURES.has(e.provider.toLowerCase()))) &&
      e.status !== undefined &&
      e.status >= 200 &&
      e.status < 300,
  );
  if (accepted.length === 0) return { invariant: 'webhook-integrity', valid: true, violations: [] };

  const disagreements = agreementFindings(run).findings;
  const violations: Violation[] = accepted.map((w) => {
    const related = disagreements
      .filter((f) => f.provider === null || f.provider.toLowerCase() === w.provider.toLowerCase())
      .map((f) => f.violation.paymentId);
    const also = related.length > 0 ? ` Agreement also finds ${w.provider} payment${related.length === 1 ? '' : 's'} ${list(related)} disagreeing with the ledger, which this webhook may have caused.` : '';
    return {
      invariant: 'webhook-integrity',
      paymentId: w.eventId,
      explanation: `the SUT accepted a ${w.kind} ${w.provider} webhook ${w.eventId} (${w.eventType}) with HTTP ${w.status}; it must refuse it with a 4xx.${also}`,
      timeline: [w],
    };
  });
  return { invariant: 'webhook-integrity', valid: false, violations };
};

function list(ids: string[]): string {
  const shown = ids.slice(0, 3).join(', ');
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}
