// Empties every table of the database (its current schema) except schema_migrations, and restarts
// its sequences, so a test or an explored run starts from the same state and the same ids.
//
// DELETE, children before parents, rather than TRUNCATE: TRUNCATE gives every table a new file,
// which on PGlite (an emulated file system) cost more than the DELETEs and slowed the statements
// after it. The catalog is read once per database (reading it cost as much again as emptying:
// the schema is migrated when the database is opened, before any reset); the DELETEs and the
// sequence restarts then run as one DO block, one round trip. A schema whose foreign keys form a
// cycle (none of ours) is emptied with TRUNCATE … CASCADE instead.
import { quoteIdent } from './identifiers.ts';
import type { Db } from './types.ts';

interface TableRow {
  name: string;
  /** The other tables this one references. */
  parents: string[];
}

/** `tables` ordered so that a table comes before every table it references, or undefined on a cycle. */
export function childrenFirst(tables: readonly TableRow[]): string[] | undefined {
  const left = new Map(tables.map((t) => [t.name, new Set(t.parents.filter((p) => p !== t.name))]));
  const order: string[] = [];
  while (left.size > 0) {
    // A table nobody left references can be emptied now.
    const referenced = new Set([...left.values()].flatMap((ps) => [...ps]));
    const free = [...left.keys()].filter((name) => !referenced.has(name)).sort();
    if (free.length === 0) return undefined;
    for (const name of free) {
      order.push(name);
      left.delete(name);
    }
  }
  return order;
}

/** Per database, the one statement that empties it (read from its catalog on the first reset). */
const plans = new WeakMap<Db, Promise<string | undefined>>();

export async function resetDatabase(db: Db): Promise<void> {
  let plan = plans.get(db);
  if (plan === undefined) {
    plan = resetStatement(db);
    plans.set(db, plan);
    plan.catch(() => plans.delete(db));
  }
  const statement = await plan;
  if (statement !== undefined) await db.query(statement);
}

async function resetStatement(db: Db): Promise<string | undefined> {
  const tables = await db.query<{ name: string; parents: string[] | null }>(
    `SELECT c.relname AS name, array_remove(array_agg(DISTINCT p.relname::text), NULL) AS parents
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       LEFT JOIN pg_constraint f ON f.conrelid = c.oid AND f.contype = 'f'
       LEFT JOIN pg_class p ON p.oid = f.confrelid
      WHERE c.relkind = 'r' AND c.relname <> 'schema_migrations'
      GROUP BY c.relname
      ORDER BY c.relname`,
  );
  if (tables.length === 0) return undefined;
  const sequences = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      WHERE c.relkind = 'S' ORDER BY c.relname`,
  );
  const order = childrenFirst(tables.map((t) => ({ name: t.name, parents: t.parents ?? [] })));
  if (order === undefined) return `TRUNCATE ${tables.map((t) => quoteIdent(t.name)).join(', ')} RESTART IDENTITY CASCADE`;
  // setval(…, 1, false): the next value is 1, as after RESTART, without ALTER SEQUENCE's DDL.
  const statements = [
    ...order.map((t) => `DELETE FROM ${quoteIdent(t)};`),
    ...sequences.map((seq) => `PERFORM setval(${quoteLiteral(quoteIdent(seq.name))}, 1, false);`),
  ];
  return `DO $reset$ BEGIN ${statements.join(' ')} END $reset$`;
}

/** A string literal, for a name read from the catalog. */
function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
