// The errors the in-memory engine raises where Postgres would raise its own, with the same SQLSTATE
// `code` and `constraint` name, so callers that recognise a database error (core/api/idempotency.ts
// on 23505, core/webhooks/inbox.ts on 23514) behave the same on every engine.
import { SQLSTATE } from './store.ts';

export class StoreConstraintError extends Error {
  readonly code: string;
  readonly table: string;
  readonly constraint: string | undefined;
  constructor(
    code: string,
    table: string,
    constraint: string | undefined,
    message: string,
  ) {
    super(message);
    this.code = code;
    this.table = table;
    this.constraint = constraint;
    this.name = 'StoreConstraintError';
  }
}

export function uniqueViolation(table: string, constraint: string): StoreConstraintError {
  return new StoreConstraintError(SQLSTATE.uniqueViolation, table, constraint, `duplicate key value violates unique constraint "${constraint}"`);
}

export function checkViolation(table: string, constraint: string): StoreConstraintError {
  return new StoreConstraintError(SQLSTATE.checkViolation, table, constraint, `new row for relation "${table}" violates check constraint "${constraint}"`);
}

export function foreignKeyViolation(table: string, constraint: string): StoreConstraintError {
  return new StoreConstraintError(SQLSTATE.foreignKeyViolation, table, constraint, `insert or update on table "${table}" violates foreign key constraint "${constraint}"`);
}

export function notNullViolation(table: string, column: string): StoreConstraintError {
  return new StoreConstraintError(SQLSTATE.notNullViolation, table, undefined, `null value in column "${column}" of relation "${table}" violates not-null constraint`);
}

/** A statement after one that failed inside the same transaction, as Postgres refuses it. */
export class InFailedTransactionError extends Error {
  readonly code = SQLSTATE.inFailedTransaction;
  constructor() {
    super('current transaction is aborted, commands ignored until end of transaction block');
    this.name = 'InFailedTransactionError';
  }
}

/** Text Postgres cannot hold (U+0000), refused as Postgres refuses it. */
export class UnstorableTextError extends Error {
  readonly code = SQLSTATE.characterNotInRepertoire;
  constructor() {
    super('invalid byte sequence for encoding "UTF8": 0x00');
    this.name = 'UnstorableTextError';
  }
}

/** A number an integer column cannot hold, as Postgres refuses it (invalid_text_representation). */
export class NotAnIntegerError extends Error {
  readonly code = '22P02';
  constructor(column: string, value: unknown) {
    super(`invalid input syntax for type integer/bigint in column "${column}": "${String(value)}"`);
    this.name = 'NotAnIntegerError';
  }
}
