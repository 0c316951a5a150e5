// Opening the core's database: a Postgres server when given a URL, else PGlite (in memory, or in
// a directory); migrated before it is handed out. The caller passes DATABASE_URL in as `url`:
// nothing in core/db reads the environment.
import { migrate } from './migrate.ts';
import { openPgliteFromSnapshot } from './pglite-snapshot.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export interface OpenDatabaseOptions {
  /** postgres://… of a server (DATABASE_URL). Unset or empty: PGlite. */
  url?: string | undefined;
  /** PGlite's directory. Unset: in memory. Not allowed together with `url`. */
  dataDir?: string | undefined;
  /** The injected clock, for schema_migrations.applied_at. */
  now: () => number;
  /** Server pool size (default 10). */
  max?: number | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const url = options.url !== undefined && options.url !== '' ? options.url : undefined;
  const dataDir = options.dataDir !== undefined && options.dataDir !== '' ? options.dataDir : undefined;
  if (url !== undefined && dataDir !== undefined) {
    throw new Error('openDatabase: give either url (a Postgres server) or dataDir (PGlite), not both');
  }
  const db =
    url !== undefined
      ? await openPostgres(url, options.max !== undefined ? { max: options.max } : {})
      : await openPgliteFromSnapshot(dataDir !== undefined ? { dataDir } : {});
  try {
    await migrate(db, { now: options.now });
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
