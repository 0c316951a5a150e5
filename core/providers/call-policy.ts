// How the core calls a provider: a per-call timeout, bounded retries with exponential backoff and
// full jitter (from the injected clock and random source), Retry-After honoured, the same
// idempotency key on every attempt, and the provider's circuit breaker in front.
import type { ProviderResult } from '../adapters/types.ts';
import type { Clock, RandomSource } from '../env.ts';
import { clockDeadline } from '../../spec/index.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

export interface CallPolicy {
  maxAttempts: number;
  timeoutMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { maxAttempts: 3, timeoutMs: 2_000, baseBackoffMs: 100, maxBackoffMs: 2_000 };

export interface CallReport<T> {
  result: ProviderResult<T>;
  attempts: number;
  /** Some attempt may have executed at the provider (an indeterminate answer was seen). */
  sawIndeterminate: boolean;
  /** Latency of each attempt, ms of the injected clock. */
  latenciesMs: number[];
}

/**
 * The abort reason of a call that ran out of time, one per timeout: building an Error (its stack)
 * per call was a visible share of every provider call in the simulation world.
 */
const timeoutReasons = new Map<number, Error>();
function timeoutReason(ms: number): Error {
  let reason = timeoutReasons.get(ms);
  if (reason === undefined) timeoutReasons.set(ms, (reason = new Error(`no answer within ${ms} ms`)));
  return reason;
}

export async function callWithPolicy<T>(
  deps: { clock: Clock; random: RandomSource; breaker: CircuitBreaker; policy: CallPolicy },
  call: (attempt: { timeoutMs: number; signal: AbortSignal }) => Promise<ProviderResult<T>>,
): Promise<CallReport<T>> {
  const { clock, random, breaker, policy } = deps;
  let sawIndeterminate = false;
  const latenciesMs: number[] = [];
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (!breaker.allow()) {
      const result: ProviderResult<T> = { kind: 'provider_error', status: 503, code: 'circuit_open', message: 'the provider circuit breaker is open; the call was not sent', retryable: false };
      // A refused call after an indeterminate one must not hide that the first may have executed.
      const honest: ProviderResult<T> = sawIndeterminate ? { kind: 'indeterminate', reason: 'no answer, then the circuit opened' } : result;
      return { result: honest, attempts: attempt - 1, sawIndeterminate, latenciesMs };
    }
    const started = clock.now();
    let result: ProviderResult<T>;
    // The timeout runs on the injected clock: the same call times out the same way in virtual time.
    const deadline = clockDeadline(clock, policy.timeoutMs, timeoutReason(policy.timeoutMs));
    try {
      result = await call({ timeoutMs: policy.timeoutMs, signal: deadline.signal });
    } catch (err) {
      result = { kind: 'indeterminate', reason: `adapter threw: ${(err as Error).message}` };
    } finally {
      deadline.clear();
    }
    if (deadline.signal.aborted && result.kind !== 'indeterminate') {
      // The answer raced the deadline; the core had already given up on it.
      result = { kind: 'indeterminate', reason: `no answer within ${policy.timeoutMs} ms` };
    }
    latenciesMs.push(clock.now() - started);
    if (result.kind === 'indeterminate') sawIndeterminate = true;
    const failed = result.kind === 'indeterminate' || result.kind === 'provider_error';
    // A request the adapter refused to build never reached the provider: it proves nothing about
    // the provider's health, so it neither counts as a failure nor closes a tripping breaker.
    const notSent = result.kind === 'invalid_request' && result.notSent === true;
    if (failed) breaker.failure();
    else if (!notSent) breaker.success();
    const retry = result.kind === 'indeterminate' || (result.kind === 'provider_error' && result.retryable);
    if (!retry || attempt === policy.maxAttempts) {
      // An error after an unanswered attempt does not prove nothing happened: the first may have
      // executed, and this error may only be the edge refusing the retry.
      const honest: ProviderResult<T> =
        sawIndeterminate && result.kind === 'provider_error' ? { kind: 'indeterminate', reason: `no answer, then ${result.code}` } : result;
      return { result: honest, attempts: attempt, sawIndeterminate, latenciesMs };
    }
    const backoff = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempt - 1));
    const jittered = Math.floor(random.next() * backoff);
    const retryAfter = result.kind === 'provider_error' ? (result.retryAfterMs ?? 0) : 0;
    await clock.sleep(Math.max(jittered, Math.min(retryAfter, policy.maxBackoffMs * 5)));
  }
  throw new Error('unreachable: the attempt loop always returns');
}
