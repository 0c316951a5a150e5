// Which transaction the running code is inside, so misuse fails fast and the same way on both
// backends instead of hanging on one of them.
//
// Inside `db.transaction(fn)`, `fn` must use its `tx` argument. Calling `db.query` or
// `db.transaction` on the same database from inside `fn` (awaited) would deadlock on PGlite (one
// connection, held by the transaction) and, on a server, would run outside the transaction on
// another connection: it would not see the transaction's writes, and could wait forever on a row
// lock the transaction holds. Both are bugs, so both backends reject the call with a
// NestedTransactionError.
import { AsyncLocalStorage } from 'node:async_hooks';
import { NestedTransactionError } from './errors.ts';

interface Scope {
  /** What the transaction holds: the PGlite instance (its one connection) or the server Db. */
  readonly owner: object;
  open: boolean;
  readonly parent: Scope | undefined;
}

const current = new AsyncLocalStorage<Scope>();

/** Throws NestedTransactionError when called from inside an open transaction held by `owner`. */
export function assertNotInTransaction(owner: object, call: string): void {
  for (let s = current.getStore(); s !== undefined; s = s.parent) {
    if (s.owner === owner && s.open) throw new NestedTransactionError(call);
  }
}

/**
 * Runs `fn` (the caller's transaction body) marked as inside a transaction of `owner`. The mark is
 * lifted when `fn` settles, so work `fn` left running in the background is no longer refused once
 * the transaction is over; `scope.open` tells the transaction's tx handle whether it is still usable.
 */
export function runInScope<T>(owner: object, fn: (scope: { readonly open: boolean }) => Promise<T>): Promise<T> {
  const scope: Scope = { owner, open: true, parent: current.getStore() };
  return current.run(scope, async () => {
    try {
      return await fn(scope);
    } finally {
      scope.open = false;
    }
  });
}
