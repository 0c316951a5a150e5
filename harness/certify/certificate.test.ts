// The verdict and what is written: certified only when every capability and every applicable fault
// class passed the whole battery; the files are redacted like every other report.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CapabilityResult } from './capabilities.ts';
import { matrixOf, verdictOf, type Certificate } from './certificate.ts';
import { writeCertificate } from './write-certificate.ts';
import type { FaultClassResult } from './fault-classes.ts';

const cap = (id: CapabilityResult['id'], passed: boolean): CapabilityResult => ({ id, title: id, passed, explanation: passed ? 'held' : `${id} broke`, scenarios: [] });
const drill = (name: string, status: FaultClassResult['status']): FaultClassResult => ({ drill: name, description: '', status, explanation: '', payments: 0, faultsApplied: [], faultsSkipped: [], faultHits: [], shortfalls: [], violations: [], criteria: [], historyDigest: null });

describe('verdictOf', () => {
  const caps = [cap('authorize', true), cap('webhooks', true)];
  it('certifies when everything passed; not-applicable fault classes do not count', () => {
    expect(verdictOf({ capabilities: caps, faultClasses: [drill('a', 'pass'), drill('b', 'not_applicable')], omitted: [], exploration: null }).verdict).toBe('certified');
  });
  it('names every failing capability and fault class', () => {
    const v = verdictOf({ capabilities: [cap('authorize', true), cap('webhooks', false)], faultClasses: [drill('webhook-forgery', 'fail'), drill('b', 'pass')], omitted: [], exploration: null });
    expect(v.verdict).toBe('not_certified');
    expect(v.reason).toBe('capabilities failed: webhooks; fault classes failed: webhook-forgery.');
  });
  it('reports exploration violations beside the verdict, not in it', () => {
    const exploration = { seed: 1, runs: 3, lifecycles: 2, historyDigest: '', violations: [{ invariant: 'liveness', paymentId: 'p', explanation: 'x', timeline: [], path: '2' }] };
    const v = verdictOf({ capabilities: caps, faultClasses: [drill('a', 'pass')], omitted: [], exploration });
    expect(v.verdict).toBe('certified');
    expect(v.reason).toContain('The exploration found 1 violation(s) (reported, not part of the verdict)');
  });
  it('is incomplete, never certified, when the battery was narrowed', () => {
    const v = verdictOf({ capabilities: caps, faultClasses: [drill('a', 'pass')], omitted: ['b', 'c'], exploration: null });
    expect(v.verdict).toBe('incomplete');
    expect(v.reason).toContain('(b, c)');
  });
});

describe('writeCertificate', () => {
  it('writes certificate.json and certificate.html, with secrets and card numbers redacted', async () => {
    const capabilities = [cap('authorize', false)];
    capabilities[0]!.explanation = 'the adapter logged sk_test_abc123 and 4242 4242 4242 4242';
    const faultClasses = [drill('decline-mix', 'fail')];
    const c: Certificate = {
      kind: 'gauntlet-adapter-certificate', version: 1, adapter: './a.ts', dialect: 'stripe', seed: 9, issuedAt: '2026-11-25T10:00:00.000Z',
      ...verdictOf({ capabilities, faultClasses, omitted: [], exploration: null }),
      matrix: matrixOf(capabilities, faultClasses), capabilities, faultClasses, omitted: [], exploration: null, rerun: 'npx gauntlet certify',
    };
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-cert-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const paths = await writeCertificate(c, dir);
    const json = JSON.parse(await readFile(paths.json, 'utf8')) as Certificate;
    expect(json.matrix).toEqual({ capabilities: { authorize: 'fail' }, faultClasses: { 'decline-mix': 'fail' } });
    expect(json.issuedAt).toBe('2026-11-25T10:00:00.000Z');
    for (const text of [JSON.stringify(json), await readFile(paths.html, 'utf8')]) {
      expect(text).not.toContain('sk_test_abc123');
      expect(text).not.toContain('4242 4242 4242 4242');
      expect(text).toContain('[redacted PAN]');
    }
  });
});
