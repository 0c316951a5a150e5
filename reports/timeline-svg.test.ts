// The SVG timeline: lanes per payment, bars coloured by outcome, fault windows paired start to
// stop, phase markers, and the lane cap keeping the payments that matter.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../harness/index.ts';
import { elements, handMadeDrill, HOSTILE, parseHtml, refusalDrill, textOf, type MarkupNode } from './test-support.ts';
import { COLOURS, timelineSvg } from './timeline-svg.ts';

const titled = (svg: MarkupNode) => elements(svg, 'rect').filter((r) => r.children.some((c) => c.name === 'title'));
const titleOf = (r: MarkupNode) => textOf(r.children.find((c) => c.name === 'title')!);

/**
 * No two phase labels overlap (boxes estimated at 5 px a glyph, less than the writer assumes; the
 * browser test measures the real ones), and no phase line runs through another phase's label.
 */
function expectPhaseLabelsClear(svg: MarkupNode): void {
  const labels = elements(svg, 'text').filter((e) => e.attrs.class === 'ph').map((e) => {
    const x = Number(e.attrs.x);
    const w = [...textOf(e)].length * 5;
    return { text: textOf(e), y: Number(e.attrs.y), x0: e.attrs['text-anchor'] === 'end' ? x - w : x, x1: e.attrs['text-anchor'] === 'end' ? x : x + w };
  });
  const lines = elements(svg, 'line').filter((l) => l.attrs.class === 'phase').map((l) => ({ x: Number(l.attrs.x1), top: Number(l.attrs.y1) }));
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1)) if (a.y === b.y) expect(a.x1 <= b.x0 || b.x1 <= a.x0, `"${a.text}" and "${b.text}" overlap`).toBe(true);
    lines.forEach((l, j) => {
      if (j !== i && l.top < a.y) expect(l.x < a.x0 || l.x > a.x1, `phase line ${j} at ${l.x} runs through "${a.text}" [${a.x0}, ${a.x1}]`).toBe(true);
    });
  });
}

describe('timelineSvg', () => {
  it('draws one lane per payment with a bar per operation, coloured by how it ended', () => {
    const d = handMadeDrill();
    const t = timelineSvg(d.record.history, { highlight: new Set([d.violations[0]!.paymentId]) });
    const svg = parseHtml(t.svg, { fragment: true });
    expect(t.lanes).toBe(2);
    expect(t.omittedLanes).toBe(0);
    const bars = titled(svg).filter((r) => /^(authorize|capture) /.test(titleOf(r)));
    expect(bars.map((b) => [titleOf(b).split(':')[0]!.split(' ')[0], b.attrs.fill])).toEqual([
      ['authorize', COLOURS.ok],
      ['capture', COLOURS.indeterminate],
      // hand-1's authorize: the issuer declined and the SUT said so. The SUT working, not a platform failure.
      ['authorize', COLOURS.declined],
    ]);
    // x is time from the drill's start: the first authorize (t+10 of 300 ms) starts 1/30 into the plot.
    expect(Number(bars[0]!.attrs.x)).toBeCloseTo(230 + 900 / 30, 0);
    expect(titleOf(bars[1]!)).toContain('indeterminate (info, network/timeout) (t+50 ms, 40 ms)');
    // The payment a violation names is marked, and its hostile name is escaped, not markup.
    const labels = elements(svg, 'text').filter((e) => e.attrs.class?.startsWith('lbl'));
    expect(labels.find((l) => l.attrs.class === 'lbl hl') && textOf(labels.find((l) => l.attrs.class === 'lbl hl')!)).toContain('⚠ hand-0 <script>');
    expect(t.svg).not.toContain('<script');
    expect(HOSTILE).toContain('<script>');
  });

  it('shades each fault from its start to its stop, and to the end when it is never healed', () => {
    const t = timelineSvg(handMadeDrill().record.history);
    const faults = titled(parseHtml(t.svg, { fragment: true })).filter((r) => /^(psp|net):/.test(titleOf(r)));
    expect(faults.map(titleOf)).toEqual(['psp:stripe: stripe: timeout_after_commit on capture (t+0 ms → t+200 ms)', 'net:adyen: adyen: latency 500 ms (t+80 ms → end, never healed)']);
    expect(Number(faults[0]!.attrs.width)).toBeCloseTo((900 * 200) / 300, 0);
    expect(Number(faults[1]!.attrs.x) + Number(faults[1]!.attrs.width)).toBeCloseTo(230 + 900, 0);
  });

  it('marks phases (one marker for phases entered together) and draws webhooks, a lost one hollow', () => {
    const history = handMadeDrill().record.history;
    const svg = parseHtml(timelineSvg([...history, { index: 14, t: history.at(-1)!.t, type: 'phase', phase: 'liveness' }]).svg, { fragment: true });
    expect(elements(svg, 'text').filter((e) => e.attrs.class === 'ph').map(textOf)).toEqual(['safety', 'heal', 'final · liveness']);
    expect(elements(svg, 'line').filter((e) => e.attrs.class === 'phase')).toHaveLength(3);
    const hooks = titled(svg).filter((r) => titleOf(r).startsWith('webhook'));
    expect(hooks.map((h) => [titleOf(h).split(' at ')[0], h.attrs.fill])).toEqual([
      ['webhook stripe charge.captured (duplicate) → 200', '#6a1b9a'],
      ['webhook stripe charge.captured (forged) → lost', 'none'],
    ]);
  });

  it('caps the lanes, keeping named payments and payments with failed operations first, and says how many it left out', () => {
    // 300 payments: p-7, p-57, ... fail; p-250 onwards end indeterminate; the rest are ok.
    const history: HistoryEvent[] = [];
    const error = { kind: 'platform' as const, code: 'boom', message: 'boom' };
    const ok = (reference: string) => ({ paymentId: reference, reference, status: 'authorized', amount: 1, currency: 'EUR', provider: 'stripe', providerPaymentId: null, amounts: { authorized: 1, captured: 0, refunded: 0 }, declineCode: null });
    for (let i = 0; i < 300; i++) {
      const reference = `p-${i}`;
      const base = { process: 0, opId: i, op: 'authorize' as const, reference };
      history.push({ index: history.length, t: i, type: 'invoke', ...base, args: {} });
      const done = { index: history.length, t: i + 1, ...base };
      if (i % 50 === 7) history.push({ ...done, type: 'fail', completion: { type: 'fail', error } });
      else if (i >= 250) history.push({ ...done, type: 'info', completion: { type: 'info', error } });
      else history.push({ ...done, type: 'ok', completion: { type: 'ok', value: ok(reference) } });
    }
    const t = timelineSvg(history, { maxLanes: 60, highlight: new Set(['p-299', 'p-3']) });
    expect(t.lanes).toBe(60);
    expect(t.omittedLanes).toBe(240);
    const drawn = elements(parseHtml(t.svg, { fragment: true }), 'text').filter((e) => e.attrs.class?.startsWith('lbl')).map((e) => textOf(e).replace('⚠ ', ''));
    // Named first (p-3, p-299), then every troubled one (p-7, p-57, ..., p-207, and p-250..p-299), in time order.
    const troubled = [7, 57, 107, 157, 207, ...Array.from({ length: 50 }, (_, i) => 250 + i)].map((i) => `p-${i}`);
    expect(drawn).toContain('p-3');
    expect(drawn).toEqual(expect.arrayContaining(troubled));
    expect(drawn.filter((r) => !troubled.includes(r) && r !== 'p-3')).toEqual(['p-0', 'p-1', 'p-2', 'p-4']);
    expect(drawn).toEqual([...drawn].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2))));
  });

  it('colours what the SUT refused on purpose apart from what the platform failed, and says which in the tooltip', () => {
    const svg = parseHtml(timelineSvg(refusalDrill().record.history).svg, { fragment: true });
    const bars = titled(svg).filter((r) => r.attrs['data-outcome']);
    const by = (outcome: string) => bars.filter((b) => b.attrs['data-outcome'] === outcome);
    expect(Object.fromEntries(['ok', 'declined', 'refused', 'failed', 'indeterminate'].map((o) => [o, by(o).length]))).toEqual({ ok: 16, declined: 1, refused: 1, failed: 1, indeterminate: 1 });
    expect(titleOf(by('refused')[0]!)).toMatch(/^refund pay-2: refused by the SUT \(fail, invalid\/amount_too_large\)/);
    expect(titleOf(by('declined')[0]!)).toMatch(/^authorize pay-3: declined by the issuer \(ok, status declined\)/);
    expect(titleOf(by('failed')[0]!)).toMatch(/^capture pay-5: platform failure \(fail, platform\/provider_error\)/);
    expect(titleOf(by('indeterminate')[0]!)).toMatch(/^capture pay-7: indeterminate \(info, network\/timeout\)/);
    // Five classes, five colours; a refusal is never the red of a failure nor the amber of a timeout.
    const fills = new Set(['ok', 'declined', 'refused', 'failed', 'indeterminate'].map((o) => by(o)[0]!.attrs.fill));
    expect(fills.size).toBe(5);
    for (const o of ['declined', 'refused']) expect([COLOURS.failed, COLOURS.indeterminate]).not.toContain(by(o)[0]!.attrs.fill);
  });

  it('compresses the idle wait into a marked break labelled with its real length, and gives the plot to the traffic', () => {
    const t = timelineSvg(refusalDrill().record.history);
    const svg = parseHtml(t.svg, { fragment: true });
    expect(t.compressedMs).toBe(30_000);
    const breaks = elements(svg, 'g').filter((g) => g.attrs.class === 'break');
    expect(breaks).toHaveLength(1);
    const band = elements(breaks[0]!, 'rect')[0]!;
    expect(Number(band.attrs.width)).toBe(64);
    expect(textOf(elements(breaks[0]!, 'text')[0]!)).toBe('30 s idle');
    expect(textOf(elements(breaks[0]!, 'title')[0]!)).toContain('30 s of simulated time with no operation, webhook or fault event');
    // The 4.1 s of operations span most of the plot (linear, they would get 4.1/35.3 of it: 105 px).
    const bars = titled(svg).filter((r) => r.attrs['data-outcome']);
    const last = Math.max(...bars.map((b) => Number(b.attrs.x) + Number(b.attrs.width)));
    expect(last - 230).toBeGreaterThan(600);
    // The break sits where the wait was: after the last operation, before the liveness marker.
    const liveness = elements(svg, 'line').filter((l) => l.attrs.class === 'phase')[2]!;
    expect(Number(band.attrs.x)).toBeGreaterThanOrEqual(last - 1);
    expect(Number(liveness.attrs.x1)).toBeCloseTo(Number(band.attrs.x) + 64, 0);
    // No tick inside the wait: the axis jumps from about 5 s to 35 s.
    const ticks = elements(svg, 'text').filter((e) => e.attrs.class === 'tick').map(textOf);
    expect(ticks).toEqual(expect.arrayContaining(['0 s', '1 s', '4 s', '35 s']));
    expect(ticks.filter((s) => /^(1\d|2\d|3[0-4])(\.\d)? s$/.test(s))).toEqual([]);
  });

  it('keeps axis labels clear of phase markers, and phase labels clear of each other', () => {
    // liveness and final 300 ms apart right after the break: once drawn on top of each other and of the ticks.
    const svg = parseHtml(timelineSvg(refusalDrill().record.history).svg, { fragment: true });
    const texts = elements(svg, 'text');
    const phaseLabels = texts.filter((e) => e.attrs.class === 'ph');
    expect(phaseLabels.map(textOf)).toEqual(['safety', 'heal', 'liveness', 'final']);
    const rows = phaseLabels.map((p) => Number(p.attrs.y));
    expectPhaseLabelsClear(svg);
    // Every tick (and break) label sits below every phase label's row...
    const axisY = Math.min(...texts.filter((e) => e.attrs.class === 'tick' || e.attrs.class === 'brk').map((e) => Number(e.attrs.y)));
    expect(axisY).toBeGreaterThan(Math.max(...rows) + 8);
    // ...and no tick label's box (estimated here; the browser test measures the real ones) spans a phase line:
    // a tick on a line (0 s on safety, 35 s on liveness) hangs beside it.
    const lines = elements(svg, 'line').filter((l) => l.attrs.class === 'phase').map((l) => Number(l.attrs.x1));
    const ticks = texts.filter((e) => e.attrs.class === 'tick');
    expect(ticks.find((t) => textOf(t) === '0 s')?.attrs['text-anchor']).toBe('start');
    for (const t of ticks) {
      const x = Number(t.attrs.x);
      const w = textOf(t).length * 5;
      const [x0, x1] = t.attrs['text-anchor'] === 'middle' ? [x - w / 2, x + w / 2] : t.attrs['text-anchor'] === 'start' ? [x, x + w] : [x - w, x];
      for (const lx of lines) expect(lx < x0 || lx > x1, `${textOf(t)} [${x0}, ${x1}] spans the phase line at ${lx}`).toBe(true);
    }
  });

  it('places phase labels for phases a pixel apart on rows of their own, clear of each other and of each other’s lines, without looping', () => {
    // Four phases within 3 ms of a 10 s run: no row can keep a label clear of a neighbour's line on both sides.
    const history: HistoryEvent[] = [{ index: 0, t: 0, type: 'phase', phase: 'safety' }];
    // Webhooks every 100 ms, so there is no idle stretch to compress.
    for (let t = 100; t < 10_000; t += 100) history.push({ index: history.length, t, type: 'webhook', provider: 'stripe', eventId: `evt_${t}`, eventType: 'charge.captured', kind: 'genuine', status: 200 });
    history.push({ index: history.length, t: 9_997, type: 'phase', phase: 'heal' }, { index: history.length + 1, t: 9_998, type: 'phase', phase: 'liveness' }, { index: history.length + 2, t: 10_000, type: 'phase', phase: 'final' });
    const svg = parseHtml(timelineSvg(history).svg, { fragment: true });
    const labels = elements(svg, 'text').filter((e) => e.attrs.class === 'ph');
    expect(labels.map(textOf)).toEqual(['safety', 'heal', 'liveness', 'final']);
    // Three labels within 3 px of each other cannot share a row.
    expect(new Set(labels.slice(1).map((l) => l.attrs.y)).size).toBeGreaterThan(1);
    expectPhaseLabelsClear(svg);
  });

  it('says which clock the axis is on: simulated in the simulation world, wall in the live one', () => {
    const history = refusalDrill().record.history;
    const axis = (clock: 'virtual' | 'wall') => textOf(elements(parseHtml(timelineSvg(history, { clock }).svg, { fragment: true }), 'text').find((e) => (e.attrs.class ?? '').includes('axis-clock'))!);
    expect(axis('virtual')).toBe('simulated time');
    expect(axis('wall')).toBe('wall time');
  });
});
