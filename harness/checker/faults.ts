// Fault intervals: which fault was active between which two history positions, for which
// provider, with which effects. Checkers use them to tell a legitimate outcome (a decline the
// nemesis injected, a platform failure while the PSP was down) from an SUT's mistake.
//
// Positions are history indexes, not times: the history is totally ordered, times can tie.
import type { FaultEvent, HistoryEvent } from '../history/types.ts';

export interface FaultInterval {
  start: FaultEvent;
  stop?: FaultEvent;
  /** Index of the start event. */
  from: number;
  /** Index of the event that ended it (a matching stop, or a `heal` phase); Infinity if never. */
  to: number;
  /** The provider the fault is aimed at (`psp:stripe` → `stripe`); undefined for `sut`, `net:core`, …. */
  provider?: string;
  /** `psp`, `net`, `webhook`, `sut`, … (the part of the target before `:`). */
  layer: string;
  /** Effect types found in the detail (`decline`, `error`, `latency`, `bad_signature`, …). */
  effects: string[];
}

const PROVIDER_LAYERS = new Set(['psp', 'net', 'webhook']);
const NON_PROVIDER_TARGETS = new Set(['core', 'sut', '*', 'all']);
const WEBHOOK_EFFECTS = new Set(['duplicate', 'reorder', 'delay', 'drop', 'bad_signature', 'stale']);

export function faultIntervals(history: readonly HistoryEvent[]): FaultInterval[] {
  const intervals: FaultInterval[] = [];
  const open: FaultInterval[] = [];
  for (const e of history) {
    if (e.type === 'phase' && e.phase === 'heal') {
      for (const f of open) f.to = e.index;
      open.length = 0;
      continue;
    }
    if (e.type !== 'fault') continue;
    if (e.action === 'start') {
      const [layer, rest] = splitTarget(e.target);
      const provider = rest !== undefined && PROVIDER_LAYERS.has(layer) && !NON_PROVIDER_TARGETS.has(rest) ? rest.toLowerCase() : undefined;
      const f: FaultInterval = { start: e, from: e.index, to: Infinity, layer, effects: effectTypes(e.detail), ...(provider ? { provider } : {}) };
      intervals.push(f);
      open.push(f);
      continue;
    }
    // A stop closes the open fault with the same target and description; failing that, every open
    // fault on the same target (`fault plan cleared`, `healed`); `*` or `all` closes everything.
    if (e.target === '*' || e.target === 'all') {
      for (const f of open) {
        f.to = e.index;
        f.stop = e;
      }
      open.length = 0;
      continue;
    }
    const exact = open.findIndex((f) => f.start.target === e.target && f.start.description === e.description);
    const closing = exact >= 0 ? [open[exact]!] : open.filter((f) => f.start.target === e.target);
    for (const f of closing) {
      f.to = e.index;
      f.stop = e;
      open.splice(open.indexOf(f), 1);
    }
  }
  return intervals;
}

/** Active at some point between history positions `from` and `to` (inclusive). */
export function overlaps(f: FaultInterval, from: number, to: number): boolean {
  return f.from <= to && f.to >= from;
}

/** Aimed at `provider`, or at something every provider's traffic crosses (the SUT, its network). */
export function concerns(f: FaultInterval, provider: string | null | undefined): boolean {
  return f.provider === undefined || !provider || f.provider === provider.toLowerCase();
}

export function isDeclineFault(f: FaultInterval): boolean {
  return f.effects.includes('decline');
}

/** Shapes only webhook delivery (cannot make an API call fail). */
export function isWebhookOnly(f: FaultInterval): boolean {
  if (f.layer === 'webhook') return true;
  return f.effects.length > 0 && f.effects.every((t) => WEBHOOK_EFFECTS.has(t));
}

function splitTarget(target: string): [string, string | undefined] {
  const i = target.indexOf(':');
  return i < 0 ? [target, undefined] : [target.slice(0, i), target.slice(i + 1)];
}

/**
 * The effect types a fault's detail names. The detail is free-form; these shapes are read: an
 * effect (`{type}`), a fault-plan rule (`{effect}`), a plan (`{rules: [...]}`), a wrapper
 * (`{rule}`, `{fault}`), or an array of those.
 */
export function effectTypes(detail: unknown, depth = 0): string[] {
  if (depth > 3 || detail === null || typeof detail !== 'object') return [];
  if (Array.isArray(detail)) return detail.flatMap((d) => effectTypes(d, depth + 1));
  const d = detail as Record<string, unknown>;
  const found: string[] = [];
  if (typeof d.type === 'string') found.push(d.type);
  for (const key of ['effect', 'rule', 'fault', 'rules']) if (key in d) found.push(...effectTypes(d[key], depth + 1));
  return [...new Set(found)];
}
