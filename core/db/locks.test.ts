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
 * Lets the second transaction get as far as it can while the first one is open. On the server:
 * until it waits on a lock (the first holds it) or has finished (nothing stopped it). On PGlite it
 * cannot start before the first ends, so there is nothing to watch: give it a moment.
 */
async function untilSecondIsBlockedOrDone(second: Promise<unknown>): Promise<void> {
  if (db.kind !== 'postgres') return sleep(20);
  let done = false;
  void second.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 1000; i++) {
    if (done) return;
    const rows = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0]!.n > 0) return;
    await sleep(10);
  }
  throw new Error('the second transaction neither finished nor waited on a lock');
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

/**
 * The first transaction reads and holds; the second starts and gets as far as it can; then the
 * first writes and commits. Returns what each read and the final amount.
 */
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
  try {
    await untilSecondIsBlockedOrDone(second);
  } finally {
    letFirstGo();
  }
  const [a, b] = await Promise.all([first, second]);
  const [row] = await db.query<{ amount_captured: number }>('SELECT amount_captured FROM payments WHERE id = $1', ['pay']);
  return { firstRead: a, secondRead: b, final: row!.amount_captured };
}

describe('SELECT … FOR UPDATE', () => {
  it('makes the second transaction see the first one’s committed update', async () => {
    expect(await race(true)).toEqual({ firstRead: 0, secondRead: 100, final: 200 });
  });

  // The control: the same race without the lock. On the server the second transaction reads the
  // same 0 and one capture is lost, which shows the race above really happens there.
  it('without it, the server loses an update; PGlite, serialized, does not', async () => {
    const result = await race(false);
    if (db.kind === 'postgres') expect(result).toEqual({ firstRead: 0, secondRead: 0, final: 100 });
    else expect(result).toEqual({ firstRead: 0, secondRead: 100, final: 200 });
  });
});
