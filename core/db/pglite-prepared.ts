// Statements with parameters on PGlite, prepared once per instance and run in one protocol message.
//
// PGlite's own `query(sql, params)` sends Parse, Describe, Bind, Describe, Execute and Sync as six
// separate calls into WASM, and Postgres parses and plans the text every time: ~0.4–0.7 ms for one
// of the core's SELECTs on a near-empty table, most of a simulated run's CPU. Here each distinct
// text is parsed once into a named prepared statement (Parse + Describe, which gives the parameter
// types PGlite's serializers need and the result's columns), and every later call is one buffer
// (Bind, Execute, Sync): ~0.05 ms. Its answer is read straight from the wire bytes (PGlite's
// protocol parser copied every field and built an object per message, as much again): each
// DataRow's fields are decoded and parsed by the instance's own parsers, by the column types
// described once (describing the portal on every call cost as much again as the rest), into rows
// as PGlite's parseResults builds them; an ErrorResponse is read by PGlite's own protocol parser
// into the same DatabaseError (code, constraint) its `query` throws. Parameters are serialized by
// its serializers. Callers get exactly what `query` gave them.
//
// Named statements live in the session, not in a transaction: a rollback keeps them, and Postgres
// re-plans them itself when a table they use changes. What it cannot do is change a `SELECT *`'s
// result columns ("cached plan must not change result type"), so any statement that may change a
// schema (DDL: CREATE/ALTER/DROP…, sent without parameters) forgets every prepared statement first.
import { parse, protocol, types, type PGlite } from '@electric-sql/pglite';

const { serialize } = protocol;

/** Beyond this many distinct texts on one instance, new ones run through PGlite's query (unbounded texts stay bounded here). */
const MAX_PREPARED = 512;

interface Column {
  name: string;
  type: number;
}

interface Prepared {
  name: string;
  paramTypes: number[];
  /** The result's columns, as Describe gave them; none for a statement without rows. */
  columns: Column[];
}

/** The prepared statements of one PGlite instance, keyed by schema and text (a schema's tables are its own). */
export interface PreparedStatements {
  readonly byText: Map<string, Prepared>;
  next: number;
}

export function preparedStatements(): PreparedStatements {
  return { byText: new Map(), next: 0 };
}

/** Statements that can change what a table's rows look like. */
const DDL = /\b(CREATE|ALTER|DROP|RENAME|COMMENT|TRUNCATE)\b/i;

/** Called before a statement without parameters runs: DDL forgets every prepared statement (they are re-made on next use). */
export async function forgetIfSchemaMayChange(q: Pick<PGlite, 'exec'>, statements: PreparedStatements, sql: string): Promise<void> {
  if (statements.byText.size === 0 || !DDL.test(sql)) return;
  statements.byText.clear();
  // Through `q`: inside a transaction, the instance itself would wait for the transaction to end.
  await q.exec('DEALLOCATE ALL');
}

/** Forgets the statements prepared under `schema` (its database is closing, its tables going). */
export async function forgetSchema(pg: PGlite, statements: PreparedStatements, schema: string): Promise<void> {
  const names: string[] = [];
  for (const [key, p] of statements.byText) {
    if (key.startsWith(`${schema}\u0000`)) {
      names.push(p.name);
      statements.byText.delete(key);
    }
  }
  if (names.length > 0) await pg.exec(names.map((n) => `DEALLOCATE ${n};`).join(' '));
}

/**
 * Runs `sql` with `params` (at least one) as a prepared statement; undefined when the instance holds
 * too many already (the caller runs it the ordinary way). `inTransaction`: PGlite syncs its file
 * system after a statement only outside a transaction (COMMIT syncs), and so does this (when the
 * instance keeps its data in a directory).
 */
export async function runPrepared<T>(pg: PGlite, statements: PreparedStatements, schema: string | undefined, sql: string, params: unknown[], inTransaction: boolean): Promise<T[] | undefined> {
  const key = `${schema ?? ''}\u0000${sql}`;
  let p = statements.byText.get(key);
  if (p === undefined) {
    if (statements.byText.size >= MAX_PREPARED) return undefined;
    const name = `gauntlet_${statements.next++}`;
    const described = await pg.execProtocol(concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
    const description = described.messages.find((m) => m.name === 'rowDescription') as { fields: { name: string; dataTypeID: number }[] } | undefined;
    p = { name, paramTypes: parse.parseDescribeStatementResults(described.messages), columns: (description?.fields ?? []).map((f) => ({ name: f.name, type: f.dataTypeID })) };
    statements.byText.set(key, p);
  }
  const types = p.paramTypes;
  // As PGlite's query serializes: by the parameter's type, else its text.
  const values = params.map((v, i) => {
    if (v === null || v === undefined) return null;
    const serializer = pg.serializers[types[i]!];
    return serializer ? serializer(v) : (v as { toString(): string }).toString();
  });
  // An in-memory instance has nothing to sync to (its file system's sync is empty), but the call
  // still queues on PGlite's file-system lock: ~0.04 ms a statement, skipped.
  const syncToFs = !inTransaction && pg.dataDir !== undefined;
  const chunks: Uint8Array[] = [];
  await pg.execProtocolRawStream(concat([serialize.bind({ statement: p.name, values }), serialize.execute({}), serialize.sync()]), {
    syncToFs,
    // The chunk is PGlite's buffer, reused: copied before the next one arrives.
    onRawData: (chunk) => void chunks.push(chunk.slice()),
  });
  return readRows(pg, chunks.length === 1 ? chunks[0]! : concat(chunks), p.columns) as T[];
}

const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'
const decoder = new TextDecoder();

/**
 * The rows of an Execute's answer (BindComplete, DataRow…, CommandComplete, ReadyForQuery; a
 * notice may come between), each an object by column name as parseResults makes it. An
 * ErrorResponse is thrown as PGlite would throw it.
 */
function readRows(pg: PGlite, buf: Uint8Array, columns: Column[]): Record<string, unknown>[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const rows: Record<string, unknown>[] = [];
  for (let at = 0; at < buf.length; ) {
    const type = buf[at]!;
    const body = at + 5;
    at += 1 + view.getInt32(at + 1);
    if (type === ERROR_RESPONSE) throw databaseError(buf);
    if (type !== DATA_ROW) continue;
    const row: Record<string, unknown> = {};
    const n = view.getInt16(body);
    for (let i = 0, p = body + 2; i < n; i++) {
      const length = view.getInt32(p);
      p += 4;
      const column = columns[i]!;
      if (length < 0) {
        row[column.name] = null;
        continue;
      }
      row[column.name] = types.parseType(decoder.decode(buf.subarray(p, p + length)), column.type, pg.parsers);
      p += length;
    }
    rows.push(row);
  }
  return rows;
}

/** The DatabaseError in an answer, as PGlite's protocol parser makes it (code, constraint, detail…). */
function databaseError(buf: Uint8Array): Error {
  let error: Error | undefined;
  new protocol.Parser().parse(buf, (message) => {
    if (error === undefined && message.name === 'error') error = message as unknown as Error;
  });
  return error ?? new Error('PGlite answered with an error the protocol parser could not read');
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
