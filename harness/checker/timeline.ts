// Timelines: the few history events that explain a violation about one payment. The payment's
// own operations (invoke and completion events carrying its reference), and around them only the
// faults active and the unusual webhook deliveries (duplicate, forged, stale) in the same window.
import type { CompleteEvent, HistoryEvent, InvokeEvent, OperationName, WebhookEvent } from '../history/types.ts';
import { concerns, faultIntervals, overlaps } from './faults.ts';

export interface TimelineOptions {
  /** Only these operations of the payment (default: all). */
  ops?: readonly OperationName[];
  /** Only these operations, by opId (default: all). */
  opIds?: ReadonlySet<number>;
  /** Only the operations on this SUT payment id (events whose value names another id are left out). */
  sutPaymentId?: string;
  /** Faults and webhooks concerning these providers (default: any). */
  providers?: readonly (string | null | undefined)[];
  /** Widen (or set) the window to these history indexes. */
  from?: number;
  to?: number;
  /** Widen the window to the end of the history (e.g. a crash after the acknowledgement). */
  toEnd?: boolean;
  /** Webhook kinds worth showing (default: the unusual ones). */
  webhookKinds?: readonly WebhookEvent['kind'][];
  /** At most this many fault and webhook events (the latest in the window). Default 6. */
  maxContext?: number;
}

const UNUSUAL: readonly WebhookEvent['kind'][] = ['duplicate', 'forged', 'stale'];

/** The events about payment `reference` that explain a violation, in history order. */
export function timeline(history: readonly HistoryEvent[], reference: string | undefined, opts: TimelineOptions = {}): HistoryEvent[] {
  const own = reference === undefined ? [] : operationEvents(history, reference, opts);
  let from = opts.from ?? Infinity;
  let to = opts.toEnd ? (history[history.length - 1]?.index ?? -Infinity) : (opts.to ?? -Infinity);
  for (const e of own) {
    from = Math.min(from, e.index);
    to = Math.max(to, e.index);
  }
  if (from > to) return own;
  return merge(own, context(history, from, to, opts));
}

/** Faults active and unusual webhooks around one history position (when no payment is known). */
export function around(history: readonly HistoryEvent[], from: number, to: number, opts: TimelineOptions = {}): HistoryEvent[] {
  return context(history, from, to, opts);
}

function operationEvents(history: readonly HistoryEvent[], reference: string, opts: TimelineOptions): HistoryEvent[] {
  const keep = new Set<number>();
  for (const e of history) {
    if ((e.type !== 'invoke' && e.type !== 'ok' && e.type !== 'fail' && e.type !== 'info') || e.reference !== reference) continue;
    if (opts.ops && !opts.ops.includes(e.op)) continue;
    if (opts.opIds && !opts.opIds.has(e.opId)) continue;
    keep.add(e.opId);
  }
  if (opts.sutPaymentId !== undefined) {
    // Leave out operations whose completion names another SUT payment with the same reference.
    for (const e of history) {
      if ((e.type === 'ok' || e.type === 'fail') && keep.has(e.opId) && e.reference === reference) {
        const v = e.completion.type === 'info' ? undefined : e.completion.value;
        if (v && v.paymentId !== opts.sutPaymentId) keep.delete(e.opId);
      }
    }
  }
  return history.filter((e): e is InvokeEvent | CompleteEvent => (e.type === 'invoke' || e.type === 'ok' || e.type === 'fail' || e.type === 'info') && e.reference === reference && keep.has(e.opId));
}

function context(history: readonly HistoryEvent[], from: number, to: number, opts: TimelineOptions): HistoryEvent[] {
  const providers = (opts.providers ?? []).filter((p): p is string => typeof p === 'string' && p !== '').map((p) => p.toLowerCase());
  const relevant = (provider: string | undefined) => providers.length === 0 || provider === undefined || providers.includes(provider.toLowerCase());
  const picked: HistoryEvent[] = [];
  for (const f of faultIntervals(history)) {
    if (!overlaps(f, from, to)) continue;
    if (providers.length > 0 && !providers.some((p) => concerns(f, p))) continue;
    picked.push(f.start);
    if (f.stop && f.stop.index <= to) picked.push(f.stop);
  }
  const kinds = opts.webhookKinds ?? UNUSUAL;
  for (const e of history) {
    if (e.type === 'webhook' && e.index >= from && e.index <= to && kinds.includes(e.kind) && relevant(e.provider)) picked.push(e);
  }
  picked.sort((a, b) => a.index - b.index);
  const max = opts.maxContext ?? 6;
  return picked.length > max ? picked.slice(picked.length - max) : picked;
}

function merge(a: readonly HistoryEvent[], b: readonly HistoryEvent[]): HistoryEvent[] {
  const seen = new Set<number>();
  const out: HistoryEvent[] = [];
  for (const e of [...a, ...b]) {
    if (seen.has(e.index)) continue;
    seen.add(e.index);
    out.push(e);
  }
  return out.sort((x, y) => x.index - y.index);
}
