// Storage: Postgres, either PGlite embedded (in memory, or a directory) or a server via
// DATABASE_URL. The core only sees this interface, so both run the same SQL and the same tests.

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction (READ COMMITTED; use `SELECT … FOR UPDATE` for row locks), commits
   * when it resolves, rolls back when it throws. On a server, each transaction has its own connection.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
