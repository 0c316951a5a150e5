// One table of the in-memory engine: rows by primary key, unique indexes (checked by the caller
// before it writes, so a refused statement changes nothing) and group indexes (the secondary
// indexes the queries need: operations by payment, open operations, inbox rows by state…).
//
// Rows are immutable once stored: a write replaces the row object, so undoing a write is putting
// the previous object back. While a transaction is open, every write records its undo in the
// journal; rollback replays the journal backwards. No table is ever copied.
import type { Journal } from './memory-journal.ts';

export interface UniqueIndex<R> {
  readonly constraint: string;
  /** The indexed key, or undefined when the row is outside the (partial) index. */
  keyOf(row: R): string | undefined;
}

export interface GroupIndex<R> {
  /** The group the row belongs to, or undefined for none. */
  groupOf(row: R): string | undefined;
}

export class MemTable<R> {
  private readonly journal: Journal;
  readonly rows = new Map<string, R>();
  private readonly unique: { index: UniqueIndex<R>; map: Map<string, string> }[];
  private readonly group: { index: GroupIndex<R>; map: Map<string, Set<string>> }[];

  constructor(
    journal: Journal,
    unique: UniqueIndex<R>[] = [],
    group: GroupIndex<R>[] = [],
  ) {
    this.journal = journal;
    this.unique = unique.map((index) => ({ index, map: new Map() }));
    this.group = group.map((index) => ({ index, map: new Map() }));
  }

  get(pk: string): R | undefined {
    return this.rows.get(pk);
  }

  /** The constraint `row` (stored as `pk`) would violate, or undefined. */
  conflict(pk: string, row: R): string | undefined {
    for (const { index, map } of this.unique) {
      const key = index.keyOf(row);
      if (key === undefined) continue;
      const holder = map.get(key);
      if (holder !== undefined && holder !== pk) return index.constraint;
    }
    return undefined;
  }

  /** The primary key holding `key` in unique index number `i`. */
  lookup(i: number, key: string): string | undefined {
    return this.unique[i]!.map.get(key);
  }

  /** The primary keys in group `name` of group index number `i` (live set: do not mutate). */
  members(i: number, name: string): ReadonlySet<string> {
    return this.group[i]!.map.get(name) ?? EMPTY;
  }

  /** Inserts or replaces (constraints already checked). */
  put(pk: string, row: R): void {
    const prev = this.rows.get(pk);
    this.journal.record(() => this.apply(pk, row, prev));
    this.apply(pk, prev, row);
  }

  delete(pk: string): void {
    const prev = this.rows.get(pk);
    if (prev === undefined) return;
    this.journal.record(() => this.apply(pk, undefined, prev));
    this.apply(pk, prev, undefined);
  }

  clear(): void {
    this.rows.clear();
    for (const u of this.unique) u.map.clear();
    for (const g of this.group) g.map.clear();
  }

  private apply(pk: string, from: R | undefined, to: R | undefined): void {
    for (const { index, map } of this.unique) {
      const before = from === undefined ? undefined : index.keyOf(from);
      const after = to === undefined ? undefined : index.keyOf(to);
      if (before === after) continue;
      if (before !== undefined) map.delete(before);
      if (after !== undefined) map.set(after, pk);
    }
    for (const { index, map } of this.group) {
      const before = from === undefined ? undefined : index.groupOf(from);
      const after = to === undefined ? undefined : index.groupOf(to);
      if (before === after) continue;
      if (before !== undefined) {
        const set = map.get(before)!;
        set.delete(pk);
        if (set.size === 0) map.delete(before);
      }
      if (after !== undefined) {
        let set = map.get(after);
        if (set === undefined) map.set(after, (set = new Set()));
        set.add(pk);
      }
    }
    if (to === undefined) this.rows.delete(pk);
    else this.rows.set(pk, to);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
