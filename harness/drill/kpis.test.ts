// The KPIs from a hand-written record: each figure counted the way a payments team would.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checker/types.ts';
import type { Completion, PaymentObservation } from '../driver/types.ts';
import { HistoryRecorder } from '../history/index.ts';
import { histogramP95, measureKpis, percentile } from './kpis.ts';

const view = (status: string, over: Partial<PaymentObservation> = {}): PaymentObservation => ({
  paymentId: 'pay_1',
  reference: 'r',
  status,
  amount: 1000,
  currency: 'EUR',
  provider: 'stripe',
  providerPaymentId: 'pi_1',
  amounts: { authorized: 1000, captured: 0, refunded: 0 },
  declineCode: null,
  ...over,
});

describe('measureKpis', () => {
  it('counts declines apart from platform failures, 2xx failed/unknown as platform, and latencies from invoke to completion', () => {
    let now = 0;
    const h = new HistoryRecorder(() => now);
    const op = (ms: number, op: 'authorize' | 'capture', c: Completion) => {
      const i = h.invoke(0, op, 'r', {});
      now += ms;
      h.complete(i, c);
    };
    op(100, 'authorize', { type: 'ok', value: view('authorized') });
    op(200, 'authorize', { type: 'ok', value: view('declined', { declineCode: 'insufficient_funds' }) });
    op(300, 'authorize', { type: 'fail', error: { kind: 'decline', code: 'card_declined', message: '' } });
    op(400, 'authorize', { type: 'ok', value: view('failed') });
    op(500, 'capture', { type: 'info', error: { kind: 'network', code: 'timeout', message: '' } });
    op(600, 'capture', { type: 'fail', error: { kind: 'invalid', code: 'illegal_transition', message: '' } });
    const results: CheckResult[] = [
      { invariant: 'no-double-money', valid: false, violations: [{ invariant: 'no-double-money', paymentId: 'r', explanation: '', timeline: [] }] },
      { invariant: 'agreement', valid: true, violations: [] },
    ];
    const k = measureKpis({ seed: 1, history: h.events, ledger: [], final: [view('captured'), view('unknown')], livenessBoundMs: 1 }, results, 42);
    expect(k).toEqual({
      operations: 6,
      platformFailureRate: 0.3333, // the 2xx "failed" and the timeout
      authorizationSuccessRate: 0.25,
      declineRate: 0.5,
      duplicateRate: 0.1667,
      latencyMs: { p50: 300, p95: 600, p99: 600, max: 600 },
      webhookLagP95Ms: 42,
      reconciliationMismatchRate: 0,
      unknownAfterHeal: 1,
      settlementDiscrepancies: null,
      earlyRetries: null,
    });
  });

  it('reads p95 from a Prometheus histogram, and nothing from an empty one', () => {
    const text = ['x_bucket{le="10"} 50', 'x_bucket{le="100"} 96', 'x_bucket{le="+Inf"} 100', 'x_count 100'].join('\n');
    expect(histogramP95(text, 'x')).toBe(100);
    expect(histogramP95('x_bucket{le="+Inf"} 0', 'x')).toBeNull();
    expect(percentile([], 95)).toBeNull();
  });
});
