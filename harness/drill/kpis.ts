// The payment KPIs a payments team lives by, measured from a drill's record (history, the PSPs'
// ledgers, the SUT's final view) and the checkers' verdicts: nothing here is estimated.
import type { CheckResult } from '../checker/types.ts';
import type { CompleteEvent, InvokeEvent, RunRecord } from '../history/types.ts';

export interface DrillKpis {
  operations: number;
  /** Operations that failed or ended indeterminate for a platform reason (issuer declines excluded), / operations. */
  platformFailureRate: number;
  /** Authorizations that ended authorized or captured, / authorization attempts (declines count as attempts). */
  authorizationSuccessRate: number | null;
  /** Issuer declines, / authorization attempts. */
  declineRate: number | null;
  /** PSP money movements the no-double-money checker found in excess, / money operations. */
  duplicateRate: number;
  /** End-to-end latency of merchant operations (invoke → completion), ms. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /** Webhook processing lag p95 (receipt → applied) as the SUT reports it; null when it does not. */
  webhookLagP95Ms: number | null;
  /** Payments whose final view disagrees with the PSP (agreement violations), / payments. */
  reconciliationMismatchRate: number;
  /** Payments still unknown or authorizing after the liveness phase. */
  unknownAfterHeal: number;
  /** What the SUT's reconciliation found wrong against the PSPs' settlement reports; null when it cannot say. */
  settlementDiscrepancies: number | null;
  /** Requests that came back to a PSP before the Retry-After of its 429 had passed; null when not measured. */
  earlyRetries: number | null;
}

const MONEY_OPS = new Set(['authorize', 'capture', 'refund', 'void']);

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function measureKpis(record: RunRecord, results: readonly CheckResult[], webhookLagP95Ms: number | null, settlementDiscrepancies: number | null = null, earlyRetries: number | null = null): DrillKpis {
  const invokes = new Map<number, InvokeEvent>();
  const completions: Array<{ invoke: InvokeEvent; done: CompleteEvent }> = [];
  for (const e of record.history) {
    if (e.type === 'invoke') invokes.set(e.opId, e);
    else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const invoke = invokes.get(e.opId);
      if (invoke) completions.push({ invoke, done: e });
    }
  }
  const money = completions.filter((c) => MONEY_OPS.has(c.invoke.op));
  // A merchant API may answer 2xx for a payment that failed at the platform or whose outcome is
  // open (the reference core does: 201 with status failed / unknown): those count too.
  const platform = money.filter(({ done }) => {
    const c = done.completion;
    if (c.type === 'info') return true;
    if (c.type === 'fail') return c.error.kind === 'platform';
    return ['failed', 'unknown', 'authorizing'].includes(c.value.status);
  });
  const auths = money.filter((c) => c.invoke.op === 'authorize');
  const approved = auths.filter(({ done }) => done.completion.type === 'ok' && ['authorized', 'captured', 'partially_captured'].includes(done.completion.value.status));
  const declined = auths.filter(({ done }) => done.completion.type === 'fail' ? done.completion.error.kind === 'decline' : done.completion.type === 'ok' && done.completion.value.status === 'declined');
  const latencies = money.map(({ invoke, done }) => done.t - invoke.t).sort((a, b) => a - b);
  const violations = (name: string) => results.find((r) => r.invariant === name)?.violations.length ?? 0;
  const payments = record.final.length;
  return {
    operations: money.length,
    platformFailureRate: ratio(platform.length, money.length) ?? 0,
    authorizationSuccessRate: ratio(approved.length, auths.length),
    declineRate: ratio(declined.length, auths.length),
    duplicateRate: ratio(violations('no-double-money'), money.length) ?? 0,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? null },
    webhookLagP95Ms,
    reconciliationMismatchRate: ratio(violations('agreement'), payments) ?? 0,
    unknownAfterHeal: record.final.filter((p) => p.status === 'unknown' || p.status === 'authorizing').length,
    settlementDiscrepancies,
    earlyRetries,
  };
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 10_000) / 10_000;
}

/**
 * p95 from a Prometheus histogram in text format (cumulative `_bucket{le="…"}` lines): the upper
 * bound of the first bucket holding 95% of the observations. Null when absent or empty.
 */
export function histogramP95(metricsText: string, name: string): number | null {
  const buckets: Array<{ le: number; count: number }> = [];
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.split(' ').pop());
    if (le === undefined || !Number.isFinite(count)) continue;
    buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const hit = buckets.find((b) => b.count >= total * 0.95)!;
  return Number.isFinite(hit.le) ? hit.le : (buckets.at(-2)?.le ?? null);
}
