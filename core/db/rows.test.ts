// The core sees identical rows on both backends: bigint / bigserial columns (amounts, ms
// timestamps, outbox ids) and count(*) come back as JS numbers, never strings or BigInts.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Int8RangeError } from './int8.ts';
import { insertPayment } from './test-fixtures.ts';
import { testDb } from './test-db.ts';
import type { Db } from './types.ts';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => {
  await db.close();
});

describe('rows', () => {
  it('returns bigint columns as numbers, at the limits the core uses', async () => {
    const at = 1_767_225_600_000; // 2026-01-01 in ms
    await insertPayment(db, { id: 'big', amount: 99_999_999, amount_authorized: 99_999_999, created_at: at, updated_at: at + 1 });
    const [row] = await db.query('SELECT amount, amount_authorized, amount_captured, created_at, updated_at, version FROM payments');
    expect(row).toEqual({
      amount: 99_999_999,
      amount_authorized: 99_999_999,
      amount_captured: 0,
      created_at: at,
      updated_at: at + 1,
      version: 0,
    });
    for (const v of Object.values(row!)) expect(typeof v).toBe('number');
  });

  it('returns bigserial ids, count(*) and bigint arrays as numbers, and NULL bigints as null', async () => {
    for (const p of ['a', 'b']) {
      await db.query('INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ($1, $2, $3, $4)', ['payment.updated', p, '{}', 5]);
    }
    expect(await db.query('SELECT id, delivered_at FROM outbox ORDER BY id')).toEqual([
      { id: 1, delivered_at: null },
      { id: 2, delivered_at: null },
    ]);
    expect(await db.query('SELECT count(*) AS n, max(id) AS m, array_agg(id ORDER BY id) AS ids FROM outbox')).toEqual([
      { n: 2, m: 2, ids: [1, 2] },
    ]);
    const [inserted] = await db.transaction((tx) =>
      tx.query<{ id: number }>("INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ('x', 'c', '{}', 6) RETURNING id"),
    );
    expect(inserted).toEqual({ id: 3 });
  });

  it('gives sum(bigint), a numeric, as a string on both: cast it to bigint to get a number', async () => {
    await insertPayment(db, { id: 'a', amount: 10 });
    await insertPayment(db, { id: 'b', amount: 20 });
    expect(await db.query('SELECT sum(amount) AS s, sum(amount)::bigint AS n FROM payments')).toEqual([{ s: '30', n: 30 }]);
  });

  it('refuses a bigint beyond 2^53 instead of rounding it', async () => {
    await expect(db.query('SELECT 9007199254740993::int8 AS x')).rejects.toBeInstanceOf(Int8RangeError);
    await expect(db.query('SELECT $1::int8 AS x', ['-9007199254740993'])).rejects.toBeInstanceOf(Int8RangeError);
    expect(await db.query('SELECT 9007199254740991::int8 AS x')).toEqual([{ x: 9_007_199_254_740_991 }]);
    // the connection is fine afterwards
    expect(await db.transaction((tx) => tx.query('SELECT 1::int8 AS one'))).toEqual([{ one: 1 }]);
  });

  it("leaves node-postgres' global int8 parser alone (only our pools parse int8 as numbers)", () => {
    expect(pg.types.getTypeParser(20, 'text')('5')).toBe('5');
  });
});
