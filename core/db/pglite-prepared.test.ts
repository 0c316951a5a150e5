// Prepared statements on PGlite must be invisible to callers: the same rows and values as PGlite's
// own query, the same errors, and right after a schema change or in another schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { createPgliteFromSnapshot } from './pglite-snapshot.ts';
import { pgliteDb, sharePglite, type SharedPglite } from './pglite.ts';
import { parseInt8, INT8_OID } from './int8.ts';
import type { Db } from './types.ts';

let pg: PGlite;
let shared: SharedPglite;
let db: Db;
beforeAll(async () => {
  pg = await createPgliteFromSnapshot();
  // As createPglite configures it: int8 as numbers.
  pg.parsers[INT8_OID] = parseInt8;
  shared = sharePglite(pg);
  db = pgliteDb(shared, { onClose: (p) => p.close() });
  await db.query('CREATE TABLE t (id text PRIMARY KEY, n bigint NOT NULL, ok boolean, doc jsonb, at timestamptz, CHECK (n >= 0))');
}, 60_000);
afterAll(async () => db?.close());

describe('PGlite prepared statements', () => {
  it('give what PGlite query gives: the same values, types and nulls, statement after statement', async () => {
    await db.query('INSERT INTO t (id, n, ok, doc, at) VALUES ($1, $2, $3, $4, $5)', ['a', 9_007_199_254_740_991, true, '{"x":[1,"y"]}', null]);
    await db.query('INSERT INTO t (id, n, ok, doc, at) VALUES ($1, $2, $3, $4, $5)', ['b', 0, false, null, '2026-06-01T09:00:00Z']);
    const sql = 'SELECT * FROM t WHERE n >= $1 ORDER BY id';
    for (let i = 0; i < 8; i++) {
      // More than five runs: Postgres may switch a prepared statement to a generic plan after five.
      const ours = await db.query(sql, [0]);
      const theirs = (await pg.query(sql, [0])).rows;
      expect(ours).toEqual(theirs);
    }
    const [a] = await db.query<{ n: number; ok: boolean; doc: unknown }>(sql.replace('ORDER BY id', "AND id = $2"), [0, 'a']);
    expect(a).toMatchObject({ n: 9_007_199_254_740_991, ok: true, doc: { x: [1, 'y'] } });
    expect(shared.statements.byText.size).toBeGreaterThan(0);
  });

  it('read an answer larger than PGlite hands over at once, and text in any script', async () => {
    const sql = "SELECT g AS i, repeat($3::text, $2::int) AS pad, NULL::text AS nothing FROM generate_series(1, $1::int) g ORDER BY g";
    const params = [3_000, 300, 'ü€😀'];
    const ours = await db.query(sql, params);
    expect(ours).toHaveLength(3_000);
    expect(ours).toEqual((await pg.query(sql, params)).rows);
  });

  it('throw the database error with its SQLSTATE and constraint, and the session goes on', async () => {
    const insert = 'INSERT INTO t (id, n) VALUES ($1, $2)';
    await expect(db.query(insert, ['a', 1])).rejects.toMatchObject({ code: '23505', constraint: 't_pkey' });
    await expect(db.query(insert, ['c', -1])).rejects.toMatchObject({ code: '23514', constraint: 't_n_check' });
    await expect(db.query('SELECT nope FROM t WHERE id = $1', ['a'])).rejects.toMatchObject({ code: '42703' });
    expect(await db.query('SELECT id FROM t WHERE id = $1', ['b'])).toEqual([{ id: 'b' }]);
  });

  it('inside a transaction: a failed statement aborts it (25P02 after), a rollback undoes the writes and keeps the statements', async () => {
    const insert = 'INSERT INTO t (id, n) VALUES ($1, $2)';
    await expect(
      db.transaction(async (tx) => {
        await tx.query(insert, ['r1', 1]);
        await tx.query(insert, ['a', 1]).catch(() => undefined);
        await expect(tx.query(insert, ['r2', 1])).rejects.toMatchObject({ code: '25P02' });
      }),
    ).rejects.toThrow();
    await expect(db.transaction(async (tx) => tx.query(insert, ['r3', 1]).then(() => Promise.reject(new Error('no'))))).rejects.toThrow('no');
    expect(await db.query('SELECT id FROM t WHERE id LIKE $1 ORDER BY id', ['r%'])).toEqual([]);
    await db.query(insert, ['r4', 4]);
    expect(await db.query('SELECT n FROM t WHERE id = $1', ['r4'])).toEqual([{ n: 4 }]);
  });

  it('follow a schema change: SELECT * after ALTER TABLE gives the new columns', async () => {
    const sql = 'SELECT * FROM t WHERE id = $1';
    expect(Object.keys((await db.query(sql, ['b']))[0]!)).toEqual(['id', 'n', 'ok', 'doc', 'at']);
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE t ADD COLUMN extra text');
    });
    expect(Object.keys((await db.query(sql, ['b']))[0]!)).toEqual(['id', 'n', 'ok', 'doc', 'at', 'extra']);
  });

  it('are kept per schema: the same text on two schemas of one instance reads each its own table', async () => {
    // Two Dbs over one instance through one lock, as test-db.ts shares it.
    await db.query('CREATE SCHEMA s1; CREATE SCHEMA s2; CREATE TABLE s1.u (v int); CREATE TABLE s2.u (v int); INSERT INTO s1.u VALUES (1); INSERT INTO s2.u VALUES (2)');
    const s1 = pgliteDb(shared, { schema: 's1', onClose: async () => undefined });
    const s2 = pgliteDb(shared, { schema: 's2', onClose: async () => undefined });
    for (let i = 0; i < 3; i++) {
      expect(await s1.query('SELECT v FROM u WHERE v > $1', [0])).toEqual([{ v: 1 }]);
      expect(await s2.query('SELECT v FROM u WHERE v > $1', [0])).toEqual([{ v: 2 }]);
    }
    const before = shared.statements.byText.size;
    await s1.close();
    expect(shared.statements.byText.size).toBe(before - 1);
    await s2.close();
    expect(shared.statements.byText.size).toBe(before - 2);
  });
});
