// Which storage the simulation world's core runs on. The world is one process with one connection,
// so SQL there serialises every transaction anyway: by default the core runs on the in-memory
// engine (held to the same storage case suite as PGlite and Postgres, core/storage/store.cases.ts).
// `--storage pglite|postgres` keeps the core's SQL one flag away; the gate runs a slice on PGlite.
import { type Db, openDatabase, openMemoryStore, sqlStore, type Store } from '../../core/index.ts';

export const SIM_STORAGES = ['memory', 'pglite', 'postgres'] as const;
export type SimStorage = (typeof SIM_STORAGES)[number];

export function isSimStorage(s: unknown): s is SimStorage {
  return typeof s === 'string' && (SIM_STORAGES as readonly string[]).includes(s);
}

/**
 * A fresh, empty store of `kind` (default memory). `postgres` uses the server at DATABASE_URL
 * (migrated on open; the world empties it before every run, so give it a database of its own).
 */
export async function openSimStore(kind: SimStorage = 'memory', env: { DATABASE_URL?: string | undefined } = process.env): Promise<Store> {
  if (kind === 'memory') return openMemoryStore();
  if (kind === 'pglite') return trackedSqlStore(await openDatabase({ now: () => 0 }));
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('--storage postgres needs DATABASE_URL (postgres://…) naming a database the simulation world may empty');
  // One connection: transactions run one at a time, as on PGlite and in memory, so a run's
  // interleaving is the scheduler's alone.
  return trackedSqlStore(await openDatabase({ url, now: () => 0, max: 1 }));
}

/** What an SQL store has run since it was opened: for the bench and for finding redundant statements. */
export interface SqlStoreCounts {
  /** Statements sent, inside transactions or not (BEGIN/COMMIT not counted). */
  statements: number;
  transactions: number;
}

interface Activity {
  inFlight: number;
  waiters: (() => void)[];
  counts: SqlStoreCounts;
  /** Sees every statement's text (a profiling aid; see observeSqlStatements). */
  observer: ((sql: string) => void) | undefined;
}
const activities = new WeakMap<Store, Activity>();

/** sqlStore over `db`, counting its statements and transactions in flight (for untilStoreIdle). */
function trackedSqlStore(db: Db): Store {
  const activity: Activity = { inFlight: 0, waiters: [], counts: { statements: 0, transactions: 0 }, observer: undefined };
  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    activity.inFlight++;
    try {
      return await work();
    } finally {
      if (--activity.inFlight === 0) for (const wake of activity.waiters.splice(0)) wake();
    }
  };
  const counted = (sql: string): void => {
    activity.counts.statements++;
    activity.observer?.(sql);
  };
  const store = sqlStore({
    kind: db.kind,
    query: (sql, params) => {
      counted(sql);
      return track(() => db.query(sql, params));
    },
    transaction: (fn) => {
      activity.counts.transactions++;
      return track(() =>
        db.transaction((tx) =>
          fn({
            query: (sql, params) => {
              counted(sql);
              return tx.query(sql, params);
            },
          }),
        ),
      );
    },
    close: () => db.close(),
  });
  activities.set(store, activity);
  return store;
}

/** Statements and transactions an SQL sim store (openSimStore) has run so far; undefined for memory. */
export function sqlStoreCounts(store: Store): SqlStoreCounts | undefined {
  const a = activities.get(store);
  return a === undefined ? undefined : { ...a.counts };
}

/** Calls `observer` with every statement's text an SQL sim store runs (undefined stops); false for memory. */
export function observeSqlStatements(store: Store, observer: ((sql: string) => void) | undefined): boolean {
  const a = activities.get(store);
  if (a === undefined) return false;
  a.observer = observer;
  return true;
}

/**
 * Lets the world's work run until it waits on time (or on the wire): at least one macrotask turn,
 * and for an SQL store until none of its statements is in flight and none started over a turn.
 * True when SQL work had to be waited for. The world moves virtual time only after this: the
 * in-memory engine answers within a turn, SQL takes real turns (PGlite) or real time (a server),
 * and virtual time racing past a query would fire timeouts and move webhooks where the in-memory
 * run would not. So storage takes no virtual time on any engine: the same seed gives the same
 * history on all of them (harness/explore/storage-parity.test.ts).
 */
export async function untilStoreIdle(store: Store, o?: { settled?: boolean }): Promise<boolean> {
  const activity = activities.get(store);
  // The in-memory engine answers within a turn: right after one (`settled`: the caller awaited a
  // macrotask turn and ran nothing since) there is nothing it could still be doing.
  if (activity === undefined && o?.settled === true) return false;
  let waited = false;
  for (;;) {
    if (activity !== undefined && activity.inFlight > 0) {
      waited = true;
      await new Promise<void>((resolve) => activity.waiters.push(resolve));
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (activity === undefined || activity.inFlight === 0) return waited;
    waited = true;
  }
}
