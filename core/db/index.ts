// core/db's public face: the Db interface, opening (PGlite or a server), migrations, test support.
export type { Db, Queryable } from './types.ts';
export { openDatabase, type OpenDatabaseOptions } from './open.ts';
export { resetDatabase } from './reset.ts';
export { migrate, loadMigrations, MigrationError, MIGRATIONS_DIR, type Migration, type MigrateOptions } from './migrate.ts';
export { openPglite, type OpenPgliteOptions } from './pglite.ts';
export { openPostgres, type OpenPostgresOptions } from './postgres.ts';
export { Int8RangeError } from './int8.ts';
export { DatabaseClosedError, NestedTransactionError, TransactionAbortedError, TransactionClosedError } from './errors.ts';
// Test support (used by tests across core/): a fresh migrated database per call.
export { testDb, pgliteTestDb, untilDbIdle, TEST_DATABASE_URL_ENV, type TestDbOptions } from './test-db.ts';
