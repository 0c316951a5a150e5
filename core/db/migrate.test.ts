// Migrations, on whichever backend testDb() gives.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, loadMigrations, migrate, type Migration } from './migrate.ts';
import { testDb } from './test-db.ts';
import type { Db } from './types.ts';

let db: Db;
beforeEach(async () => {
  db = await testDb({ migrate: false });
});
afterEach(async () => {
  await db.close();
});

const tables = async (): Promise<string[]> =>
  (
    await db.query<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1')
  ).map((r) => r.t);

const recorded = () => db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');

describe('loadMigrations', () => {
  it('reads core/db/migrations in version order, starting with 001_init', async () => {
    const ms = await loadMigrations();
    expect(ms[0]).toMatchObject({ version: 1, name: 'init' });
    expect(ms.map((m) => m.version)).toEqual([...ms.map((m) => m.version)].sort((a, b) => a - b));
    expect(ms[0]!.sql).toContain('CREATE TABLE payments');
  });

  it('refuses a misnamed migration file and duplicate versions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-migrations-'));
    try {
      await writeFile(join(dir, '001_a.sql'), 'SELECT 1');
      await writeFile(join(dir, 'README.md'), 'ignored');
      expect((await loadMigrations(dir)).map((m) => m.name)).toEqual(['a']);
      await writeFile(join(dir, '001_b.sql'), 'SELECT 1');
      await expect(loadMigrations(dir)).rejects.toThrow(/two migrations have version 1/);
      await rm(join(dir, '001_b.sql'));
      await writeFile(join(dir, '2-oops.sql'), 'SELECT 1');
      await expect(loadMigrations(dir)).rejects.toBeInstanceOf(MigrationError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('migrate', () => {
  it('applies every migration in order, recording each with the injected clock', async () => {
    const all = await loadMigrations();
    let t = 1_000;
    const applied = await migrate(db, { now: () => t++ });
    expect(applied.map((m) => m.version)).toEqual(all.map((m) => m.version));
    expect(await recorded()).toEqual(all.map((m, i) => ({ version: m.version, name: m.name, applied_at: 1_000 + i })));
    expect(await tables()).toEqual(
      expect.arrayContaining(['payments', 'payment_events', 'operations', 'idempotency_keys', 'webhook_inbox', 'outbox', 'schema_migrations']),
    );
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    await migrate(db, { now: () => 1 });
    const before = await recorded();
    expect(await migrate(db, { now: () => 2 })).toEqual([]);
    expect(await recorded()).toEqual(before);
  });

  it('applies only what is new', async () => {
    const ms: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x int)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x int); INSERT INTO two VALUES (2)' },
    ];
    expect((await migrate(db, { now: () => 1, migrations: ms.slice(0, 1) })).map((m) => m.name)).toEqual(['one']);
    expect((await migrate(db, { now: () => 2, migrations: ms })).map((m) => m.name)).toEqual(['two']);
    expect(await db.query('SELECT x FROM two')).toEqual([{ x: 2 }]);
    expect(await recorded()).toEqual([
      { version: 1, name: 'one', applied_at: 1 },
      { version: 2, name: 'two', applied_at: 2 },
    ]);
  });

  it('leaves no trace of a migration that fails halfway, and stops there', async () => {
    const ms: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x int)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE half (x int); SELEC oops' },
      { version: 3, name: 'three', sql: 'CREATE TABLE three (x int)' },
    ];
    await expect(migrate(db, { now: () => 1, migrations: ms })).rejects.toMatchObject({ code: '42601' });
    expect(await tables()).toEqual(['one', 'schema_migrations']);
    expect(await recorded()).toEqual([{ version: 1, name: 'one', applied_at: 1 }]);
  });

  it('refuses a database where a version was applied under another name', async () => {
    await migrate(db, { now: () => 1, migrations: [{ version: 1, name: 'one', sql: 'SELECT 1' }] });
    await expect(migrate(db, { now: () => 1, migrations: [{ version: 1, name: 'renamed', sql: 'SELECT 1' }] })).rejects.toBeInstanceOf(
      MigrationError,
    );
  });

  it('applies each migration once when several migrators start at once', async () => {
    // On a server each migrate() runs on its own pooled connections, as separate processes
    // would; without the advisory lock they race on CREATE TABLE. On PGlite they queue.
    let t = 0;
    const runs = await Promise.all([1, 2, 3, 4].map(() => migrate(db, { now: () => ++t })));
    const all = await loadMigrations();
    expect(runs.flat().map((m) => m.version).sort((a, b) => a - b)).toEqual(all.map((m) => m.version));
    expect((await recorded()).length).toBe(all.length);
  });
});
