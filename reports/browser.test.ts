// The gate report as a person sees it: rendered by a real browser (Debian's headless Chromium),
// asserting on the DOM the browser built and leaving a screenshot beside the report, so a
// reviewer can look at the page the test read. Chromium is installed by `make setup`
// (scripts/setup-tools.sh); without it this test skips and says so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { htmlReport } from './html.ts';
import { contracts, exploration, gateReport, handMadeDrill, moneyDrill, refusalDrill } from './test-support.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const chromium = process.env.GAUNTLET_CHROMIUM ?? CANDIDATES.find((p) => existsSync(p));
if (!chromium) console.warn('reports/browser.test.ts skipped: no Chromium found (looked in ' + CANDIDATES.join(', ') + '); run `make setup` to install Debian\'s chromium package');

const OUT = resolve('reports/out/browser');
// Headless flags: no GPU, no sandbox (CI containers run as root), no first-run noise.
const FLAGS = ['--headless', '--disable-gpu', '--no-sandbox', '--no-first-run', '--hide-scrollbars', '--disable-dev-shm-usage'];

function browser(args: string[]): string {
  return execFileSync(chromium!, [...FLAGS, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
}

/** The visible text of the rendered DOM, tags dropped, entities of interest decoded. */
function visibleText(dom: string): string {
  return dom.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe.skipIf(!chromium)('the gate report in headless Chromium', () => {
  it('shows money by currency exponent, failures before the passing contracts, and the replay command', () => {
    mkdirSync(OUT, { recursive: true });
    const report = gateReport({ verdict: 'fail', contracts: contracts(), exploration: { ...exploration(false), mutant: 'no-provider-idempotency' }, drills: [{ ...handMadeDrill(), verdict: 'pass', passed: true, violations: [] }, { ...moneyDrill(), wallMs: 1_234 }] });
    const page = join(OUT, 'report.html');
    writeFileSync(page, htmlReport(report));

    const dom = browser(['--dump-dom', pathToFileURL(page).href]);
    expect(dom).toContain('<section id="drills">');
    const text = visibleText(dom);
    expect(text).toContain('the SUT says 89.07 EUR refunded, the PSP 45.00 EUR');
    expect(text).toContain('the SUT says 1000 JPY captured, the PSP 0 JPY');
    expect(text).not.toMatch(/\b8907 EUR\b/);
    // A count criterion is a count: "≥ 3", never "≥ 300%".
    expect(text).toContain('≥ 3');
    expect(text).not.toContain('300%');
    expect(text).toContain('Replay it exactly: npx gauntlet drill refund-money-mismatch --world sim --seed 7 --mutant no-provider-idempotency');
    // The failing drill before the passing one, and the drills before the contracts; the passing contracts folded.
    expect(text.indexOf('drill refund-money-mismatch')).toBeLessThan(text.indexOf('drill hand-made'));
    expect(dom.indexOf('id="drills"')).toBeLessThan(dom.indexOf('id="contracts"'));
    expect(dom).toMatch(/<details class="passing"><summary>3 passing interaction\(s\)<\/summary>/);
    expect(text).toContain('1.2 s wall');

    const png = join(OUT, 'report.png');
    browser([`--screenshot=${png}`, '--window-size=1280,2000', pathToFileURL(page).href]);
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });

  it('draws the timeline readable: axis labels clear of phase markers, the idle wait compressed, a refusal and a failure in different colours', () => {
    mkdirSync(OUT, { recursive: true });
    const report = gateReport({ drills: [refusalDrill()] });
    const page = join(OUT, 'timeline.html');
    writeFileSync(page, htmlReport(report));
    // The report carries no script (html.test.ts); a copy made for this test measures what the
    // browser laid out and writes it into the DOM it dumps.
    const measured = join(OUT, 'timeline-measured.html');
    writeFileSync(measured, htmlReport(report).replace('</body>', `<script>${MEASURE}</script></body>`).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    const dom = browser(['--dump-dom', pathToFileURL(measured).href]);
    const m = JSON.parse(/<pre id="measure">([^<]*)<\/pre>/.exec(dom)?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, '&') ?? 'null') as Measured | null;
    expect(m, 'the measuring script did not run').not.toBeNull();
    const { axis, phaseLines, phaseLabels, fills, breakBox, plot } = m!;
    expect(axis.length).toBeGreaterThan(3);
    expect(phaseLabels.map((p) => p.text)).toEqual(['safety', 'heal', 'liveness', 'final']);
    // What a person sees: no axis label (tick, break, clock) overlaps a phase line or a phase label...
    for (const a of axis) {
      for (const l of phaseLines) expect(intersects(a, l), `axis label "${a.text}" ${box(a)} overlaps the phase line ${box(l)}`).toBe(false);
      for (const p of phaseLabels) expect(intersects(a, p), `axis label "${a.text}" ${box(a)} overlaps phase label "${p.text}" ${box(p)}`).toBe(false);
    }
    // ...no two phase labels overlap, and no phase line runs through another phase's label.
    for (const [i, p] of phaseLabels.entries()) {
      for (const q of phaseLabels.slice(i + 1)) expect(intersects(p, q), `"${p.text}" ${box(p)} overlaps "${q.text}" ${box(q)}`).toBe(false);
      for (const [j, l] of phaseLines.entries()) if (j !== i) expect(intersects(p, l), `phase line ${j} ${box(l)} runs through "${p.text}" ${box(p)}`).toBe(false);
    }
    // The 30 s wait is a narrow break, the 5 s of traffic most of the plot.
    expect(breakBox.width).toBeLessThan(plot.width * 0.1);
    expect(axis.find((a) => a.text === '30 s idle')).toBeDefined();
    // A refusal and a platform failure render in different colours, neither the other's.
    expect(fills.refused).toBeTruthy();
    expect(new Set([fills.refused, fills.declined, fills.failed, fills.indeterminate, fills.ok]).size).toBe(5);

    const png = join(OUT, 'timeline.png');
    browser([`--screenshot=${png}`, '--window-size=1280,2900', pathToFileURL(page).href]);
    expect(statSync(png).size).toBeGreaterThan(10_000);
  });
});

interface Rect {
  text?: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}
interface Measured {
  axis: Rect[];
  phaseLines: Rect[];
  phaseLabels: Rect[];
  breakBox: Rect;
  plot: Rect;
  fills: Record<string, string>;
}

const intersects = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const box = (r: Rect) => `[${r.left.toFixed(1)}..${r.right.toFixed(1)} × ${r.top.toFixed(1)}..${r.bottom.toFixed(1)}]`;

/** Runs in the page: the rendered boxes of the timeline's labels and markers, and the colours of its bars. */
const MEASURE = `
const svg = document.querySelector('svg.timeline');
const r = (e) => { const b = e.getBoundingClientRect(); return { text: e.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width }; };
// A phase line is 1 px of stroke: widen it to what the eye sees.
const line = (e) => { const b = r(e); return { ...b, left: b.left - 1, right: b.right + 1 }; };
const fills = {};
for (const o of ['ok', 'declined', 'refused', 'failed', 'indeterminate']) { const e = svg.querySelector('rect[data-outcome="' + o + '"]'); fills[o] = e ? getComputedStyle(e).fill : ''; }
const out = {
  axis: [...svg.querySelectorAll('text.tick, text.brk')].map(r),
  phaseLines: [...svg.querySelectorAll('line.phase')].map(line),
  phaseLabels: [...svg.querySelectorAll('text.ph')].map(r),
  breakBox: r(svg.querySelector('g.break rect')),
  plot: r(svg),
  fills,
};
const pre = document.createElement('pre'); pre.id = 'measure'; pre.textContent = JSON.stringify(out); document.body.append(pre);
`;
