// `gauntlet gate [--driver PATH] [--world-file FILE] [--budget 120s] [--exploration 10s|rest] [--seed S] [--drills a,b] [--criteria FILE] [--out DIR] [--json]`:
// the release gate. Exit 0 pass; 1 an invariant, a money criterion or a contract violated; 2 the
// harness or setup failed, or a drill was vacuous (it proved nothing); 3 money safe, but a
// resilience-policy threshold missed; 4 incomplete: nothing failed, but the budget was spent before
// every drill (or exploration's floor) could start — those are reported not run, with the reason.
// The budget (a ceiling): contracts and drills side by side, then exploration's slice (harness/gate/budget.ts).
// Reports go to reports/out/ (JUnit, HTML, gate.json, histories).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseStorage, STORAGE_OPTION } from './storage-flag.ts';
import { loadDrills } from '../../scenarios/index.ts';
import { parseCriteriaOverrides, type CriteriaOverrides } from '../drill/criteria-overrides.ts';
import type { GateReport } from '../../reports/index.ts';
import { runGate } from '../gate/gate.ts';
import { DEFAULT_BUDGET, EXPLORATION_SLICE_MS } from '../gate/budget.ts';
import { gateProgress } from '../gate/progress.ts';
import { onInterrupt, parkIfInterrupted } from '../supervisor/index.ts';
import { guardCrashes } from './crash-guard.ts';
import { readWorldFile } from './world-file.ts';
import { UsageError, parseInteger } from './args.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { parseEnvFlag, prepareEnvironment } from './env.ts';
import { routeLogs } from './logs.ts';
import { parseDuration } from './report.ts';
import { writeResult } from './result-out.ts';
import { parseMutant } from './mutant-flag.ts';
import { gateReplayCommand, gateSummaryLines } from './gate-summary.ts';
import { findNamedDrill } from './drill-name.ts';

export const GATE_SPEC = {
  name: 'gate',
  options: {
    driver: { value: 'PATH', description: 'your driver module (needs --world-file)' },
    'world-file': { value: 'FILE', description: 'the world your service runs in (`gauntlet up --json --sut-url URL > FILE`)' },
    budget: { value: 'DURATION', description: 'the most wall time the gate may take: what does not fit is reported not run (exit 4)', default: DEFAULT_BUDGET },
    exploration: { value: 'DURATION|rest', description: "exploration's slice of what the contracts and drills leave ('rest': all of it)", default: `${EXPLORATION_SLICE_MS / 1000}s` },
    seed: { value: 'S', description: 'the seed of drills and exploration', default: '20261125' },
    drills: { value: 'NAME|FILE.json,…', description: 'only these drills (default: the whole library)' },
    criteria: { value: 'FILE', description: 'pass/fail criteria overrides (JSON)' },
    out: { value: 'DIR', description: 'where the JUnit, HTML, gate.json and logs/ go', default: 'reports/out' },
    mutant: { value: 'NAME', description: 'gate a built-in buggy variant of the core (it must fail)' },
    storage: STORAGE_OPTION,
    env: { value: 'local|containers', description: 'where Toxiproxy and Postgres run (containers: in Docker; see harness/containers/README.md)', default: 'local' },
    json: { description: 'print the result as one JSON document on stdout (progress on stderr)' },
  },
  examples: ['npx gauntlet gate --json --drills webhook-storm --budget 300s | jq .verdict'],
  notes: 'Exit 0 pass; 1 an invariant, a money criterion or a contract violated; 2 the harness or setup failed,\nor a drill was vacuous; 3 money safe, but a resilience-policy threshold missed; 4 incomplete (budget spent).',
} as const satisfies VerbSpec;

export async function gateCommand(argv: string[]): Promise<number> {
  const { values } = parseVerb(GATE_SPEC, argv);
  parseMutant(values.mutant);
  const storage = parseStorage(values.storage);
  if (values.driver && !values['world-file']) {
    throw new UsageError(`--driver needs the world your service runs in: start it with \`gauntlet up --json --sut-url URL > world.json\`, then pass --world-file world.json`);
  }
  const seed = parseInteger(values.seed, '--seed', 0, 2 ** 31 - 1);
  const drills = values.drills !== undefined ? parseDrillList(values.drills) : undefined;
  const budgetMs = parseDuration(values.budget);
  const explorationMs = values.exploration === 'rest' ? Infinity : parseDuration(values.exploration);
  const worldFile = values['world-file'] ? await readWorldFile(values['world-file']) : undefined;
  const worldText = worldFile?.text;
  const attach = worldFile?.world;
  const criteria = await criteriaOverrides(values.criteria, worldText, values['world-file']);
  const logs = routeLogs(values.out);
  // What the gate said it did, kept for the report of a run a signal cuts short.
  const progress: string[] = [];
  // Live progress on stderr, never stdout: a status line rewritten in place on a terminal, plain lines in CI.
  const live = gateProgress({ stream: process.stderr, now: () => performance.now(), budgetMs });
  const say = (line: string) => {
    progress.push(line);
    live.log(line);
  };
  const { writeGateReports, writeAllureResults, renderAllureReport, GATE_EXIT } = await import('../../reports/index.ts');
  const environment = await prepareEnvironment(parseEnvFlag(values.env), say);

  const guard = guardCrashes();
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // SIGINT/SIGTERM: the world is stopped by the supervisor; the report still says what ran.
  // runGate hands back no parts before it returns, so the report carries its progress lines.
  onInterrupt(async (signal) => {
    live.close();
    const sut = values.driver ? `driver ${values.driver}` : 'reference core';
    const durationMs = Math.round(performance.now() - started);
    const interrupted: GateReport = {
      startedAt,
      durationMs,
      verdict: 'error',
      sut,
      contracts: [],
      exploration: null,
      drills: [],
      errors: [`interrupted by ${signal} after ${(durationMs / 1000).toFixed(1)} s: no verdict; the world was stopped`],
      notes: progress.map((line) => `before the interruption: ${line}`),
    };
    const paths = await writeGateReports(interrupted, values.out);
    if (values.json) writeResult(JSON.stringify({ ...interrupted, interrupted: signal, reports: paths }));
    else console.log(`\ngate: INTERRUPTED by ${signal} after ${(durationMs / 1000).toFixed(1)} s (seed ${seed}); what ran is in ${paths.html} and ${paths.json}`);
  });
  let report: GateReport;
  try {
    report = await runGate({
      seed,
      budgetMs,
      explorationMs,
      startedAt,
      ...(values.driver ? { driverPath: values.driver } : {}),
      ...(attach ? { attach } : {}),
      ...(drills ? { drills } : {}),
      ...(values.mutant ? { mutant: values.mutant } : {}),
      ...(criteria ? { criteria } : {}),
      ...(storage ? { storage } : {}),
      log: say,
      progress: (step) => live.step(step),
    });
  } catch (err) {
    // Still a report: an empty gate that says what broke, so CI shows the crash, not a silence.
    report = { startedAt, durationMs: Math.round(performance.now() - started), verdict: 'error', sut: values.driver ? `driver ${values.driver}` : 'reference core', contracts: [], exploration: null, drills: [], errors: [`the gate did not complete: ${(err as Error).stack ?? String(err)}`], notes: [] };
  } finally {
    guard.release();
    live.close();
    await environment.stop();
  }
  await parkIfInterrupted();
  if (guard.crashes.length) {
    const replay = gateReplayCommand({ seed, drills: values.drills, mutant: values.mutant, driver: values.driver, worldFile: values['world-file'], storage: values.storage, criteria: values.criteria });
    for (const c of guard.crashes) report.errors.push(`an exception escaped the SUT or the harness (seed ${seed}; replay: ${replay}):\n${c}`);
    if (report.verdict !== 'fail') report.verdict = 'error';
  }
  // Allure: results for any Allure 3 server, and the rendered single-file report (no Java). Its
  // renderer is a process of its own: it runs while this one writes the gate's own reports.
  const allureDone = writeAllureResults(report, values.out).then(() => renderAllureReport(join(values.out, 'allure-results'), join(values.out, 'allure-report')));
  allureDone.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const paths = await writeGateReports(report, values.out);
  const allure = await allureDone;
  if (!allure.ok) say(`allure report not rendered: ${allure.reason}`);
  if (values.json) {
    const { drills, ...rest } = report;
    writeResult(JSON.stringify({ ...rest, drills: drills.map(({ record: _r, ...d }) => d), reports: paths, logs }));
  } else {
    console.log(`\n${gateSummaryLines(report, { seed, budgetMs, mutant: values.mutant, driver: values.driver, worldFile: values['world-file'], storage: values.storage }).join('\n')}`);
    console.log(`  reports: ${[paths.junit, paths.html, paths.json].join(', ')} (+ ${paths.histories.length} histories)${allure.ok ? `, Allure ${allure.index}` : ''}; open ${paths.html}`);
    console.log(`  logs:    ${logs.pactVerifier} (pact-core's verifier output)`);
  }
  return GATE_EXIT[report.verdict];
}

/**
 * `--drills a,b,mine/c.json`: each name (and each file, read and validated) is checked before
 * anything starts, with drill's own "did you mean": a typo found after the contracts and
 * exploration had run cost a minute and said less.
 */
function parseDrillList(raw: string): string[] {
  const names = raw.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--drills: a comma-separated list of drill names or FILE.json paths, with none empty (got ${JSON.stringify(raw)})`);
  for (const name of names) findNamedDrill(name);
  return names;
}

/** `--criteria FILE`, else the world file's `criteria` key, else none. */
async function criteriaOverrides(path: string | undefined, worldText: string | undefined, worldPath: string | undefined): Promise<CriteriaOverrides | undefined> {
  const names = loadDrills().map((d) => d.name);
  try {
    if (path) return parseCriteriaOverrides(JSON.parse(await readFile(path, 'utf8')), path, names);
    const fromWorld = worldText !== undefined ? (JSON.parse(worldText) as { criteria?: unknown }).criteria : undefined;
    return fromWorld !== undefined ? parseCriteriaOverrides(fromWorld, `${worldPath}: criteria`, names) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
