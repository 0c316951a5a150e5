// One Checkout operation from the wire to the ledger: body, idempotency key, the fault plan at
// the edge, then the handler. The order matters:
//   1. Malformed JSON is refused before anything is claimed.
//   2. The Idempotency-Key is claimed (scope: the API key, Adyen's company account). A key in use
//      by a request still running gets 704 with `transient-error: true`; a finished one replays.
//   3. The fault plan decides at the edge (kernel atTheEdge): latency, injected errors, 429, a
//      dropped connection before commit, a forced decline, or a commit whose answer is lost.
//      Replays pass the edge too: a retry can meet the network as any request does.
//   4. The handler validates and commits. Its response is saved for replay; a validation error
//      is not, and an injected fault never reaches it: the key is released either way.
import type { Context } from 'hono';
import { atTheEdge, fingerprint, textProblem, type DeclineReason, type Kernel, type SavedResponse } from '../kernel/index.ts';
import { API_KEY_HEADER } from './auth.ts';
import { ADYEN_ERRORS, AdyenErrorReply, errorResponse, injectedError } from './errors.ts';
import { parseBody, type Body } from './request.ts';

/** Marks a replayed response (Adyen sends the first response unchanged; this header is Gauntlet's). */
export const REPLAYED_HEADER = 'x-gauntlet-idempotent-replayed';

export interface OperationInput {
  body: Body;
  /** The payment's pspReference for modifications. */
  paymentPspReference?: string;
  requestId: string;
  idempotencyKey?: string;
  /** A `decline` fault overrides the issuer. */
  forcedDecline?: DeclineReason;
  /** An `async_failure` fault: a capture or refund is received, then refused by notification. */
  asyncFailure?: { reason: string };
}

export type OperationResult = { status: number; body: unknown } | AdyenErrorReply;
export type Operation = (input: OperationInput) => OperationResult;

const JSON_TYPE = 'application/json;charset=UTF-8';

export async function runOperation(kernel: Kernel, c: Context, operation: string, handler: Operation): Promise<Response> {
  const requestId = kernel.id('req_', 16);
  const parsed = parseBody(await c.req.text());
  if (!parsed.ok) return errorResponse(kernel, parsed.error);
  // A pspReference that is not text (NUL, a lone surrogate) names no payment: refused before the
  // key is claimed or the request logged.
  const psp = c.req.param('psp');
  if (psp !== undefined && textProblem(psp) !== undefined) return errorResponse(kernel, ADYEN_ERRORS.unknownPayment);

  const scope = c.req.header(API_KEY_HEADER) ?? '';
  const key = c.req.header('idempotency-key') || undefined;
  let replay: SavedResponse | undefined;
  if (key !== undefined) {
    const claim = kernel.idempotency.begin(scope, key, fingerprint('POST', c.req.path, parsed.value), kernel.now());
    if (claim.kind === 'key_too_long') return errorResponse(kernel, ADYEN_ERRORS.idempotencyKeyTooLong);
    if (claim.kind === 'in_flight') return errorResponse(kernel, ADYEN_ERRORS.idempotencyInFlight, { 'transient-error': 'true' });
    if (claim.kind === 'replay' || claim.kind === 'mismatch') replay = claim.response;
  }

  const edgeResponses = {
    error: (status: number, code: string | undefined, message: string | undefined) => errorResponse(kernel, injectedError(status, code, message)),
    rateLimited: (retryAfterSeconds: number) => errorResponse(kernel, ADYEN_ERRORS.rateLimited, { 'retry-after': String(retryAfterSeconds) }),
  };
  const paymentPspReference = c.req.param('psp');
  try {
    const target = {
      operation,
      method: c.req.method,
      path: c.req.path,
      requestId,
      // For the PSP's request log (retry etiquette), not for rule matching.
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      ...(paymentPspReference !== undefined ? { paymentId: paymentPspReference } : {}),
    };
    return await atTheEdge(kernel, target, edgeResponses, async (ctx) => {
      if (replay) return toResponse(replay, { [REPLAYED_HEADER]: 'true' });
      const result = handler({
        body: parsed.value,
        requestId,
        ...(paymentPspReference !== undefined ? { paymentPspReference } : {}),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
        ...(ctx.forcedDecline !== undefined ? { forcedDecline: ctx.forcedDecline } : {}),
        ...(ctx.asyncFailure !== undefined ? { asyncFailure: ctx.asyncFailure } : {}),
      });
      // Not saved: the claim is released below, so a corrected retry with the same key executes.
      if (result instanceof AdyenErrorReply) return errorResponse(kernel, result.error, result.headers);
      const saved: SavedResponse = {
        status: result.status,
        headers: { 'content-type': JSON_TYPE, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(result.body),
      };
      if (key !== undefined) kernel.idempotency.complete(scope, key, saved);
      return toResponse(saved);
    });
  } finally {
    // A claim that never got a saved response (validation error, fault before commit, a throw)
    // is released; a saved one stays.
    if (key !== undefined) kernel.idempotency.release(scope, key);
  }
}

function toResponse(saved: SavedResponse, extra: Record<string, string> = {}): Response {
  return new Response(saved.body, { status: saved.status, headers: { ...saved.headers, ...extra } });
}
