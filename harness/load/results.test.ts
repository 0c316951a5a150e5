// vegeta's results → history: hand-written results as `vegeta encode -to json` prints them, each
// answer mapped as the merchant-API driver would, invokes and completions placed in time, faults
// and phases the runner recorded merged between them where they fell.
import { describe, expect, it } from 'vitest';
import type { AuthorizeArgs } from '../driver/types.ts';
import { HistoryRecorder } from '../history/index.ts';
import type { CompleteEvent, InvokeEvent } from '../history/types.ts';
import { measureKpis } from '../drill/kpis.ts';
import { completionOf } from './completion.ts';
import { parseResultLines, timestampMs, type VegetaResult } from './results.ts';
import { judgeThresholds } from './thresholds.ts';
import { LoadTimeline } from './timeline.ts';

const b64 = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64');
const payment = (reference: string, status: string, extra: Record<string, unknown> = {}) => ({
  id: `pay_${reference}`,
  reference,
  status,
  amount: 1000,
  currency: 'EUR',
  provider: 'stripe',
  providerPaymentId: `pi_${reference}`,
  amounts: { authorized: status === 'captured' ? 1000 : 0, captured: status === 'captured' ? 1000 : 0, refunded: 0 },
  declineCode: status === 'declined' ? 'insufficient_funds' : null,
  ...extra,
});
function result(reference: string, code: number, body: unknown, o: Partial<VegetaResult> = {}): VegetaResult {
  return {
    attack: '',
    seq: 0,
    code,
    timestamp: '2026-11-25T22:45:15.000000000Z',
    latency: 5_000_000,
    bytes_out: 100,
    bytes_in: 100,
    error: code === 0 ? 'Post "http://sut/v1/payments#x": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' : code >= 400 ? `${code}` : '',
    body: body === undefined ? null : b64(body),
    method: 'POST',
    url: `http://127.0.0.1:8080/v1/payments#${reference}`,
    headers: {},
    ...o,
  };
}

describe('completionOf', () => {
  it('maps each answer as the merchant-API driver would, a 2xx by the payment status it carries', () => {
    expect(completionOf(result('a', 201, payment('a', 'captured')))).toMatchObject({ type: 'ok', value: { paymentId: 'pay_a', status: 'captured', amounts: { captured: 1000 } } });
    expect(completionOf(result('b', 201, payment('b', 'authorized')))).toMatchObject({ type: 'ok', value: { status: 'authorized' } });
    expect(completionOf(result('c', 201, payment('c', 'declined')))).toMatchObject({ type: 'fail', error: { kind: 'decline', code: 'insufficient_funds' }, value: { paymentId: 'pay_c', status: 'declined' } });
    expect(completionOf(result('c2', 200, payment('c2', 'declined')))).toMatchObject({ type: 'fail', error: { kind: 'decline' } });
    // 201 is not success: the status says whether the platform failed or left the outcome open.
    expect(completionOf(result('c3', 201, payment('c3', 'failed')))).toMatchObject({ type: 'fail', error: { kind: 'platform' }, value: { paymentId: 'pay_c3', status: 'failed' } });
    expect(completionOf(result('c4', 201, payment('c4', 'unknown')))).toMatchObject({ type: 'info', error: { kind: 'platform', code: 'payment_unknown' } });
    expect(completionOf(result('c5', 201, payment('c5', 'authorizing')))).toMatchObject({ type: 'info', error: { kind: 'platform' } });
    expect(completionOf(result('d', 422, { error: { type: 'invalid_request', code: 'parameter_invalid', message: 'amount' } }))).toEqual({ type: 'fail', error: { kind: 'invalid', code: 'parameter_invalid', message: 'amount' } });
    expect(completionOf(result('e', 409, { error: { code: 'idempotency_in_flight', message: 'busy' } }))).toMatchObject({ type: 'fail', error: { kind: 'invalid', code: 'idempotency_in_flight' } });
    expect(completionOf(result('f', 502, { error: { code: 'provider_error', message: 'PSP said no' } }))).toMatchObject({ type: 'fail', error: { kind: 'platform', code: 'provider_error' } });
    expect(completionOf(result('g', 503, { error: { code: 'unavailable', message: 'later' } }))).toMatchObject({ type: 'info', error: { kind: 'platform', code: 'unavailable' } });
    expect(completionOf(result('h', 500, 'Internal Server Error'))).toMatchObject({ type: 'info', error: { kind: 'platform', code: 'http_500' } });
    expect(completionOf(result('i', 429, { error: { code: 'rate_limited', message: 'slow down' } }))).toMatchObject({ type: 'info', error: { kind: 'platform' } });
    expect(completionOf(result('j', 0, undefined))).toMatchObject({ type: 'info', error: { kind: 'network', code: 'no_answer', message: expect.stringContaining('deadline exceeded') } });
    // A 2xx that carries no payment cannot be trusted either way.
    expect(completionOf(result('k', 201, 'not json'))).toMatchObject({ type: 'info', error: { kind: 'platform', code: 'http_201' } });
  });
});

describe('vegeta results → history', () => {
  const lines = [
    result('p1', 201, payment('p1', 'captured'), { seq: 0, timestamp: '2026-11-25T22:45:15.000250000Z', latency: 20_000_000 }),
    result('p2', 201, payment('p2', 'declined'), { seq: 1, timestamp: '2026-11-25T22:45:15.200000000Z', latency: 10_000_000 }),
    result('p3', 0, undefined, { seq: 2, timestamp: '2026-11-25T22:45:15.400000000Z', latency: 1_000_000_000 }),
    result('p4', 502, { error: { code: 'provider_error', message: 'x' } }, { seq: 3, timestamp: '2026-11-25T22:45:15.600000000Z', latency: 3_000_000 }),
    // No target was read: vegeta recorded an error but made no request.
    { ...result('', 0, undefined, { seq: 4, timestamp: '2026-11-25T22:45:15.800000000Z', latency: 0 }), url: '', method: '' },
  ].map((r) => JSON.stringify(r)).join('\n');
  const start = Date.parse('2026-11-25T22:45:15Z');
  const args = (reference: string): AuthorizeArgs => ({ reference, amount: 1000, currency: 'EUR', provider: 'stripe', paymentMethod: reference === 'p2' ? 'pm_card_chargeDeclinedInsufficientFunds' : 'pm_card_visa', capture: 'automatic', idempotencyKey: `${reference}-authorize` });

  it('reads timestamps to the microsecond', () => {
    expect(timestampMs('2026-11-25T22:45:15.000250000Z')).toBeCloseTo(start + 0.25, 6);
    expect(timestampMs('2026-11-25T23:45:15.5+01:00')).toBe(start + 500);
    expect(timestampMs('2026-11-25T22:45:15Z')).toBe(start);
    expect(() => timestampMs('yesterday')).toThrow(/not a vegeta timestamp/);
  });

  it('merges the requests into the runner\'s history at their times, a fault where it was asked for', () => {
    const results = parseResultLines(`${lines}\n`);
    expect(results).toHaveLength(5);
    // What the runner recorded during the attack: the fault confirmed at +450 ms, asked at +300.
    let now = start - 100;
    const history = new HistoryRecorder(() => now);
    history.phase('safety');
    now = start + 450;
    const started = history.fault('start', 'psp:stripe', 'stripe: error 503', { kind: 'psp' });
    now = start + 500;
    history.fault('stop', 'psp:stripe', 'healed: stripe: error 503');
    const t = new LoadTimeline();
    t.requests(results, args);
    t.mergeInto(history, 1, new Map([[started, start + 300]]));
    now = start + 2000;
    history.phase('heal');
    const h = history.events;

    expect(t.unsent).toBe(1);
    expect(h.map((e) => e.index)).toEqual(h.map((_, i) => i));
    expect(h.map((e) => (e.type === 'phase' ? `phase:${e.phase}` : e.type === 'fault' ? `fault:${e.action}` : `${e.type}:${(e as InvokeEvent).reference}`))).toEqual([
      'phase:safety',
      'invoke:p1',
      'ok:p1',
      'invoke:p2',
      'fail:p2',
      'fault:start',
      'invoke:p3', // its completion comes a second later, after the fault healed
      'fault:stop',
      'invoke:p4',
      'fail:p4',
      'info:p3',
      'phase:heal',
    ]);
    const invoke = h.find((e) => e.type === 'invoke' && e.reference === 'p1') as InvokeEvent;
    const done = h.find((e) => e.type === 'ok' && e.reference === 'p1') as CompleteEvent;
    expect(invoke.t).toBeCloseTo(start + 0.25, 3);
    expect(done.t - invoke.t).toBeCloseTo(20, 3);
    expect(done.opId).toBe(invoke.opId);
    expect(invoke).toMatchObject({ op: 'authorize', args: { idempotencyKey: 'p1-authorize', capture: 'automatic', paymentMethod: 'pm_card_visa' } });
    // Concurrent requests are concurrent clients.
    expect(new Set(h.filter((e) => e.type === 'invoke').map((e) => (e as InvokeEvent).process)).size).toBe(4);
    expect((h.find((e) => e.type === 'info') as CompleteEvent).completion).toMatchObject({ type: 'info', error: { kind: 'network' } });
  });

  it('feeds the KPIs and thresholds: declines are not platform errors, an indeterminate is', () => {
    const t = new LoadTimeline();
    t.requests(parseResultLines(lines), args);
    const history = t.build();
    const kpis = measureKpis({ seed: 1, history, ledger: [], final: [], livenessBoundMs: 60_000 }, [], null);
    expect(kpis.operations).toBe(4);
    expect(kpis.declineRate).toBe(0.25);
    expect(kpis.platformFailureRate).toBe(0.5); // p3 (no answer) and p4 (502) of 4
    expect(kpis.latencyMs.max).toBeCloseTo(1000, 3);

    const loose = judgeThresholds(kpis, { p95Ms: 5000, maxPlatformErrorRate: 0.5 });
    expect(loose.map((x) => x.ok)).toEqual([true, true]);
    const strict = judgeThresholds(kpis, { p95Ms: 100, maxPlatformErrorRate: 0.05 });
    expect(strict).toEqual([
      { name: 'latency-p95', limit: 100, measured: kpis.latencyMs.p95, ok: false },
      { name: 'platform-error-rate', limit: 0.05, measured: 0.5, ok: false },
    ]);
    // Nothing delivered: nothing proved.
    const empty = measureKpis({ seed: 1, history: [], ledger: [], final: [], livenessBoundMs: 60_000 }, [], null);
    expect(judgeThresholds(empty, { p95Ms: 5000, maxPlatformErrorRate: 1 }).map((x) => x.ok)).toEqual([false, false]);
  });
});
