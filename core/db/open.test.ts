// openDatabase: PGlite in memory or in a directory (persisting across close and reopen), a server
// when given a URL; migrated either way. And resetDatabase.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations } from './migrate.ts';
import { openDatabase } from './open.ts';
import { openPostgres } from './postgres.ts';
import { childrenFirst, resetDatabase } from './reset.ts';
import { insertPayment } from './test-fixtures.ts';
import { TEST_DATABASE_URL_ENV, testDb } from './test-db.ts';
import type { Db } from './types.ts';

const serverUrl = process.env[TEST_DATABASE_URL_ENV] || undefined;

describe('openDatabase with PGlite', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gauntlet-db-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a dataDir database across close and reopen, migrating it once', async () => {
    const dataDir = join(dir, 'pgdata'); // does not exist yet
    const first = await openDatabase({ dataDir, now: () => 111 });
    expect(first.kind).toBe('pglite');
    await first.transaction((tx) => insertPayment(tx, { id: 'durable', amount: 4242 }));
    await first.close();

    const again = await openDatabase({ dataDir, now: () => 222 });
    try {
      expect(await again.query('SELECT id, amount FROM payments')).toEqual([{ id: 'durable', amount: 4242 }]);
      const applied = await again.query<{ applied_at: number }>('SELECT applied_at FROM schema_migrations');
      expect(applied.length).toBe((await loadMigrations()).length);
      expect(new Set(applied.map((r) => r.applied_at))).toEqual(new Set([111]));
    } finally {
      await again.close();
    }
  }, 120_000);

  it('is in memory without a dataDir, and refuses both url and dataDir', async () => {
    await expect(openDatabase({ url: 'postgres://nowhere.invalid/db', dataDir: dir, now: () => 0 })).rejects.toThrow(/not both/);
    const db = await openDatabase({ url: '', now: () => 0 }); // an empty DATABASE_URL means unset
    try {
      expect(db.kind).toBe('pglite');
      expect(await db.query('SELECT count(*) AS n FROM payments')).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.skipIf(serverUrl === undefined)('openDatabase with a server URL', () => {
  it('opens, migrates and reopens a server database', async () => {
    const name = `open_${Math.random().toString(36).slice(2, 10)}`;
    const admin = await openPostgres(serverUrl!);
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      const db = await openDatabase({ url: url.href, now: () => 7, max: 2 });
      expect(db.kind).toBe('postgres');
      await insertPayment(db, { id: 'p' });
      await db.close();
      const again = await openDatabase({ url: url.href, now: () => 8 });
      expect(await again.query('SELECT id FROM payments')).toEqual([{ id: 'p' }]);
      expect(new Set((await again.query<{ a: number }>('SELECT applied_at AS a FROM schema_migrations')).map((r) => r.a))).toEqual(new Set([7]));
      await again.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    }
  });

  it('fails at open, not later, when the server cannot be reached', async () => {
    await expect(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', now: () => 0 })).rejects.toThrow();
  });
});

describe('resetDatabase', () => {
  let db: Db;
  beforeEach(async () => {
    db = await testDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('empties every table but schema_migrations and restarts ids', async () => {
    await insertPayment(db, { id: 'p' });
    await db.query("INSERT INTO payment_events (payment_id, seq, to_status, cause, at) VALUES ('p', 1, 'authorized', 'api', 1)");
    await db.query("INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ('e', 'p', '{}', 1)");
    const migrations = await db.query('SELECT * FROM schema_migrations ORDER BY version');
    await resetDatabase(db);
    for (const t of ['payments', 'payment_events', 'outbox']) {
      expect(await db.query(`SELECT count(*) AS n FROM ${t}`)).toEqual([{ n: 0 }]);
    }
    expect(await db.query('SELECT * FROM schema_migrations ORDER BY version')).toEqual(migrations);
    const [row] = await db.query("INSERT INTO outbox (event_type, payment_id, payload, created_at) VALUES ('e', 'p', '{}', 1) RETURNING id");
    expect(row).toEqual({ id: 1 });
  });
});

describe('childrenFirst', () => {
  it('puts a table before every table it references, and gives up on a cycle', () => {
    const order = childrenFirst([
      { name: 'payments', parents: [] },
      { name: 'payment_events', parents: ['payments'] },
      { name: 'operations', parents: ['payments'] },
      { name: 'refund_lines', parents: ['operations', 'payments'] },
      { name: 'self', parents: ['self'] },
    ]);
    expect(order).toEqual(['payment_events', 'refund_lines', 'self', 'operations', 'payments']);
    expect(childrenFirst([{ name: 'a', parents: ['b'] }, { name: 'b', parents: ['a'] }])).toBeUndefined();
  });
});
