// What core/db throws of its own, the same classes on both backends.

export class NestedTransactionError extends Error {
  constructor(call: string) {
    super(
      `db.${call}() was called inside db.transaction() on the same database: use the transaction's ` +
        `own query (the tx argument). On PGlite this would deadlock; on a server it would run outside the transaction.`,
    );
    this.name = 'NestedTransactionError';
  }
}

export class TransactionClosedError extends Error {
  constructor() {
    super('this transaction has already committed or rolled back: its tx.query can no longer be used');
    this.name = 'TransactionClosedError';
  }
}

export class DatabaseClosedError extends Error {
  constructor() {
    super('the database has been closed');
    this.name = 'DatabaseClosedError';
  }
}

/**
 * COMMIT found the transaction already aborted (the body caught a failed statement and carried
 * on), so Postgres rolled it back: nothing of it was written. SQLSTATE 25P02, as PGlite reports it.
 */
export class TransactionAbortedError extends Error {
  readonly code = '25P02';
  constructor() {
    super('the transaction was aborted by an error inside it that the body caught, so COMMIT rolled it back: nothing was written');
    this.name = 'TransactionAbortedError';
  }
}
