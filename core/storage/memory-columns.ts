// Values as Postgres would take them into a column: text without U+0000 (refused) and with each
// lone surrogate turned into U+FFFD (as the UTF-8 encoding on the way in does), integers whole,
// NOT NULL enforced. Lookups go through the same conversion, so they match what was stored.
import { NotAnIntegerError, notNullViolation, UnstorableTextError } from './errors.ts';

export function text(table: string, column: string, v: string | null | undefined): string {
  if (v === null || v === undefined) throw notNullViolation(table, column);
  return key(v);
}

export function textOrNull(v: string | null | undefined): string | null {
  return v === null || v === undefined ? null : key(v);
}

/** A text parameter (a lookup value or a stored value). */
export function key(v: string): string {
  const s = String(v) as WellFormed;
  if (s.includes('\u0000')) throw new UnstorableTextError();
  return s.isWellFormed() ? s : s.toWellFormed();
}

// ES2024 string methods (Node 20 has them; the project's lib is ES2022).
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

export function int(table: string, column: string, v: number | null | undefined): number {
  if (v === null || v === undefined) throw notNullViolation(table, column);
  if (!Number.isInteger(v)) throw new NotAnIntegerError(column, v);
  return v;
}

export function intOrNull(column: string, v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (!Number.isInteger(v)) throw new NotAnIntegerError(column, v);
  return v;
}

/** Text order of the `C` collation the test clusters use (code units; differs only past U+FFFF). */
export function cmp(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Postgres LEFT(s, n): the first n characters (code points, not UTF-16 units). */
export function left(s: string, n: number): string {
  if (s.length <= n) return s;
  let out = '';
  let count = 0;
  for (const ch of s) {
    if (count++ === n) break;
    out += ch;
  }
  return out;
}
