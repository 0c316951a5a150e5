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
import { contracts, exploration, gateReport, handMadeDrill, moneyDrill } from './test-support.ts';

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
});
