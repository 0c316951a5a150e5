// Writing the reports: the three files and one history per drill, gate.json without the bulky
// histories (which it names), every file redacted, the directory created.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJsonl } from '../harness/index.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import { contracts, exploration, gateReport, handMadeDrill, PANS, SECRETS } from './test-support.ts';
import { historyFileNames, writeGateReports, type StoredDrill } from './write.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'gauntlet-reports-'));
  dirs.push(d);
  return join(d, 'nested', 'out');
};

describe('writeGateReports', () => {
  it('writes junit.xml, index.html, gate.json and histories/<drill>.jsonl into a directory it creates', async () => {
    const dir = await tempDir();
    const drill = handMadeDrill();
    const report = gateReport({ verdict: 'fail', contracts: contracts(), exploration: exploration(true), drills: [drill] });
    const paths = await writeGateReports(report, dir);
    expect(paths).toEqual({ junit: join(dir, 'junit.xml'), html: join(dir, 'index.html'), json: join(dir, 'gate.json'), histories: [join(dir, 'histories/hand-made.jsonl')] });
    expect((await readdir(dir)).sort()).toEqual(['gate.json', 'histories', 'index.html', 'junit.xml']);
    expect(await readFile(paths.junit, 'utf8')).toBe(junitXml(report));
    expect(await readFile(paths.html, 'utf8')).toBe(htmlReport(report));

    const json = JSON.parse(await readFile(paths.json, 'utf8')) as { verdict: string; drills: StoredDrill[]; contracts: unknown[] };
    expect(json.verdict).toBe('fail');
    expect(json.contracts).toHaveLength(2);
    const stored = json.drills[0]!;
    expect(stored.record).not.toHaveProperty('history');
    expect(stored.record).toEqual({ seed: 99, ledger: [], final: [], livenessBoundMs: 60_000, historyFile: 'histories/hand-made.jsonl' });
    expect(stored.violations[0]!.timeline).toHaveLength(3); // a violation's own evidence stays

    const history = parseJsonl(await readFile(join(dir, stored.record.historyFile), 'utf8'));
    expect(history.map((e) => [e.index, e.t, e.type])).toEqual(drill.record.history.map((e) => [e.index, e.t, e.type]));
  });

  it('redacts every file it writes, and leaves the caller\'s report as it was', async () => {
    const dir = await tempDir();
    const report = gateReport({ contracts: contracts(), exploration: exploration(true), drills: [handMadeDrill()] });
    const paths = await writeGateReports(report, dir);
    for (const file of [paths.junit, paths.html, paths.json, ...paths.histories]) {
      const text = await readFile(file, 'utf8');
      for (const secret of [...PANS, ...SECRETS]) expect(text, `${file} holds ${secret}`).not.toContain(secret);
    }
    expect(await readFile(paths.histories[0]!, 'utf8')).toContain('"paymentMethod":"[redacted PAN]"');
    expect(JSON.stringify(report.drills[0]!.record.history)).toContain(PANS[0]);
  });

  it('names history files safely and uniquely', () => {
    const d = (drill: string, world: 'sim' | 'live' = 'sim', seed = 1) => ({ drill, world, seed });
    expect(historyFileNames([d('a'), d('a', 'live'), d('a', 'live'), d('../../etc/passwd'), d('')])).toEqual([
      'histories/a.jsonl',
      'histories/a-live-1.jsonl',
      'histories/a-live-1-2.jsonl',
      'histories/__.._etc_passwd.jsonl',
      'histories/drill.jsonl',
    ]);
  });
});
