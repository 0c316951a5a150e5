// The merchant's Idempotency-Key: the request's fingerprint and the saved response. Same key and
// same request replay the response; a different request is 422; a request still running is 409.
// Requests refused as malformed (400) or about no known payment (404) save nothing, so a
// corrected retry with the key executes.
import type { Store } from '../storage/store.ts';
import { ApiError } from './errors.ts';

export interface SavedAnswer {
  status: number;
  body: unknown;
}

const SCOPE = 'merchant';

export async function withIdempotency(
  store: Store,
  { key, fingerprint, now, paymentId }: { key: string; fingerprint: string; now: number; paymentId?: string },
  run: () => Promise<SavedAnswer & { paymentId?: string }>,
): Promise<SavedAnswer & { replayed: boolean }> {
  if (key.length === 0 || key.length > 255) throw new ApiError(400, 'invalid_request', 'idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 characters', 'Idempotency-Key');
  const claim = await store.transaction(async (tx) => {
    const row = await tx.idempotencyKeys.get(SCOPE, key, { lock: true });
    if (row) {
      if (row.fingerprint !== fingerprint) {
        return new ApiError(422, 'idempotency', 'idempotency_key_reused', 'This Idempotency-Key was used with a different request');
      }
      if (row.state !== 'done') return new ApiError(409, 'conflict', 'idempotency_key_in_flight', 'A request with this Idempotency-Key is still being processed');
      return { status: Number(row.response_status), body: JSON.parse(row.response_body ?? 'null') as unknown };
    }
    // A request about an existing payment names it from the start, so that if the process dies
    // mid-request, recovery answers the merchant's retry instead of forgetting the key.
    await tx.idempotencyKeys.insertInFlight({ scope: SCOPE, key, fingerprint, payment_id: paymentId ?? null, created_at: now });
    return undefined;
  }).catch((err: unknown) => {
    // Two first requests racing on a server: the loser's insert hits the primary key.
    if ((err as { code?: string }).code === '23505') return new ApiError(409, 'conflict', 'idempotency_key_in_flight', 'A request with this Idempotency-Key is still being processed');
    throw err;
  });
  if (claim instanceof ApiError) throw claim;
  if (claim) return { ...claim, replayed: true };

  let answer: SavedAnswer & { paymentId?: string };
  try {
    answer = await run();
  } catch (err) {
    // Refusals of the request itself (malformed, unknown payment, too large) and our own failures
    // save nothing: the key is free for a corrected retry, and junk input leaves no row behind.
    if (err instanceof ApiError && err.status !== 400 && err.status !== 404 && err.status !== 413 && err.status !== 500) {
      answer = { status: err.status, body: err.body() };
    } else {
      await store.idempotencyKeys.delete(SCOPE, key);
      throw err;
    }
  }
  await store.idempotencyKeys.complete(SCOPE, key, { payment_id: answer.paymentId ?? null, response_status: answer.status, response_body: JSON.stringify(answer.body) });
  return { status: answer.status, body: answer.body, replayed: false };
}

/** Keys a crash left in flight: answered now from the payment's current state, or forgotten. */
export async function completeInFlightKeys(store: Store, view: (paymentId: string) => Promise<unknown>): Promise<number> {
  const rows = await store.idempotencyKeys.listInFlight(SCOPE);
  for (const row of rows) {
    if (row.payment_id) await store.idempotencyKeys.answer(SCOPE, row.key, { response_status: 200, response_body: JSON.stringify(await view(row.payment_id)) });
    else await store.idempotencyKeys.delete(SCOPE, row.key);
  }
  return rows.length;
}
