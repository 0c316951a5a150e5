// The SVG timeline: lanes per payment, bars coloured by outcome, fault windows paired start to
// stop, phase markers, and the lane cap keeping the payments that matter.
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../harness/index.ts';
import { elements, handMadeDrill, HOSTILE, parseHtml, textOf, type MarkupNode } from './test-support.ts';
import { COLOURS, timelineSvg } from './timeline-svg.ts';

const titled = (svg: MarkupNode) => elements(svg, 'rect').filter((r) => r.children.some((c) => c.name === 'title'));
const titleOf = (r: MarkupNode) => textOf(r.children.find((c) => c.name === 'title')!);

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
});
