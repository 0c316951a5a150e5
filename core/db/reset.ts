// Empties every table of the database (its current schema) except schema_migrations, and restarts
// the bigserial sequences, so a test starts from the same state and the same ids every time.
import { quoteIdent } from './identifiers.ts';
import type { Db } from './types.ts';

export async function resetDatabase(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename",
  );
  if (tables.length === 0) return;
  const list = tables.map((t) => quoteIdent(t.tablename)).join(', ');
  await db.query(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}
