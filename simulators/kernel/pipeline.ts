// The PSP's edge: where the fault plan meets a request. Latency first; then an injected error,
// a rate limit or a dropped connection before anything executes; else the operation runs (and
// commits); then, for `timeout_after_commit`, the response is withheld, and for
// `error_after_commit` it is replaced by a 5xx.
import type { DeclineReason } from './catalogue.ts';
import type { RequestTarget } from './faults.ts';
import type { Kernel } from './kernel.ts';
import { retryAfterMs } from './request-log.ts';

/**
 * Marks a response that must never reach the client: the live server destroys the socket
 * instead of writing it, the in-process transport rejects the fetch. Status 504 is only what a
 * caller of `app.fetch` that ignores the marker would see.
 */
export const DROP_HEADER = 'x-gauntlet-drop';

export function droppedConnection(reason: 'fail_before_commit' | 'timeout_after_commit'): Response {
  return new Response(null, { status: 504, headers: { [DROP_HEADER]: reason } });
}

/**
 * Whether `response` is a dropped-connection marker. The status is read first: on
 * @hono/node-server's lightweight Response, reading `.headers` builds a web Headers object (and
 * makes the server copy it back out), a cost every answered request would pay for the rare drop.
 */
export function isDropped(response: Response): boolean {
  return response.status === 504 && response.headers.has(DROP_HEADER);
}

/** Retry-After rides only on 429, 503 and redirects (RFC 6585, RFC 9110 §10.2.3); no other answer is opened for it. */
function mayCarryRetryAfter(status: number): boolean {
  return status === 429 || status === 503 || (status >= 300 && status < 400);
}

export interface EdgeResponses {
  /** An injected HTTP error, in the dialect's shape. */
  error(status: number, code: string | undefined, message: string | undefined): Response;
  /** 429 with Retry-After, in the dialect's shape. */
  rateLimited(retryAfterSeconds: number): Response;
}

export interface OperationContext {
  /** Set when a `decline` fault overrides the issuer's answer. */
  forcedDecline?: DeclineReason;
  /** Set by an `async_failure` fault: an asynchronous modification fails later, with this reason. */
  asyncFailure?: { reason: string };
}

const DEFAULT_HANG_MS = 30_000;

export async function atTheEdge(
  kernel: Kernel,
  target: RequestTarget,
  responses: EdgeResponses,
  execute: (ctx: OperationContext) => Promise<Response>,
): Promise<Response> {
  const at = kernel.now();
  const response = await edge(kernel, target, responses, execute);
  const retryAfter = mayCarryRetryAfter(response.status) ? retryAfterMs(response.headers.get('retry-after')) : undefined;
  kernel.requests.append({
    at,
    answeredAt: kernel.now(),
    requestId: target.requestId,
    operation: target.operation,
    method: target.method,
    path: target.path,
    ...(target.idempotencyKey !== undefined ? { idempotencyKey: target.idempotencyKey } : {}),
    ...(target.paymentId !== undefined ? { paymentId: target.paymentId } : {}),
    status: isDropped(response) ? 0 : response.status,
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  });
  return response;
}

async function edge(
  kernel: Kernel,
  target: RequestTarget,
  responses: EdgeResponses,
  execute: (ctx: OperationContext) => Promise<Response>,
): Promise<Response> {
  const decision = kernel.faults.decideRequest(target);
  if (decision.latencyMs > 0) await kernel.clock.sleep(decision.latencyMs);
  const effect = decision.effect;
  switch (effect?.type) {
    case 'error':
      return responses.error(effect.status, effect.code, effect.message);
    case 'rate_limit':
      return responses.rateLimited(effect.retryAfterSeconds ?? 1);
    case 'fail_before_commit':
      return droppedConnection('fail_before_commit');
    case 'decline': {
      return execute({ forcedDecline: effect.code ?? 'generic_decline' });
    }
    case 'async_failure':
      // Adyen's own wording for the most common scheme refusal (docs: CAPTURE_FAILED reasons).
      return execute({ asyncFailure: { reason: effect.reason ?? 'Capture rejected by card scheme because of a technical issue' } });
    case 'error_after_commit': {
      // The answer the operation produced is what was saved under the idempotency key, so a retry
      // with the same key learns the outcome; this request only ever sees the 5xx.
      await execute({});
      if (decision.latencyAfterCommitMs > 0) await kernel.clock.sleep(decision.latencyAfterCommitMs);
      return responses.error(effect.status, effect.code, effect.message);
    }
    case 'timeout_after_commit': {
      await execute({});
      await kernel.clock.sleep(effect.hangMs ?? DEFAULT_HANG_MS);
      return droppedConnection('timeout_after_commit');
    }
    default: {
      const response = await execute({});
      if (decision.latencyAfterCommitMs > 0) await kernel.clock.sleep(decision.latencyAfterCommitMs);
      return response;
    }
  }
}
