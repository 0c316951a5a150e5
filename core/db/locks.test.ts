// Row locks: two concurrent transactions read-modify-write the same payment. With
// SELECT … FOR UPDATE the second waits for the first and sees its committed update; on the server
// this is the lock at work, on PGlite transactions are serialized anyway. Runs on both.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertPayment } from './test-fixtures.ts';
import { testDb } from './test-db.ts';
import type { Db, Queryable } from './types.ts';

let db: Db;
beforeEach(async () => {
  db = await testDb();
  await insertPayment(db, { id: 'pay', amount: 1000, amount_authorized: 1000 });
});
afterEach(async () => {
  await db.close();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * On the server: resolves once some other session waits on a lock (the second transaction is
 * blocked behind the first). On PGlite the second transaction cannot start before the first ends,
 * so there is nothing to observe: give it a moment and go on.
 */
async function untilSomeoneWaitsOnALock(): Promise<void> {
  if (db.kind !== 'postgres') return sleep(20);
  for (let i = 0; i < 500; i++) {
    const rows = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0]!.n > 0) return;
    await sleep(10);
  }
  throw new Error('the second transaction never waited on a lock');
}

/** Captures 100 more: reads amount_captured (locking the row or not), then writes read + 100. */
async function capture100(tx: Queryable, lock: boolean, afterRead?: () => Promise<void>): Promise<number> {
  const [row] = await tx.query<{ amount_captured: number }>(
    `SELECT amount_captured FROM payments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    ['pay'],
  );
  await afterRead?.();
  await tx.query('UPDATE payments SET amount_captured = $2, version = version + 1 WHERE id = $1', ['pay', row!.amount_captured + 100]);
  return row!.amount_captured;
}

/** First transaction reads and holds; the second starts, blocks (server) or queues (PGlite); then the first commits. */
async function race(lock: boolean): Promise<{ firstRead: number; secondRead: number; final: number }> {
  let firstHasRead!: () => void;
  const firstRead = new Promise<void>((r) => (firstHasRead = r));
  let letFirstGo!: () => void;
  const release = new Promise<void>((r) => (letFirstGo = r));

  const first = db.transaction((tx) =>
    capture100(tx, lock, async () => {
      firstHasRead();
      await release;
    }),
  );
  await firstRead;
  const second = db.transaction((tx) => capture100(tx, lock));
  await untilSomeoneWaitsOnALock();
  letFirstGo();
  const [a, b] = await Promise.all([first, second]);
  const [row] = await db.query<{ amount_captured: number }>('SELECT amount_captured FROM payments WHERE id = $1', ['pay']);
  return { firstRead: a, secondRead: b, final: row!.amount_captured };
}

describe('SELECT … FOR UPDATE', () => {
  it('makes the second transaction see the first one’s committed update', async () => {
    expect(await race(true)).toEqual({ firstRead: 0, secondRead: 100, final: 200 });
  });

  it('without it, the server loses an update (which is what the lock is for); PGlite, serialized, does not', async () => {
    const result = await race(false);
    if (db.kind === 'postgres') expect(result).toEqual({ firstRead: 0, secondRead: 0, final: 100 });
    else expect(result).toEqual({ firstRead: 0, secondRead: 100, final: 200 });
  });
});
