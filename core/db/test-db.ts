// Test support: a fresh, migrated database for each test, so the same suite runs on both backends.
//
// - Default: PGlite. Each test file (vitest gives each its own module graph) starts one in-memory
//   PGlite instance (about 2 s: initdb in WASM) on first use; every testDb() then gets its own
//   schema in it (CREATE SCHEMA + migrations, a few ms), used through search_path, dropped at close.
// - With GAUNTLET_TEST_DATABASE_URL set (scripts/with-postgres.sh sets it): a fresh schema on that
//   server per testDb(), with the pool's connections opened with search_path set to it (the
//   `options` startup parameter), dropped at close.
//
// Schemas rather than databases: CREATE SCHEMA is cheap on both backends, needs no template
// database free of other connections, and keeps PGlite to one instance per file.
import { randomUUID } from 'node:crypto';
import { migrate } from './migrate.ts';
import { createPglite, pgliteDb, sharePglite, type SharedPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export const TEST_DATABASE_URL_ENV = 'GAUNTLET_TEST_DATABASE_URL';

export interface TestDbOptions {
  /** Apply the migrations (default true). false: an empty schema, for migration tests. */
  migrate?: boolean;
}

/** A fresh database: on the server named by GAUNTLET_TEST_DATABASE_URL when set, else PGlite. */
export function testDb(options: TestDbOptions = {}): Promise<Db> {
  const url = process.env[TEST_DATABASE_URL_ENV];
  return url !== undefined && url !== '' ? serverTestDb(url, options) : pgliteTestDb(options);
}

/** Always PGlite, whatever the environment says: for tests of what only PGlite does. */
export async function pgliteTestDb(options: TestDbOptions = {}): Promise<Db> {
  const shared = await sharedPglite();
  const schema = schemaName();
  await shared.mutex.run(() => shared.pg.exec(`CREATE SCHEMA ${schema}`));
  const db = pgliteDb(shared, {
    schema,
    onClose: async (pg) => {
      await pg.exec(`DROP SCHEMA ${schema} CASCADE`);
    },
  });
  return prepared(db, options);
}

async function serverTestDb(url: string, options: TestDbOptions): Promise<Db> {
  const schema = schemaName();
  const db = await openPostgres(url, { schema });
  try {
    await db.query(`CREATE SCHEMA ${schema}`);
  } catch (err) {
    await db.close();
    throw err;
  }
  return prepared(
    {
      ...db,
      close: async () => {
        try {
          await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await db.close();
        }
      },
    },
    options,
  );
}

async function prepared(db: Db, options: TestDbOptions): Promise<Db> {
  if (options.migrate === false) return db;
  try {
    await migrate(db, { now: () => 0 });
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

let instance: Promise<SharedPglite> | undefined;

function sharedPglite(): Promise<SharedPglite> {
  instance ??= createPglite().then(sharePglite, (err: unknown) => {
    instance = undefined;
    throw err;
  });
  return instance;
}

function schemaName(): string {
  return `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}
