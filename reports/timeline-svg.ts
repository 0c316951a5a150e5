// A drill's history as an inline SVG timeline: x is time from the drill's start, scaled piecewise
// (time-scale.ts: where things happen at full scale, a long empty stretch compressed to a marked
// break labelled with its real length); one lane per payment (merchant reference) with each
// operation a bar from invoke to completion, coloured by whose doing its end was (outcome.ts: the
// SUT refusing on purpose is not a platform failure); a lane of webhook deliveries; one row per
// fault with its window shaded across every lane; phase changes as dashed lines whose labels and
// the axis's never overlap. The axis says which clock it is: simulated time in the simulation
// world, wall time in the live one. Native <title> tooltips carry the details, so the page needs
// no script. Lanes are capped: the payments a violation names, and those with failed or
// indeterminate operations, are kept first. Written with `markup`: every label and tooltip
// (payment references, fault descriptions, error codes from the SUT) is data, escaped.
import type { CompleteEvent, FaultEvent, HistoryEvent, InvokeEvent, PhaseEvent, WebhookEvent } from '../harness/index.ts';
import { markup, join, type Markup } from './escape.ts';
import { duration } from './format.ts';
import { OUTCOME_COLOUR, outcomeOf, outcomeWords } from './outcome.ts';
import { redact } from './redact.ts';
import { timeScale } from './time-scale.ts';

export interface TimelineOptions {
  /** At most this many payment lanes (default 200). */
  maxLanes?: number;
  /** At most this many webhook ticks (default 2000). */
  maxWebhooks?: number;
  /** Payments to keep and mark (those a violation names). */
  highlight?: ReadonlySet<string>;
  /** Which clock the history's times are on: the simulation world's virtual one (default) or the wall. */
  clock?: 'virtual' | 'wall';
}

export interface Timeline {
  svg: Markup;
  lanes: number;
  /** Payments left out by the lane cap. */
  omittedLanes: number;
  omittedWebhooks: number;
  omittedFaults: number;
  /** Time drawn compressed (idle stretches), ms. */
  compressedMs: number;
}

/** Bar colours by outcome (outcome.ts). */
export const COLOURS = OUTCOME_COLOUR;
/** Fault windows by the kind of target (`psp:stripe` → psp). */
export const FAULT_FILL: Record<string, string> = { psp: '#c62828', net: '#1565c0', webhook: '#6a1b9a', sut: '#37474f' };
const WEBHOOK_FILL: Record<WebhookEvent['kind'], string> = { genuine: '#1565c0', duplicate: '#6a1b9a', forged: '#ad1457', stale: '#8d6e63' };
const CLOCK_WORDS = { virtual: 'simulated time', wall: 'wall time' } as const;

const LABEL_W = 230;
const PLOT_W = 900;
/** Room right of the plot for the last phase's label and the last tick's, hung to the right of their lines. */
const RIGHT_MARGIN = 100;
const BREAK_W = 64;
const PH_ROW = 11;
const ROW_H = 14;
const BAR_H = 9;
const MAX_FAULT_ROWS = 24;
/** Width of a 9px system-ui glyph, generously: boxes are estimated so that they never underlap. */
const CHAR_W = 5.6;

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
  const clock = o.clock ?? 'virtual';
  const scale = timeScale(history.map((e) => e.t), { x0: LABEL_W, width: PLOT_W, breakWidth: BREAK_W });
  const { t0, tEnd } = scale;
  const x = scale.x;
  const span = Math.max(1, tEnd - t0);

  const { ops, order } = operationsByPayment(history);
  const lanes = chooseLanes(order, ops, highlight, maxLanes);
  const allFaults = faultWindows(history);
  const faults = allFaults.slice(0, MAX_FAULT_ROWS);
  const webhooks = history.filter((e): e is WebhookEvent => e.type === 'webhook');
  const phases = placePhaseLabels(phaseMarkers(history.filter((e): e is PhaseEvent => e.type === 'phase')), x);

  // Top to bottom: phase labels (as many rows as they need not to overlap), the time axis, then
  // fault rows, webhooks and payment lanes.
  const phaseRows = phases.reduce((n, p) => Math.max(n, p.row + 1), 0);
  const tickBase = phaseRows * PH_ROW + 10;
  const axisH = tickBase + 6;
  const faultTop = axisH;
  const webhookTop = faultTop + faults.length * ROW_H;
  const lanesTop = webhookTop + (webhooks.length ? ROW_H : 0);
  const height = lanesTop + lanes.length * ROW_H + 6;
  const width = LABEL_W + PLOT_W + RIGHT_MARGIN;
  const parts: Markup[] = [];

  // Compressed stretches first, under everything: a pale band with a broken-axis mark and its real length.
  const breakBoxes: Box[] = [];
  for (const b of scale.breaks) {
    const mid = round((b.x0 + b.x1) / 2);
    const long = `${duration(b.to - b.from)} idle`;
    const text = textWidth(long) <= b.x1 - b.x0 - 4 ? long : duration(b.to - b.from);
    const tip = `${duration(b.to - b.from)} of ${CLOCK_WORDS[clock]} with no operation, webhook or fault event (t+${b.from - t0} ms → t+${b.to - t0} ms), drawn compressed`;
    breakBoxes.push(centred(mid, text));
    parts.push(
      markup`<g class="break"><title>${tip}</title><rect x="${round(b.x0)}" y="${axisH}" width="${round(b.x1 - b.x0)}" height="${height - axisH}" fill="#f2f2f2"/>`,
      markup`<path d="M${round(b.x0 + 2)} ${axisH + 4} l6 -8 M${round(b.x1 - 8)} ${axisH + 4} l6 -8" class="brkmark"/>`,
      markup`<text x="${mid}" y="${tickBase}" class="brk" text-anchor="middle">${text}</text></g>`,
    );
  }

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
      const outcome = outcomeOf(op.done?.completion);
      const tip = `${op.invoke.op} ${ref}: ${outcomeWords(op.done?.completion)} (t+${op.invoke.t - t0} ms, ${end - op.invoke.t} ms)`;
      parts.push(markup`<rect x="${x1}" y="${y + 2}" width="${Math.max(2, round(x(end) - x1))}" height="${BAR_H}" fill="${COLOURS[outcome]}" data-outcome="${outcome}"><title>${tip}</title></rect>`);
    }
  });

  // Phase markers last, so they stay visible over bars and bands: each line runs from its label
  // down through the plot. Phases entered at the same moment share one marker.
  for (const p of phases) {
    const y = PH_ROW * p.row + 9;
    parts.push(
      markup`<line x1="${p.x}" y1="${y + 2}" x2="${p.x}" y2="${height}" class="phase"/>`,
      markup`<text x="${p.anchorX}" y="${y}" class="ph"${p.end ? markup` text-anchor="end"` : ''}>${p.label}</text>`,
    );
  }

  // Tick labels where they collide with nothing: not a phase line, not a break's label, not the tick before.
  const taken: Box[] = [...breakBoxes, ...phases.map((p) => ({ x0: p.x - 2, x1: p.x + 2 }))];
  const axis: Markup[] = [markup`<text x="${LABEL_W - 6}" y="${tickBase}" class="tick axis-clock" text-anchor="end">${clock === 'virtual' ? 'simulated time' : 'wall time'}</text>`];
  for (const d of scale.ticks()) {
    const tx = x(t0 + d);
    axis.push(markup`<line x1="${tx}" y1="${axisH - 2}" x2="${tx}" y2="${height}" class="grid"/>`);
    // Centred on its tick, else beside it (a tick on a phase line keeps its label, to one side), else left out.
    const text = formatOffset(d, span);
    const w = textWidth(text);
    const place = [
      { anchor: 'middle', at: tx, box: centred(tx, text) },
      { anchor: 'start', at: round(tx + 3), box: { x0: tx + 3, x1: tx + 3 + w } },
      { anchor: 'end', at: round(tx - 3), box: { x0: tx - 3 - w, x1: tx - 3 } },
    ].find((c) => !taken.some((b) => overlaps(b, c.box)));
    if (!place) continue;
    taken.push(place.box);
    axis.push(markup`<text x="${place.at}" y="${tickBase}" class="tick" text-anchor="${place.anchor}">${text}</text>`);
  }
  const svg = join(
    [markup`<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="timeline of the drill (${clock === 'virtual' ? 'simulated' : 'wall'} time)">`, ...axis, ...parts, markup`</svg>`],
    markup`\n`,
  );
  return {
    svg,
    lanes: lanes.length,
    omittedLanes: order.length - lanes.length,
    omittedWebhooks: Math.max(0, webhooks.length - maxWebhooks),
    omittedFaults: allFaults.length - faults.length,
    compressedMs: scale.breaks.reduce((n, b) => n + b.to - b.from, 0),
  };
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

interface Box {
  x0: number;
  x1: number;
}

interface PlacedPhase {
  label: string;
  /** Where the line is. */
  x: number;
  /** Where the label's anchor is, and whether it hangs to the left of the line (near the right edge). */
  anchorX: number;
  end: boolean;
  row: number;
  box: Box;
}

/**
 * Each phase label in the first row where it overlaps no other label, crosses no line of a label
 * above it, and is crossed by no line of a label below it (lines run down from their labels);
 * hung to the right of its line, else to the left. Phases so close together that no row can
 * keep a label clear of a neighbour's line (both sides crossed) go on a row of their own below.
 */
function placePhaseLabels(markers: Array<{ t: number; label: string }>, x: (t: number) => number): PlacedPhase[] {
  const placed: PlacedPhase[] = [];
  const right = LABEL_W + PLOT_W + RIGHT_MARGIN - 4;
  for (const m of markers) {
    const px = x(m.t);
    const w = textWidth(m.label);
    const sides = [
      { end: false, box: { x0: px + 2, x1: px + 2 + w } },
      { end: true, box: { x0: px - 2 - w, x1: px - 2 } },
    ].filter((c) => c.box.x1 <= right && c.box.x0 >= 0);
    const clash = (r: number, box: Box) =>
      placed.some((p) => (p.row === r && overlaps(p.box, box)) || (p.row > r && p.box.x0 - 1 <= px && px <= p.box.x1 + 1) || (p.row < r && box.x0 - 1 <= p.x && p.x <= box.x1 + 1));
    let choice: { row: number; end: boolean; box: Box } | undefined;
    for (let row = 0; row <= placed.length && !choice; row++) {
      const side = sides.find((c) => !clash(row, c.box));
      if (side) choice = { row, ...side };
    }
    const fallback = sides[0] ?? { end: false, box: { x0: px + 2, x1: px + 2 + w } };
    choice ??= { row: placed.reduce((n, p) => Math.max(n, p.row + 1), 0), ...fallback };
    placed.push({ label: m.label, x: px, anchorX: round(choice.end ? px - 2 : px + 2), end: choice.end, row: choice.row, box: choice.box });
  }
  return placed;
}

function textWidth(text: string): number {
  return [...text].length * CHAR_W + 2;
}

function centred(x: number, text: string): Box {
  const w = textWidth(text);
  return { x0: x - w / 2, x1: x + w / 2 };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1;
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
