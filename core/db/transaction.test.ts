// Transactions and constraints, on whichever backend testDb() gives (PGlite, or the server under
// scripts/with-postgres.sh): the same assertions must hold on both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NestedTransactionError, TransactionAbortedError, TransactionClosedError, DatabaseClosedError } from './errors.ts';
import { insertPayment } from './test-fixtures.ts';
import { testDb } from './test-db.ts';
import type { Db, Queryable } from './types.ts';

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(async () => {
  await db.close();
});

const count = async (q: Queryable = db): Promise<number> =>
  (await q.query<{ n: number }>('SELECT count(*) AS n FROM payments'))[0]!.n;

describe('transaction', () => {
  it('commits when the body resolves and returns its value', async () => {
    const out = await db.transaction(async (tx) => {
      await insertPayment(tx, { id: 'pay_1' });
      return 'done';
    });
    expect(out).toBe('done');
    expect(await count()).toBe(1);
  });

  it('rolls back everything when the body throws, and rethrows the same error', async () => {
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await insertPayment(tx, { id: 'pay_1' });
        await tx.query('UPDATE payments SET amount_authorized = 1000 WHERE id = $1', ['pay_1']);
        expect(await count(tx)).toBe(1); // visible inside
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await count()).toBe(0);
    // and the database is usable afterwards
    await db.transaction((tx) => insertPayment(tx, { id: 'pay_2' }));
    expect(await count()).toBe(1);
  });

  it('refuses to commit a transaction whose failed statement the body swallowed', async () => {
    await expect(
      db.transaction(async (tx) => {
        await insertPayment(tx, { id: 'pay_1' });
        await tx.query('UPDATE payments SET amount_captured = 5 WHERE id = $1', ['pay_1']).catch(() => undefined);
        return 'looks fine';
      }),
    ).rejects.toBeInstanceOf(TransactionAbortedError);
    expect(await count()).toBe(0);
  });

  it('sees its own writes, and others see them only after commit', async () => {
    await db.transaction(async (tx) => {
      await insertPayment(tx, { id: 'pay_1' });
      const rows = await tx.query<{ id: string }>('SELECT id FROM payments');
      expect(rows).toEqual([{ id: 'pay_1' }]);
    });
    expect(await db.query('SELECT id FROM payments')).toEqual([{ id: 'pay_1' }]);
  });

  it('rejects db.query and db.transaction from inside a transaction on the same database', async () => {
    await db.transaction(async () => {
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(NestedTransactionError);
      await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(NestedTransactionError);
    });
    // outside, both work again
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('refuses a tx handle used after its transaction ended', async () => {
    let leaked: Queryable | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query('SELECT 1')).rejects.toBeInstanceOf(TransactionClosedError);
  });

  it('runs a parameterless text as a simple query: several statements, rows of the last', async () => {
    expect(await db.query('SELECT 1 AS a; SELECT 2 AS b')).toEqual([{ b: 2 }]);
    expect(await db.transaction((tx) => tx.query('SELECT 1 AS a; SELECT 3 AS c'))).toEqual([{ c: 3 }]);
    expect(await db.query('SELECT $1::text AS p', ['x'])).toEqual([{ p: 'x' }]);
  });
});

describe('the schema refuses impossible money', () => {
  const violation = { code: '23514' }; // check_violation

  it('rejects captured above authorized', async () => {
    await expect(insertPayment(db, { id: 'p', amount_authorized: 100, amount_captured: 101 })).rejects.toMatchObject(violation);
    await insertPayment(db, { id: 'p', amount_authorized: 100, amount_captured: 100 });
    await expect(db.query('UPDATE payments SET amount_captured = amount_captured + 1 WHERE id = $1', ['p'])).rejects.toMatchObject(violation);
    expect(await db.query('SELECT amount_captured FROM payments')).toEqual([{ amount_captured: 100 }]);
  });

  it('rejects refunded above captured', async () => {
    await insertPayment(db, { id: 'p', amount_authorized: 100, amount_captured: 60, amount_refunded: 60 });
    await expect(db.query('UPDATE payments SET amount_refunded = 61 WHERE id = $1', ['p'])).rejects.toMatchObject(violation);
  });

  it('rejects a non-positive amount', async () => {
    await expect(insertPayment(db, { id: 'p', amount: 0 })).rejects.toMatchObject(violation);
  });

  it('rolls back the whole transaction when a constraint fails inside it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await insertPayment(tx, { id: 'ok', amount_authorized: 10 });
        await insertPayment(tx, { id: 'bad', amount_authorized: 10, amount_captured: 11 });
      }),
    ).rejects.toMatchObject(violation);
    expect(await count()).toBe(0);
  });
});

describe('close', () => {
  it('refuses work after close, and close twice is fine', async () => {
    const other = await testDb();
    await other.close();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(other.transaction(async () => 1)).rejects.toBeInstanceOf(DatabaseClosedError);
  });
});
