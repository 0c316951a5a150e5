// The embedded backend: PGlite (Postgres compiled to WASM), in memory or in a directory.
//
// PGlite has exactly one connection. Every statement and every transaction on an instance goes
// through one FIFO mutex, so two concurrent `transaction()` calls never interleave their
// statements, and a plain `query()` issued while a transaction runs waits for it to finish instead
// of landing inside it. Inside the mutex, transactions use PGlite's own `transaction` API (BEGIN,
// COMMIT, ROLLBACK on throw, and a TransactionAbortedError when COMMIT finds the transaction
// aborted by an error the body swallowed). PGlite's own API serializes too (it queues `query` and
// `transaction` on one internal lock); ours sits above it so that it also covers what we run
// around a statement, like the search_path switch that lets tests share one instance between
// several schema-isolated databases (test-db.ts).
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { assertSchemaName } from './identifiers.ts';
import { INT8_OID, parseInt8 } from './int8.ts';
import { Mutex } from './mutex.ts';
import { forgetIfSchemaMayChange, forgetSchema, preparedStatements, runPrepared, type PreparedStatements } from './pglite-prepared.ts';
import { DatabaseClosedError, TransactionAbortedError, TransactionClosedError } from './errors.ts';
import { assertNotInTransaction, runInScope } from './scope.ts';
import type { Db, Queryable } from './types.ts';

export interface OpenPgliteOptions {
  /** A directory to keep the database in (created when missing). Default: in memory. */
  dataDir?: string;
}

export async function openPglite(options: OpenPgliteOptions = {}): Promise<Db> {
  const pg = await createPglite(options.dataDir !== undefined ? { dataDir: options.dataDir } : {});
  return pgliteDb(sharePglite(pg), { onClose: () => pg.close() });
}

/** A PGlite instance configured as both backends agree: int8 parsed to a safe-integer number. */
export function createPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PGlite> {
  return PGlite.create({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8_OID]: parseInt8 },
  });
}

/** One PGlite instance and the lock all its users go through. */
export interface SharedPglite {
  readonly pg: PGlite;
  readonly mutex: Mutex;
  /** The schema the session's search_path currently names (undefined: never set, `public`). */
  searchPath: string | undefined;
  /** Statements with parameters, prepared once on the session (./pglite-prepared.ts). */
  readonly statements: PreparedStatements;
}

export function sharePglite(pg: PGlite): SharedPglite {
  return { pg, mutex: new Mutex(), searchPath: undefined, statements: preparedStatements() };
}

export interface PgliteDbOptions {
  /** Run every statement with search_path set to this (existing) schema. Default: leave it alone. */
  schema?: string;
  /** Called once by close(), inside the instance's lock, after everything queued has run. */
  onClose: (pg: PGlite) => Promise<void>;
}

/** A Db over a (possibly shared) PGlite instance. */
export function pgliteDb(shared: SharedPglite, options: PgliteDbOptions): Db {
  const { pg, mutex } = shared;
  const schema = options.schema;
  if (schema !== undefined) assertSchemaName(schema);
  let closed = false;

  // Run inside the lock: point the session at this database's schema when another user moved it.
  const useSchema = async (): Promise<void> => {
    if (schema === undefined || shared.searchPath === schema) return;
    await pg.exec(`SET search_path TO "${schema}"`);
    shared.searchPath = schema;
  };

  const exclusive = <T>(call: string, fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new DatabaseClosedError());
    try {
      assertNotInTransaction(shared, call);
    } catch (err) {
      return Promise.reject(err);
    }
    return mutex.run(async () => {
      await useSchema();
      return fn();
    });
  };

  return {
    kind: 'pglite',
    query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      return exclusive('query', () => run<T>(shared, schema, pg, sql, params, false));
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return exclusive('transaction', async () => {
        try {
          return await pg.transaction((ptx) =>
            runInScope(shared, (scope) =>
              fn({
                query: async <R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> => {
                  if (!scope.open) throw new TransactionClosedError();
                  return run<R>(shared, schema, ptx, sql, params, true);
                },
              }),
            ),
          );
        } catch (err) {
          // PGlite reports a COMMIT that rolled back as a 25P02 error on the query COMMIT.
          const e = err as { code?: unknown; query?: unknown };
          if (e?.code === '25P02' && e.query === 'COMMIT') throw new TransactionAbortedError();
          throw err;
        }
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      assertNotInTransaction(shared, 'close');
      closed = true;
      await mutex.run(async () => {
        // A schema's database goes with its tables: its statements go too (the instance may live on).
        if (schema !== undefined) await forgetSchema(pg, shared.statements, schema);
        await options.onClose(pg);
      });
    },
  };
}

/**
 * As node-postgres does: without parameters the text goes as a simple query and may hold several
 * statements (the rows are the last statement's); with parameters it is one prepared statement,
 * prepared once per text on the session (./pglite-prepared.ts). `q` is the instance or, inside a
 * transaction, PGlite's transaction handle (the session is the same one connection either way).
 */
async function run<T>(shared: SharedPglite, schema: string | undefined, q: PGlite | Transaction, sql: string, params: unknown[] | undefined, inTransaction: boolean): Promise<T[]> {
  if (params === undefined || params.length === 0) {
    await forgetIfSchemaMayChange(q, shared.statements, sql);
    const results = await q.exec(sql);
    return (results.at(-1)?.rows ?? []) as T[];
  }
  const rows = await runPrepared<T>(shared.pg, shared.statements, schema, sql, params, inTransaction);
  return rows ?? (await q.query<T>(sql, params)).rows;
}
