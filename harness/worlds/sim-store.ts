// Which storage the simulation world's core runs on. The world is one process with one connection,
// so SQL there serialises every transaction anyway: by default the core runs on the in-memory
// engine (held to the same storage case suite as PGlite and Postgres, core/storage/store.cases.ts).
// `--storage pglite|postgres` keeps the core's SQL one flag away; the gate runs a slice on PGlite.
import { openDatabase, openMemoryStore, sqlStore, type Store } from '../../core/index.ts';

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
  if (kind === 'pglite') return sqlStore(await openDatabase({ now: () => 0 }));
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('--storage postgres needs DATABASE_URL (postgres://…) naming a database the simulation world may empty');
  return sqlStore(await openDatabase({ url, now: () => 0, max: 1 }));
}
