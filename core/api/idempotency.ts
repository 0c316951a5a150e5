// The merchant's Idempotency-Key: the request's fingerprint and the saved response. Same key and
// same request replay the response; a different request is 422; a request still running is 409.
// Requests refused as malformed (400) or about no known payment (404) save nothing, so a
// corrected retry with the key executes.
import type { Db } from '../db/types.ts';
import { ApiError } from './errors.ts';

export interface SavedAnswer {
  status: number;
  body: unknown;
}

const SCOPE = 'merchant';

export async function withIdempotency(
  db: Db,
  { key, fingerprint, now, paymentId }: { key: string; fingerprint: string; now: number; paymentId?: string },
  run: () => Promise<SavedAnswer & { paymentId?: string }>,
): Promise<SavedAnswer & { replayed: boolean }> {
  if (key.length === 0 || key.length > 255) throw new ApiError(400, 'invalid_request', 'idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 characters', 'Idempotency-Key');
  const claim = await db.transaction(async (tx) => {
    const rows = await tx.query<{ fingerprint: string; state: string; response_status: number | null; response_body: string | null }>(
      'SELECT fingerprint, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2 FOR UPDATE',
      [SCOPE, key],
    );
    const row = rows[0];
    if (row) {
      if (row.fingerprint !== fingerprint) {
        return new ApiError(422, 'idempotency', 'idempotency_key_reused', 'This Idempotency-Key was used with a different request');
      }
      if (row.state !== 'done') return new ApiError(409, 'conflict', 'idempotency_key_in_flight', 'A request with this Idempotency-Key is still being processed');
      return { status: Number(row.response_status), body: JSON.parse(row.response_body ?? 'null') as unknown };
    }
    // A request about an existing payment names it from the start, so that if the process dies
    // mid-request, recovery answers the merchant's retry instead of forgetting the key.
    await tx.query(`INSERT INTO idempotency_keys (scope, key, fingerprint, state, payment_id, created_at) VALUES ($1, $2, $3, 'in_flight', $4, $5)`, [
      SCOPE,
      key,
      fingerprint,
      paymentId ?? null,
      now,
    ]);
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
      await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [SCOPE, key]);
      throw err;
    }
  }
  await db.query(`UPDATE idempotency_keys SET state = 'done', payment_id = $3, response_status = $4, response_body = $5 WHERE scope = $1 AND key = $2`, [
    SCOPE,
    key,
    answer.paymentId ?? null,
    answer.status,
    JSON.stringify(answer.body),
  ]);
  return { status: answer.status, body: answer.body, replayed: false };
}

/** Keys a crash left in flight: answered now from the payment's current state, or forgotten. */
export async function completeInFlightKeys(db: Db, view: (paymentId: string) => Promise<unknown>): Promise<number> {
  const rows = await db.query<{ key: string; payment_id: string | null }>(`SELECT key, payment_id FROM idempotency_keys WHERE scope = $1 AND state = 'in_flight'`, [SCOPE]);
  for (const row of rows) {
    if (row.payment_id) {
      await db.query(`UPDATE idempotency_keys SET state = 'done', response_status = 200, response_body = $3 WHERE scope = $1 AND key = $2`, [
        SCOPE,
        row.key,
        JSON.stringify(await view(row.payment_id)),
      ]);
    } else {
      await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [SCOPE, row.key]);
    }
  }
  return rows.length;
}
