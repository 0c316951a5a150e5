// The in-memory storage engine, for the simulation world (one process, where PGlite would
// serialise every transaction anyway). Same transactional semantics as the SQL engines, as far as
// a caller can observe them:
// - serialisable: one transaction at a time (a FIFO gate); a statement outside a transaction waits
//   for the open one to end, so it only ever sees committed data;
// - rollback on throw through an undo journal (memory-journal.ts), no table copies;
// - a failed statement inside a transaction aborts it, as in Postgres (later statements: 25P02;
//   commit: TransactionAbortedError);
// - the store called from inside its own transaction body: NestedTransactionError, as core/db does;
//   a transaction's `tx` used after it ended: TransactionClosedError; after close(): DatabaseClosedError.
// No clock, no randomness: ids come from the callers, sequences count from 1.
import { DatabaseClosedError, TransactionAbortedError, TransactionClosedError } from '../db/errors.ts';
import { assertNotInTransaction, runInScope } from '../db/scope.ts';
import { InFailedTransactionError } from './errors.ts';
import { memoryRepos, type Exec } from './memory-repos.ts';
import { MemorySchema } from './memory-schema.ts';
import type { Store, StoreTx } from './store.ts';

export function openMemoryStore(): Store {
  return new MemoryStore();
}

class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly schema = new MemorySchema();
  private readonly gate = new Gate();
  private closed = false;
  private readonly repos: StoreTx;
  /** Repositories for a statement context, their helpers built once for this store. */
  private readonly reposFor = memoryRepos(this.schema);

  constructor() {
    this.repos = this.reposFor(this.autocommit);
  }

  get payments() {
    return this.repos.payments;
  }
  get events() {
    return this.repos.events;
  }
  get operations() {
    return this.repos.operations;
  }
  get idempotencyKeys() {
    return this.repos.idempotencyKeys;
  }
  get inbox() {
    return this.repos.inbox;
  }
  get outbox() {
    return this.repos.outbox;
  }
  get discrepancies() {
    return this.repos.discrepancies;
  }
  dump() {
    return this.repos.dump();
  }

  /** One statement on its own: at once when nothing holds the gate, else after what does. */
  private readonly autocommit: Exec = <T>(call: string, work: () => T): Promise<T> => {
    try {
      if (this.closed) throw new DatabaseClosedError();
      assertNotInTransaction(this, call);
      if (!this.gate.busy) return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(err);
    }
    return this.gate.hold(async () => {
      if (this.closed) throw new DatabaseClosedError();
      return work();
    });
  };

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    try {
      if (this.closed) throw new DatabaseClosedError();
      assertNotInTransaction(this, 'transaction');
    } catch (err) {
      return Promise.reject(err);
    }
    return this.gate.hold(() => {
      if (this.closed) throw new DatabaseClosedError();
      return runInScope(this, async () => {
        const state = { open: true, aborted: false };
        const exec: Exec = <R>(_call: string, work: () => R): Promise<R> => {
          try {
            if (!state.open) throw new TransactionClosedError();
            if (state.aborted) throw new InFailedTransactionError();
            return Promise.resolve(work());
          } catch (err) {
            if (state.open && !(err instanceof TransactionClosedError)) state.aborted = true;
            return Promise.reject(err);
          }
        };
        const journal = this.schema.journal;
        journal.begin();
        let result: T;
        try {
          result = await fn(this.reposFor(exec));
        } catch (err) {
          state.open = false;
          journal.rollback();
          throw err;
        }
        state.open = false;
        if (state.aborted) {
          journal.rollback();
          throw new TransactionAbortedError();
        }
        journal.commit();
        return result;
      });
    });
  }

  ping(): Promise<void> {
    return this.autocommit('ping', () => undefined);
  }

  reset(): Promise<void> {
    return this.autocommit('reset', () => this.schema.reset());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    assertNotInTransaction(this, 'close');
    await this.gate.hold(async () => {
      this.closed = true;
    });
  }
}

/** A FIFO lock; `busy` lets a synchronous statement skip the queue when nobody holds it. */
class Gate {
  busy = false;
  private readonly waiters: (() => void)[] = [];

  async hold<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.busy = true;
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next !== undefined) next();
      else this.busy = false;
    }
  }
}

