// PGlite has one connection: its Db must serialize transactions and make plain queries wait.
// These run on PGlite whatever GAUNTLET_TEST_DATABASE_URL says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertPayment } from './test-fixtures.ts';
import { pgliteTestDb } from './test-db.ts';
import type { Db } from './types.ts';

let db: Db;
beforeEach(async () => {
  db = await pgliteTestDb();
});
afterEach(async () => {
  await db.close();
});

/** Lets every other ready task run, several times over (a real wait, not a virtual one). */
const yieldMacrotasks = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('PGlite Db', () => {
  it('is a pglite Db', () => {
    expect(db.kind).toBe('pglite');
  });

  it('runs concurrent transactions one after the other, never interleaving their statements', async () => {
    const log: string[] = [];
    const body = (name: string) => async (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => {
      log.push(`${name} begin`);
      for (let i = 0; i < 3; i++) {
        await tx.query('SELECT $1::int AS i', [i]);
        await yieldMacrotasks();
        log.push(`${name} ${i}`);
      }
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([db.transaction(body('A')), db.transaction(body('B')), db.transaction(body('C'))]);
    expect(results).toEqual(['A', 'B', 'C']);
    expect(log).toEqual(['A', 'B', 'C'].flatMap((n) => [`${n} begin`, `${n} 0`, `${n} 1`, `${n} 2`, `${n} end`]));
  });

  it('keeps their effects apart: a rolled-back transaction does not undo a queued one', async () => {
    const failing = db.transaction(async (tx) => {
      await insertPayment(tx, { id: 'rolled_back' });
      await yieldMacrotasks();
      throw new Error('boom');
    });
    const committed = db.transaction((tx) => insertPayment(tx, { id: 'kept' }));
    await expect(failing).rejects.toThrow('boom');
    await committed;
    expect(await db.query('SELECT id FROM payments')).toEqual([{ id: 'kept' }]);
  });

  it('makes a plain query wait for the running transaction instead of running inside it', async () => {
    let inserted!: () => void;
    const insertedP = new Promise<void>((r) => (inserted = r));
    const tx = db.transaction(async (t) => {
      await insertPayment(t, { id: 'uncommitted' });
      inserted();
      await yieldMacrotasks(10);
      throw new Error('roll it back');
    });
    await insertedP;
    // Issued while the transaction is open: had it joined the transaction it would see the row
    // (and its own effects would be rolled back with it).
    const seen = db.query<{ n: number }>('SELECT count(*) AS n FROM payments');
    const written = db.query('INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ($1, $2, $3, $4)', ['x', 'p', '{}', 1]);
    await expect(tx).rejects.toThrow('roll it back');
    expect(await seen).toEqual([{ n: 0 }]);
    await written;
    expect(await db.query('SELECT count(*) AS n FROM outbox')).toEqual([{ n: 1 }]);
  });

  it('keeps two test databases on the shared instance apart', async () => {
    const other = await pgliteTestDb();
    try {
      await insertPayment(db, { id: 'mine' });
      await Promise.all([
        insertPayment(other, { id: 'theirs' }),
        db.transaction((tx) => insertPayment(tx, { id: 'mine_too' })),
      ]);
      expect(await db.query('SELECT id FROM payments ORDER BY id')).toEqual([{ id: 'mine' }, { id: 'mine_too' }]);
      expect(await other.query('SELECT id FROM payments')).toEqual([{ id: 'theirs' }]);
    } finally {
      await other.close();
    }
  });
});
