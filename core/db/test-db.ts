// Test support: a fresh, migrated database for each test, so the same suite runs on both backends.
//
// - Default: PGlite. Each test file (vitest gives each its own module graph) starts one in-memory
//   PGlite instance on first use (from a cached initdb snapshot, see pglite-snapshot.ts); every
//   testDb() then gets its own schema in it (CREATE SCHEMA + migrations, a few ms), used through
//   search_path, dropped at close.
// - With GAUNTLET_TEST_DATABASE_URL set (scripts/with-postgres.sh sets it): a fresh schema on that
//   server per testDb(), with the pool's connections opened with search_path set to it (the
//   `options` startup parameter), dropped at close.
//
// Schemas rather than databases: CREATE SCHEMA is cheap on both backends, needs no template
// database free of other connections, and keeps PGlite to one instance per file.
import { randomUUID } from 'node:crypto';
import { migrate } from './migrate.ts';
import { pgliteDb, sharePglite, type SharedPglite } from './pglite.ts';
import { createPgliteFromSnapshot } from './pglite-snapshot.ts';
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
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await db.close();
    }
  };
  return prepared({ ...db, close: () => (closing ??= close()) }, options);
}

async function prepared(db: Db, options: TestDbOptions): Promise<Db> {
  if (options.migrate !== false) {
    try {
      await migrate(db, { now: () => 0 });
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return tracked(db);
}

// --- Waiting for the database under a virtual clock --------------------------------------------

interface Activity {
  inFlight: number;
  waiters: (() => void)[];
}
const activities = new WeakMap<Db, Activity>();

/** The same Db, counting the queries and transactions in flight (for untilDbIdle). */
function tracked(db: Db): Db {
  const activity: Activity = { inFlight: 0, waiters: [] };
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    activity.inFlight++;
    try {
      return await work();
    } finally {
      if (--activity.inFlight === 0) for (const wake of activity.waiters.splice(0)) wake();
    }
  };
  const t: Db = {
    kind: db.kind,
    query: (sql, params) => track(() => db.query(sql, params)),
    transaction: (fn) => track(() => db.transaction(fn)),
    close: () => db.close(),
  };
  activities.set(t, activity);
  return t;
}

/**
 * Resolves once no query or transaction of this test database is in flight, and none has started
 * over a macrotask turn. A test that drives the core with a virtual clock should advance the clock
 * only then: on PGlite a query completes within the turn, but on a server it takes real time, and
 * virtual time racing past it fires timeouts (and gives up waiting) where the in-process run would
 * not. Immediate for a database not made by testDb().
 */
export async function untilDbIdle(db: Db): Promise<void> {
  const activity = activities.get(db);
  if (activity === undefined) return;
  for (;;) {
    if (activity.inFlight > 0) await new Promise<void>((resolve) => activity.waiters.push(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (activity.inFlight === 0) return;
  }
}

let instance: Promise<SharedPglite> | undefined;

function sharedPglite(): Promise<SharedPglite> {
  instance ??= createPgliteFromSnapshot().then(sharePglite, (err: unknown) => {
    instance = undefined;
    throw err;
  });
  return instance;
}

function schemaName(): string {
  return `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}
