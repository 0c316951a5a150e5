// The test support itself: each testDb() is a fresh, isolated database, gone after close, on
// whichever backend the environment selects; untilDbIdle waits for work in flight.
import { describe, expect, it } from 'vitest';
import { insertPayment } from './test-fixtures.ts';
import { TEST_DATABASE_URL_ENV, testDb, untilDbIdle } from './test-db.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('testDb', () => {
  it('is on the server when GAUNTLET_TEST_DATABASE_URL is set, else PGlite', async () => {
    const db = await testDb();
    try {
      expect(db.kind).toBe(process.env[TEST_DATABASE_URL_ENV] ? 'postgres' : 'pglite');
    } finally {
      await db.close();
    }
  });

  it('gives each call its own migrated database, and drops it at close', async () => {
    const a = await testDb();
    const b = await testDb();
    try {
      await insertPayment(a, { id: 'in_a' });
      expect(await b.query('SELECT id FROM payments')).toEqual([]);
      expect(await a.query('SELECT id FROM payments')).toEqual([{ id: 'in_a' }]);
      const [{ schema }] = (await a.query<{ schema: string }>('SELECT current_schema() AS schema')) as [{ schema: string }];
      expect(schema).toMatch(/^test_[0-9a-f]{16}$/);
      await a.close();
      expect(await b.query('SELECT nspname FROM pg_namespace WHERE nspname = $1', [schema])).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('can give an empty database for migration tests', async () => {
    const db = await testDb({ migrate: false });
    try {
      expect(await db.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('untilDbIdle', () => {
  it('waits for a transaction in flight, however long it takes in real time', async () => {
    const db = await testDb();
    try {
      let finished = false;
      const tx = db.transaction(async (t) => {
        await t.query('SELECT 1');
        await sleep(50);
        await t.query('SELECT 2');
        finished = true;
      });
      await untilDbIdle(db);
      expect(finished).toBe(true);
      await tx;
      await untilDbIdle(db); // and returns when there is nothing to wait for
    } finally {
      await db.close();
    }
  });
});
