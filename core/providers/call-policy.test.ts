import { describe, expect, it } from 'vitest';
import { VirtualClock, seededRandom } from '../../simulators/index.ts';
import type { ProviderResult } from '../adapters/types.ts';
import { callWithPolicy, DEFAULT_CALL_POLICY } from './call-policy.ts';
import { CircuitBreaker } from './circuit-breaker.ts';

function deps(threshold = 5, cooldownMs = 10_000) {
  const clock = new VirtualClock(0);
  return { clock, random: seededRandom(1), breaker: new CircuitBreaker(() => clock.now(), threshold, cooldownMs), policy: DEFAULT_CALL_POLICY };
}

/** Runs the policy while moving virtual time, so backoff sleeps pass. */
async function run<T>(d: ReturnType<typeof deps>, answers: ProviderResult<T>[]) {
  const calls: number[] = [];
  const pending = callWithPolicy(d, async () => {
    calls.push(d.clock.now());
    return answers.shift() ?? { kind: 'provider_error', status: 500, code: 'x', message: 'x', retryable: true };
  });
  for (let i = 0; i < 10; i++) await d.clock.advance(5_000);
  return { report: await pending, calls };
}

const ok: ProviderResult<string> = { kind: 'ok', value: 'done' };
const e503: ProviderResult<string> = { kind: 'provider_error', status: 503, code: 'unavailable', message: '', retryable: true };
const lost: ProviderResult<string> = { kind: 'indeterminate', reason: 'timeout' };

describe('callWithPolicy', () => {
  it('retries retryable errors with backoff and returns the first definite answer', async () => {
    const { report, calls } = await run(deps(), [e503, ok]);
    expect(report.result).toEqual(ok);
    expect(report.attempts).toBe(2);
    expect(calls[1]! - calls[0]!).toBeLessThanOrEqual(DEFAULT_CALL_POLICY.baseBackoffMs);
  });

  it('does not retry declines or invalid requests', async () => {
    const declined: ProviderResult<string> = { kind: 'declined', code: 'insufficient_funds', message: '' };
    expect((await run(deps(), [declined])).report.attempts).toBe(1);
  });

  it('honours Retry-After', async () => {
    const limited: ProviderResult<string> = { kind: 'provider_error', status: 429, code: 'rate_limit', message: '', retryable: true, retryAfterMs: 3_000 };
    const { calls } = await run(deps(), [limited, ok]);
    expect(calls[1]! - calls[0]!).toBe(3_000);
  });

  it('reports indeterminate when an unanswered attempt is followed only by errors', async () => {
    const { report } = await run(deps(), [lost, e503, e503]);
    expect(report.result.kind).toBe('indeterminate');
    expect(report.sawIndeterminate).toBe(true);
  });

  it('resolves an unanswered attempt when the keyed retry answers', async () => {
    expect((await run(deps(), [lost, ok])).report.result).toEqual(ok);
  });

  it('opens the breaker after consecutive failures and refuses calls without sending them', async () => {
    const d = deps(2, 3_600_000);
    await run(d, [e503, e503, e503]);
    expect(d.breaker.state()).toBe('open');
    const { report, calls } = await (async () => {
      const calls: number[] = [];
      const report = await callWithPolicy(d, async () => {
        calls.push(1);
        return ok;
      });
      return { report, calls };
    })();
    expect(calls).toEqual([]);
    expect(report.result).toMatchObject({ kind: 'provider_error', code: 'circuit_open' });
    await d.clock.advance(3_600_000);
    expect(d.breaker.state()).toBe('half_open');
    expect(d.breaker.allow()).toBe(true);
    expect(d.breaker.allow()).toBe(false);
    d.breaker.success();
    expect(d.breaker.state()).toBe('closed');
  });
});
