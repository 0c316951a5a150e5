// Writes a gate's reports to a directory: junit.xml for CI, index.html for people, gate.json for
// tools, and each drill's full history as JSONL beside it. Everything written is redacted.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DrillResult, RunRecord } from '../harness/index.ts';
import { toJsonl } from '../harness/index.ts';
import type { GateReport } from './gate-report.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import { redactDeep } from './redact.ts';

export interface GateReportPaths {
  junit: string;
  html: string;
  json: string;
  /** One JSONL file per drill, in the order of `report.drills`. */
  histories: string[];
}

/**
 * A drill in gate.json: its record keeps the ledger and the SUT's final view, and names the file
 * holding the history, so gate.json plus that file is the whole RunRecord (re-checkable offline).
 */
export type StoredDrill = Omit<DrillResult, 'record'> & { record: Omit<RunRecord, 'history'> & { historyFile: string } };

export async function writeGateReports(report: GateReport, dir = 'reports/out'): Promise<GateReportPaths> {
  const safeReport = redactDeep(report);
  const historyFiles = historyFileNames(safeReport.drills);
  await mkdir(join(dir, 'histories'), { recursive: true });
  const paths: GateReportPaths = {
    junit: join(dir, 'junit.xml'),
    html: join(dir, 'index.html'),
    json: join(dir, 'gate.json'),
    histories: historyFiles.map((f) => join(dir, f)),
  };
  const drills: StoredDrill[] = safeReport.drills.map(({ record, ...d }, i) => {
    const { history: _history, ...rest } = record;
    return { ...d, record: { ...rest, historyFile: historyFiles[i]! } };
  });
  await Promise.all([
    writeFile(paths.junit, junitXml(report)),
    writeFile(paths.html, htmlReport(report)),
    writeFile(paths.json, `${JSON.stringify({ ...safeReport, drills }, null, 2)}\n`),
    ...safeReport.drills.map((d, i) => writeFile(paths.histories[i]!, toJsonl(d.record.history))),
  ]);
  return paths;
}

/**
 * `histories/<drill>.jsonl`, made safe as a file name, and unique when a gate runs one drill
 * twice (two worlds, two seeds).
 */
export function historyFileNames(drills: readonly Pick<DrillResult, 'drill' | 'world' | 'seed'>[]): string[] {
  const used = new Set<string>();
  return drills.map((d) => {
    const base = d.drill.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'drill';
    let name = used.has(base) ? `${base}-${d.world}-${d.seed}` : base;
    for (let n = 2; used.has(name); n++) name = `${base}-${d.world}-${d.seed}-${n}`;
    used.add(name);
    return `histories/${name}.jsonl`;
  });
}
