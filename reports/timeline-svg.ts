// A drill's history as an inline SVG timeline: x is time from the drill's start; one lane per
// payment (merchant reference) with each operation a bar from invoke to completion, coloured by
// how it ended; a lane of webhook deliveries; one row per fault with its window shaded across
// every lane; phase changes as dashed lines. Native <title> tooltips carry the details, so the
// page needs no script. Lanes are capped: the payments a violation names, and those with failed
// or indeterminate operations, are kept first. Written with `markup`: every label and tooltip
// (payment references, fault descriptions, error codes from the SUT) is data, escaped.
import type { CompleteEvent, FaultEvent, HistoryEvent, InvokeEvent, PhaseEvent, WebhookEvent } from '../harness/index.ts';
import { markup, join, type Markup } from './escape.ts';
import { redact } from './redact.ts';

export interface TimelineOptions {
  /** At most this many payment lanes (default 200). */
  maxLanes?: number;
  /** At most this many webhook ticks (default 2000). */
  maxWebhooks?: number;
  /** Payments to keep and mark (those a violation names). */
  highlight?: ReadonlySet<string>;
}

export interface Timeline {
  svg: Markup;
  lanes: number;
  /** Payments left out by the lane cap. */
  omittedLanes: number;
  omittedWebhooks: number;
  omittedFaults: number;
}

export const COLOURS = { ok: '#2e7d32', fail: '#c62828', info: '#ef8f00', pending: '#9e9e9e' } as const;
/** Fault windows by the kind of target (`psp:stripe` → psp). */
export const FAULT_FILL: Record<string, string> = { psp: '#c62828', net: '#1565c0', webhook: '#6a1b9a', sut: '#37474f' };
const WEBHOOK_FILL: Record<WebhookEvent['kind'], string> = { genuine: '#1565c0', duplicate: '#6a1b9a', forged: '#ad1457', stale: '#8d6e63' };

const LABEL_W = 230;
const PLOT_W = 900;
const AXIS_H = 34;
const ROW_H = 14;
const BAR_H = 9;
const MAX_FAULT_ROWS = 24;

interface Op {
  invoke: InvokeEvent;
  done?: CompleteEvent;
}

interface FaultWindow {
  start: FaultEvent;
  stopT: number | null;
}

export function timelineSvg(history: readonly HistoryEvent[], o: TimelineOptions = {}): Timeline {
  const maxLanes = o.maxLanes ?? 200;
  const maxWebhooks = o.maxWebhooks ?? 2000;
  const highlight = o.highlight ?? new Set<string>();
  const t0 = history[0]?.t ?? 0;
  const tEnd = history.reduce((m, e) => Math.max(m, e.t), t0);
  const span = Math.max(1, tEnd - t0);
  const x = (t: number) => round(LABEL_W + ((t - t0) / span) * PLOT_W);

  const { ops, order } = operationsByPayment(history);
  const lanes = chooseLanes(order, ops, highlight, maxLanes);
  const allFaults = faultWindows(history);
  const faults = allFaults.slice(0, MAX_FAULT_ROWS);
  const webhooks = history.filter((e): e is WebhookEvent => e.type === 'webhook');
  const phases = history.filter((e): e is PhaseEvent => e.type === 'phase');

  const faultTop = AXIS_H;
  const webhookTop = faultTop + faults.length * ROW_H;
  const lanesTop = webhookTop + (webhooks.length ? ROW_H : 0);
  const height = lanesTop + lanes.length * ROW_H + 6;
  const width = LABEL_W + PLOT_W + 20;
  const parts: Markup[] = [];

  // Fault windows: a labelled bar in the fault's own row, and a band shaded over the lanes below.
  faults.forEach((f, i) => {
    const x1 = x(f.start.t);
    const w = Math.max(2, x(f.stopT ?? tEnd) - x1);
    const fill = FAULT_FILL[f.start.target.split(':')[0] ?? ''] ?? FAULT_FILL.sut!;
    const tip = `${f.start.target}: ${f.start.description} (t+${f.start.t - t0} ms → ${f.stopT === null ? 'end, never healed' : `t+${f.stopT - t0} ms`})`;
    const y = faultTop + i * ROW_H;
    parts.push(
      markup`<rect x="${x1}" y="${lanesTop}" width="${w}" height="${height - lanesTop}" fill="${fill}" fill-opacity="0.08"/>`,
      markup`<rect x="${x1}" y="${y + 2}" width="${w}" height="${BAR_H}" fill="${fill}" fill-opacity="0.35"><title>${tip}</title></rect>`,
      markup`<text x="${LABEL_W - 6}" y="${y + 10}" class="lbl" text-anchor="end">fault ${label(f.start.target, 30)}</text>`,
      markup`<text x="${x1 + 3}" y="${y + 10}" class="flt">${label(f.start.description, 90)}</text>`,
    );
  });

  if (webhooks.length) {
    parts.push(markup`<text x="${LABEL_W - 6}" y="${webhookTop + 10}" class="lbl" text-anchor="end">webhooks</text>`);
    for (const wh of webhooks.slice(0, maxWebhooks)) {
      const tip = `webhook ${wh.provider} ${wh.eventType} (${wh.kind}) → ${wh.status ?? 'lost'} at t+${wh.t - t0} ms`;
      const fill = WEBHOOK_FILL[wh.kind];
      // A lost delivery is drawn hollow: it was sent and never answered.
      const paint = wh.status === undefined ? markup`fill="none" stroke="${fill}"` : markup`fill="${fill}"`;
      parts.push(markup`<rect x="${x(wh.t)}" y="${webhookTop + 2}" width="2" height="${BAR_H}" ${paint}><title>${tip}</title></rect>`);
    }
  }

  lanes.forEach((ref, i) => {
    const y = lanesTop + i * ROW_H;
    const marked = highlight.has(ref);
    parts.push(markup`<text x="${LABEL_W - 6}" y="${y + 10}" class="lbl${marked ? ' hl' : ''}" text-anchor="end">${marked ? '⚠ ' : ''}${label(ref, 34)}</text>`);
    for (const op of ops.get(ref) ?? []) {
      const end = op.done?.t ?? tEnd;
      const x1 = x(op.invoke.t);
      const fill = op.done ? COLOURS[op.done.type] : COLOURS.pending;
      const tip = `${op.invoke.op} ${ref}: ${outcomeOf(op)} (t+${op.invoke.t - t0} ms, ${end - op.invoke.t} ms)`;
      parts.push(markup`<rect x="${x1}" y="${y + 2}" width="${Math.max(2, round(x(end) - x1))}" height="${BAR_H}" fill="${fill}"><title>${tip}</title></rect>`);
    }
  });

  // Phase markers last, so they stay visible over bars and bands. Phases entered at the same
  // moment share one marker; labels near the right edge hang to the left of their line.
  phaseMarkers(phases).forEach((m, i) => {
    const px = x(m.t);
    const anchor = px > LABEL_W + PLOT_W * 0.85 ? markup`x="${round(px - 2)}" text-anchor="end"` : markup`x="${round(px + 2)}"`;
    parts.push(
      markup`<line x1="${px}" y1="${AXIS_H - 12}" x2="${px}" y2="${height}" class="phase"/>`,
      markup`<text ${anchor} y="${10 + (i % 2) * 10}" class="ph">${m.label}</text>`,
    );
  });

  const axis = ticks(span).map((d) => markup`<line x1="${x(t0 + d)}" y1="${AXIS_H - 6}" x2="${x(t0 + d)}" y2="${height}" class="grid"/><text x="${x(t0 + d)}" y="${AXIS_H - 8}" class="tick" text-anchor="middle">${formatOffset(d, span)}</text>`);
  const svg = join(
    [markup`<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="timeline of the drill">`, ...axis, ...parts, markup`</svg>`],
    markup`\n`,
  );
  return { svg, lanes: lanes.length, omittedLanes: order.length - lanes.length, omittedWebhooks: Math.max(0, webhooks.length - maxWebhooks), omittedFaults: allFaults.length - faults.length };
}

function operationsByPayment(history: readonly HistoryEvent[]): { ops: Map<string, Op[]>; order: string[] } {
  const ops = new Map<string, Op[]>();
  const byId = new Map<number, Op>();
  for (const e of history) {
    if (e.type === 'invoke') {
      const op: Op = { invoke: e };
      byId.set(e.opId, op);
      const lane = ops.get(e.reference);
      if (lane) lane.push(op);
      else ops.set(e.reference, [op]);
    } else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const op = byId.get(e.opId);
      if (op) op.done = e;
    }
  }
  return { ops, order: [...ops.keys()] };
}

/** The lanes to draw, in order of first appearance: named and troubled payments first in line for the cap. */
function chooseLanes(order: string[], ops: Map<string, Op[]>, highlight: ReadonlySet<string>, max: number): string[] {
  if (order.length <= max) return order;
  const troubled = (ref: string) => (ops.get(ref) ?? []).some((op) => !op.done || op.done.type !== 'ok');
  const keep = new Set<string>();
  for (const tier of [(r: string) => highlight.has(r), troubled, () => true]) {
    for (const ref of order) {
      if (keep.size >= max) break;
      if (tier(ref)) keep.add(ref);
    }
  }
  return order.filter((r) => keep.has(r));
}

/** Pairs each fault start with its stop (same target; `healed: <description>` when several are open). */
function faultWindows(history: readonly HistoryEvent[]): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open: FaultWindow[] = [];
  for (const e of history) {
    if (e.type !== 'fault') continue;
    if (e.action === 'start') {
      const w = { start: e, stopT: null };
      windows.push(w);
      open.push(w);
      continue;
    }
    const sameTarget = open.filter((w) => w.start.target === e.target);
    const w = sameTarget.find((c) => e.description === `healed: ${c.start.description}`) ?? sameTarget[0];
    if (!w) continue;
    w.stopT = e.t;
    open.splice(open.indexOf(w), 1);
  }
  return windows;
}

function phaseMarkers(phases: readonly PhaseEvent[]): Array<{ t: number; label: string }> {
  const markers: Array<{ t: number; label: string }> = [];
  for (const p of phases) {
    const last = markers.at(-1);
    if (last && last.t === p.t) last.label += ` · ${p.phase}`;
    else markers.push({ t: p.t, label: p.phase });
  }
  return markers;
}

function outcomeOf(op: Op): string {
  const c = op.done?.completion;
  if (!c) return 'no completion recorded';
  if (c.type === 'ok') return `ok ${c.value.status}`;
  return `${c.type} ${c.error.kind}/${c.error.code}`;
}

/** Round tick steps (1, 2 or 5 × 10^k ms), about eight across the span. */
function ticks(span: number): number[] {
  const raw = span / 8;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let d = 0; d <= span; d += step) out.push(d);
  return out;
}

function formatOffset(ms: number, span: number): string {
  return span >= 2000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** Shortened for a label, after redaction so that a cut can never leave part of a PAN behind (`markup` escapes it). */
function label(s: string, n: number): string {
  const r = redact(s);
  return r.length > n ? `${r.slice(0, n - 1)}…` : r;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
