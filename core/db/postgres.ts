// The server backend: node-postgres over a pool. Each transaction checks out its own connection,
// runs BEGIN … COMMIT on it (ROLLBACK when the body throws) and gives it back.
import pg from 'pg';
import { assertSchemaName } from './identifiers.ts';
import { INT8_ARRAY_OID, INT8_OID, parseInt8 } from './int8.ts';
import { DatabaseClosedError, TransactionAbortedError, TransactionClosedError } from './errors.ts';
import { assertNotInTransaction, runInScope } from './scope.ts';
import type { Db, Queryable } from './types.ts';

export interface OpenPostgresOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Run every connection with search_path set to this schema (test isolation). Default: the server's. */
  schema?: string;
}

// int8 and int8[] as safe-integer numbers (as PGlite gives them), for this pool's clients only:
// pg's global parsers stay as they are.
const arrayParser = (pg.types as unknown as { arrayParser: ArrayParserModule }).arrayParser;
interface ArrayParserModule {
  create(source: string, transform: (entry: string) => unknown): { parse(): unknown[] };
}
const parseInt8Array = (text: string): unknown[] => arrayParser.create(text, parseInt8).parse();
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return parseInt8;
    if (format !== 'binary' && oid === INT8_ARRAY_OID) return parseInt8Array;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<Db> {
  const config: pg.PoolConfig = { connectionString: url, max: options.max ?? 10, types };
  if (options.schema !== undefined) {
    assertSchemaName(options.schema);
    config.options = `-c search_path=${options.schema}`;
  }
  const pool = new pg.Pool(config);
  // An idle connection that dies (server restart, network) is dropped by the pool and replaced on
  // the next checkout; without a listener its error would crash the process.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1'); // a wrong URL fails here, at open, not at the first query
  } catch (err) {
    await pool.end();
    throw err;
  }
  return postgresDb(pool);
}

function postgresDb(pool: pg.Pool): Db {
  let closed = false;
  const guard = (call: string): void => {
    if (closed) throw new DatabaseClosedError();
    assertNotInTransaction(pool, call);
  };

  return {
    kind: 'postgres',
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      guard('query');
      return run<T>(pool, sql, params);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      guard('transaction');
      const client = await pool.connect();
      // Set when the connection must not go back to the pool: it died, or its state is unknown.
      let broken: Error | undefined;
      const onError = (err: Error): void => {
        broken ??= err; // a checked-out client that loses its connection between statements
      };
      client.on('error', onError);
      const control = async (sql: string): Promise<pg.QueryResult> => {
        try {
          return await client.query(sql);
        } catch (err) {
          if (!hasSqlState(err)) broken ??= err as Error;
          throw err;
        }
      };
      try {
        await control('BEGIN');
        let result: T;
        try {
          result = await runInScope(pool, (scope) =>
            fn({
              query: async <R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> => {
                if (!scope.open) throw new TransactionClosedError();
                return run<R>(client, sql, params);
              },
            }),
          );
        } catch (err) {
          await control('ROLLBACK').catch((rollbackErr: unknown) => {
            broken ??= rollbackErr as Error;
          });
          throw err;
        }
        const commit = await control('COMMIT');
        if (commit.command === 'ROLLBACK') throw new TransactionAbortedError();
        return result;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      assertNotInTransaction(pool, 'close');
      closed = true;
      await pool.end();
    },
  };
}

/** An error with a SQLSTATE came from the server, which then still talks to us; one without may mean the connection is gone. */
function hasSqlState(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * Without parameters the text goes as a simple query and may hold several statements (the rows
 * are the last statement's); with parameters it is one prepared statement.
 */
async function run<T>(q: pg.Pool | pg.PoolClient, sql: string, params: unknown[] | undefined): Promise<T[]> {
  const res = (await q.query(sql, params !== undefined && params.length > 0 ? params : undefined)) as
    | pg.QueryResult
    | pg.QueryResult[];
  const last = Array.isArray(res) ? res.at(-1) : res;
  return (last?.rows ?? []) as T[];
}
