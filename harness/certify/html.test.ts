// The certificate page is one self-contained file: nothing runs, nothing is fetched, and whatever
// an adapter put in a message is shown as text, never taken as markup. Read with parse5, the way
// a browser reads it, so the assertions are about the document, not its spelling.
import { describe, expect, it } from 'vitest';
import type { Certificate } from './certificate.ts';
import { certificateHtml } from './html.ts';
import { elements, parseHtml, textOf, type MarkupNode } from '../../reports/testing/html-parse.ts';

const hostile = '<img src=x onerror="alert(1)"><script>fetch("https://evil.test")</script>';

const certificate: Certificate = {
  kind: 'gauntlet-adapter-certificate',
  version: 1,
  adapter: `./adapters/${hostile}.ts`,
  dialect: 'stripe',
  seed: 42,
  issuedAt: '2026-11-25T10:00:00.000Z',
  verdict: 'not_certified',
  reason: 'capabilities failed: error_mapping; fault classes failed: decline-mix.',
  matrix: { capabilities: { error_mapping: 'fail' }, faultClasses: { 'decline-mix': 'fail', 'provider-outage-failover': 'not_applicable' } },
  capabilities: [{ id: 'error_mapping', title: 'Error mapping', passed: false, explanation: hostile, scenarios: [{ name: 'issuer decline', ok: false, facts: ['HTTP 201'], failures: [`failed: ${hostile}`] }] }],
  faultClasses: [
    { drill: 'decline-mix', description: 'declines', status: 'fail', explanation: 'honest-errors violated', payments: 40, faultsApplied: [], faultsSkipped: [], faultHits: [], shortfalls: [], violations: [{ invariant: 'honest-errors', paymentId: 'decline-mix-0', explanation: hostile, timeline: [`t+0ms ${hostile}`] }], criteria: [{ criterion: 'maxPlatformFailureRate', limit: 0, measured: 0.15, ok: false }], historyDigest: 'abc' },
    { drill: 'provider-outage-failover', description: 'failover', status: 'not_applicable', explanation: 'not applicable: auto routing', payments: 0, faultsApplied: [], faultsSkipped: [], faultHits: [], shortfalls: [], violations: [], criteria: [], historyDigest: null },
  ],
  omitted: [],
  exploration: null,
  rerun: 'npx gauntlet certify --adapter x --dialect stripe --seed 42',
};

const ALLOWED = ['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'b', 'code', 'span', 'section', 'div', 'table', 'tbody', 'tr', 'th', 'td', 'a', 'details', 'summary', 'ul', 'li', 'pre'];

/** Every element under (and including) a node. */
const all = (n: MarkupNode): MarkupNode[] => [n, ...n.children.flatMap(all)];

describe('certificateHtml', () => {
  const html = certificateHtml(certificate);
  const root = parseHtml(html);

  it('has no script, no event handler and nothing to fetch, whatever the data says', () => {
    // Read as a browser reads it: only the elements the page itself writes, no handler, no source, links only within the page.
    expect([...new Set(all(root).map((n) => n.name))].filter((n) => !ALLOWED.includes(n))).toEqual([]);
    expect(all(root).flatMap((n) => Object.entries(n.attrs)).filter(([k, v]) => k.startsWith('on') || k === 'src' || (k === 'href' && !v.startsWith('#')))).toEqual([]);
    expect(elements(root, 'meta').find((m) => m.attrs['http-equiv'] === 'Content-Security-Policy')?.attrs.content).toBe("default-src 'none'; style-src 'unsafe-inline'");
    // The adapter's hostile text is there, as text.
    expect(textOf(elements(elements(root, 'header')[0]!, 'code')[0]!)).toBe(`./adapters/${hostile}.ts`);
    expect(textOf(elements(root, 'title')[0]!)).toBe(`Gauntlet adapter certificate: NOT CERTIFIED (./adapters/${hostile}.ts)`);
  });

  it('shows an adapter\'s messages (capability failures, violations, their timelines) as text, creating no element', () => {
    const capability = elements(root, 'div').find((d) => d.attrs.id === 'cap-error_mapping')!;
    expect(textOf(elements(capability, 'p')[0]!)).toBe(hostile);
    expect(elements(capability, 'li').map((li) => [li.attrs.class, textOf(li)])).toEqual([['bad', `failed: ${hostile}`], [undefined, 'HTTP 201']]);
    const drill = elements(root, 'div').find((d) => d.attrs.id === 'drill-decline-mix')!;
    expect(textOf(elements(drill, 'summary')[0]!)).toBe(`honest-errors decline-mix-0: ${hostile}`);
    expect(textOf(elements(drill, 'pre')[0]!)).toBe(`t+0ms ${hostile}`);
  });

  it('shows the verdict, the seed and the matrix, failing and not-applicable cells included', () => {
    const header = elements(root, 'header')[0]!;
    expect(textOf(elements(header, 'h1')[0]!)).toBe('Adapter certificate NOT CERTIFIED');
    expect(elements(header, 'b').map(textOf)).toEqual([`./adapters/${hostile}.ts`, 'stripe', '42']);
    const matrix = elements(root, 'section').find((s) => s.attrs.id === 'matrix')!;
    const rows = elements(matrix, 'tr')
      .filter((r) => elements(r, 'td').length)
      .map((r) => [elements(r, 'a')[0]!.attrs.href, textOf(elements(r, 'a')[0]!), elements(r, 'span')[0]!.attrs.class, textOf(elements(r, 'span')[0]!)]);
    expect(rows).toEqual([
      ['#cap-error_mapping', 'Error mapping', 'badge fail', 'FAIL'],
      ['#drill-decline-mix', 'decline-mix', 'badge fail', 'FAIL'],
      ['#drill-provider-outage-failover', 'provider-outage-failover', 'badge na', 'N/A'],
    ]);
  });
});
