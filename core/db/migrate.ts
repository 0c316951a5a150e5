// Versioned migrations: core/db/migrations/NNN_name.sql, applied in version order, each in its own
// transaction together with its row in schema_migrations, so a migration is either wholly applied
// and recorded or not at all. Re-running applies nothing. Two processes starting at once against
// one server serialize on a transaction-scoped advisory lock and the second finds the work done.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './types.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** The clock for schema_migrations.applied_at (ms). Injected: core/ never reads the wall clock. */
  now: () => number;
  /** Default: the files in core/db/migrations. */
  migrations?: readonly Migration[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

const FILE = /^(\d+)_([a-z0-9_]+)\.sql$/;

/** Reads NNN_name.sql files from `dir`, sorted by version; refuses misnamed .sql files and duplicate versions. */
export async function loadMigrations(dir: URL | string = MIGRATIONS_DIR): Promise<Migration[]> {
  const path = dir instanceof URL ? fileURLToPath(dir) : dir;
  const migrations: Migration[] = [];
  for (const file of (await readdir(path)).filter((f) => f.endsWith('.sql'))) {
    const m = FILE.exec(file);
    if (m === null) throw new MigrationError(`migration file ${file} is not named NNN_name.sql (lower case, digits, underscores)`);
    const sql = await readFile(join(path, file), 'utf8');
    migrations.push({ version: Number(m[1]), name: m[2]!, sql });
  }
  return checked(migrations);
}

/** Applies the pending migrations in order; returns those it applied (none when up to date). */
export async function migrate(db: Db, options: MigrateOptions): Promise<Migration[]> {
  const migrations = checked([...(options.migrations ?? (await loadMigrations()))]);
  const applied = await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    return appliedVersions(tx);
  });
  const done: Migration[] = [];
  for (const m of migrations) {
    if (isApplied(applied, m)) continue;
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it between our read and the lock.
      if (isApplied(await appliedVersions(tx), m)) return false;
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        options.now(),
      ]);
      return true;
    });
    if (ran) done.push(m);
  }
  return done;
}

// One lock per schema, so test databases in separate schemas of one server do not queue on each
// other; it is held until the transaction ends.
async function lock(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('gauntlet.migrate:' || current_schema(), 0))");
}

async function appliedVersions(tx: Queryable): Promise<Map<number, string>> {
  const rows = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations');
  return new Map(rows.map((r) => [r.version, r.name]));
}

/** Applied already? A version recorded under another name means the files were renumbered or renamed. */
function isApplied(applied: Map<number, string>, m: Migration): boolean {
  const name = applied.get(m.version);
  if (name === undefined) return false;
  if (name !== m.name) {
    throw new MigrationError(
      `migration ${m.version} is recorded as "${name}" but the file is "${m.name}": migrations must never be renumbered or renamed once applied`,
    );
  }
  return true;
}

function checked(migrations: Migration[]): Migration[] {
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new MigrationError(`two migrations have version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}
