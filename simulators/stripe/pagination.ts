// Stripe's list objects: newest first, `limit` (1-100, default 10), cursor pagination with
// `starting_after` / `ending_before`, `has_more`, and the `created` range filter.
import { noSuch } from './errors.ts';
import { get, type Field, type Params, type Range, type Schema } from './params.ts';

export const LIST_PARAMS: Schema = {
  limit: { kind: 'integer', min: 1, max: 100 },
  starting_after: { kind: 'string', maxLength: 255 },
  ending_before: { kind: 'string', maxLength: 255 },
  created: { kind: 'range' },
};

export function listParams(extra: Schema, expandable: readonly string[] = []): Schema {
  const expand: Field = { kind: 'expand', allowed: expandable.map((e) => `data.${e}`) };
  return { ...LIST_PARAMS, ...extra, expand };
}

/** Field names expanded on each item of a list (`data.latest_charge` → `latest_charge`). */
export function itemExpand(params: Params): Set<string> {
  return new Set(get.list(params, 'expand').map((e) => e.replace(/^data\./, '')));
}

export function inRange(createdMs: number, range: Range | undefined): boolean {
  if (!range) return true;
  const t = Math.floor(createdMs / 1000);
  if (range.gt !== undefined && !(t > range.gt)) return false;
  if (range.gte !== undefined && !(t >= range.gte)) return false;
  if (range.lt !== undefined && !(t < range.lt)) return false;
  if (range.lte !== undefined && !(t <= range.lte)) return false;
  return true;
}

/** `items` newest first and already filtered; `kind` names the object in a cursor error. */
export function paginate<T>(items: readonly T[], idOf: (t: T) => string, params: Params, url: string, kind: string, render: (t: T) => unknown) {
  const limit = get.num(params, 'limit') ?? 10;
  const after = get.str(params, 'starting_after');
  const before = get.str(params, 'ending_before');
  let page: readonly T[];
  let hasMore: boolean;
  if (after !== undefined) {
    const i = items.findIndex((t) => idOf(t) === after);
    if (i < 0) throw noSuch(kind, after, 'starting_after', 400);
    page = items.slice(i + 1, i + 1 + limit);
    hasMore = i + 1 + limit < items.length;
  } else if (before !== undefined) {
    const i = items.findIndex((t) => idOf(t) === before);
    if (i < 0) throw noSuch(kind, before, 'ending_before', 400);
    page = items.slice(Math.max(0, i - limit), i);
    hasMore = i - limit > 0;
  } else {
    page = items.slice(0, limit);
    hasMore = limit < items.length;
  }
  return { object: 'list', data: page.map(render), has_more: hasMore, url };
}
