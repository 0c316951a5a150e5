// The gate as Allure results (the allure2 result format every Allure version reads), written with
// allure-js-commons: one test result per contract interaction, the exploration, each drill and each
// invariant a drill checked, the same cases junit.xml has, so the views cannot disagree. Harness
// errors are `broken` (the harness failed, not the SUT); an undecided invariant is `skipped`.
// A drill by verdict: fail `failed`, below_threshold `failed` tagged `threshold`, vacuous
// `broken`, not applicable `skipped`; what it exercised (coverage, fault hits) is in its
// description and a `coverage and fault hits` attachment.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentType, LabelName, Stage, Status, type Label, type Parameter, type StatusDetails, type TestResult } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { VerificationReport } from '../contracts/index.ts';
import type { DrillResult } from '../harness/index.ts';
import { describeDrillEvent } from './describe.ts';
import { coverageLine, coverageRows, criterionLine, criterionShort, faultLines, needsReplay, replayCommand, unmetCriteria, VERDICT_LABEL, VERDICT_MEANING } from './drill-facts.ts';
import { duration } from './format.ts';
import { drillMutant, type GateDrill, type GateReport } from './gate-report.ts';
import { redact, redactDeep } from './redact.ts';

// Rendering is its own file (it runs a CLI); re-exported so the folder's face needs one line for both.
export { renderAllureReport, type RenderOptions, type RenderResult } from './allure-render.ts';

/** Violations written out in full per result, as in junit.xml; all of them are in gate.json. */
const MAX_VIOLATIONS = 50;

type Feature = 'contracts' | 'exploration' | 'drills' | 'gate';

interface Case {
  name: string;
  fullName: string;
  feature: Feature;
  parentSuite: string;
  suite: string;
  status: Status;
  details?: StatusDetails;
  description?: string;
  parameters?: Parameter[];
  labels?: Label[];
  start: number;
  durationMs: number;
  attachments?: Array<{ name: string; type: ContentType; body: string; ext: string }>;
}

/**
 * Writes `<dir>/allure-results/` afresh (results of an earlier gate would otherwise show up as
 * retries of this one) and returns the files written. Everything is redacted, as in write.ts.
 */
export async function writeAllureResults(report: GateReport, dir = 'reports/out'): Promise<string[]> {
  const resultsDir = join(dir, 'allure-results');
  await rm(resultsDir, { recursive: true, force: true });
  await mkdir(resultsDir, { recursive: true });
  const runtime = new ReporterRuntime({
    writer: new FileSystemWriter({ resultsDir }),
    environmentInfo: redactDeep({ sut: report.sut, verdict: report.verdict, startedAt: report.startedAt, 'duration.ms': String(report.durationMs) }),
  });
  for (const c of gateCases(report)) writeCase(runtime, c);
  runtime.writeEnvironmentInfo();
  if (report.notes.length) {
    runtime.applyGlobalRuntimeMessages([{ type: 'global_attachment_content', data: { name: 'gate notes', content: redact(report.notes.join('\n')), encoding: 'utf8', contentType: ContentType.TEXT, fileExtension: '.txt' } }]);
  }
  // The Writer interface has no executor file; the allure2 reader takes it by this exact name.
  await writeFile(join(resultsDir, 'executor.json'), JSON.stringify(redactDeep({ name: 'gauntlet', type: 'gauntlet', reportName: `gauntlet release gate: ${report.verdict}`, buildName: report.sut })));
  return (await readdir(resultsDir)).sort().map((f) => join(resultsDir, f));
}

/** Every case of the gate, timed from the report: parts run in this order, one after another. */
function gateCases(report: GateReport): Case[] {
  const t0 = Date.parse(report.startedAt);
  const start = Number.isFinite(t0) ? t0 : 0;
  // The report keeps durations, not start times: contracts are not timed; the drills and then the
  // exploration are laid end to end from the gate's start, in the order the gate runs them, each
  // by its wall time (a sim drill's own durationMs is virtual time: summed, it once showed 16 min
  // for a 107 s gate).
  let cursor = start;
  const cases = report.contracts.flatMap((c) => contractCases(c, start));
  const used = new Set<string>();
  for (const d of report.drills) {
    // A drill run twice in one gate (two seeds) must not share a history id: Allure would show one as a retry.
    const base = `drills/${d.drill}/${d.world}`;
    let fullName = used.has(base) ? `${base}/${d.seed}` : base;
    for (let n = 2; used.has(fullName); n++) fullName = `${base}/${d.seed}/${n}`;
    used.add(fullName);
    cases.push(...drillCases(d, cursor, fullName, drillMutant(report, d)));
    cursor += drillWallMs(d);
  }
  cases.push(explorationCase(report, cursor));
  cases.push(...report.errors.map((e, i): Case => ({ name: `harness error ${i + 1}`, fullName: `gate#harness error ${i + 1}`, feature: 'gate', parentSuite: 'gate', suite: 'harness errors', status: Status.BROKEN, details: { message: e }, start, durationMs: 0 })));
  return cases;
}

function contractCases(c: VerificationReport, start: number): Case[] {
  const pact = `${c.consumer} → ${c.provider}`;
  return c.interactions.map((i) => ({
    name: `${i.description}${i.states.length ? ` (given ${i.states.join('; ')})` : ''}`,
    fullName: `contracts/${c.consumer}/${c.provider}#${i.description}#${i.states.join(';')}`,
    feature: 'contracts',
    parentSuite: 'contracts',
    suite: pact,
    status: i.ok ? Status.PASSED : Status.FAILED,
    ...(i.ok ? {} : { details: { message: i.mismatches[0] ?? 'the interaction did not match', trace: i.mismatches.join('\n') } }),
    description: `Pact \`${c.pactFile}\`, verified against ${c.baseUrl}.${i.states.length ? ` Provider states: ${i.states.join('; ')}.` : ''}`,
    // The base URL has a fresh port every run: shown, but kept out of Allure's history id.
    parameters: [{ name: 'baseUrl', value: c.baseUrl, excluded: true }],
    start,
    durationMs: 0,
  }));
}

function explorationCase(report: GateReport, start: number): Case {
  const base = { fullName: 'exploration#explore', feature: 'exploration', parentSuite: 'exploration', suite: 'exploration', start } as const;
  const e = report.exploration;
  if (!e) {
    const why = report.notes.find((n) => n.startsWith('exploration')) ?? 'the gate did not run the exploration';
    return { ...base, name: 'explore', status: Status.SKIPPED, details: { message: why }, durationMs: 0 };
  }
  const shown = e.violations.slice(0, MAX_VIOLATIONS);
  return {
    ...base,
    name: `explore seed ${e.seed}${e.mutant ? ` against mutant ${e.mutant}` : ''}`,
    status: e.violations.length ? Status.FAILED : Status.PASSED,
    ...(e.violations.length ? { details: violationDetails(e.violations) } : {}),
    description: `${e.runs} runs (${e.shrinkRuns} more shrinking), ${e.lifecycles} payment lifecycles, ${e.lifecyclesPerSecond} lifecycles/s; history digest \`${e.historyDigest}\`.`,
    parameters: [{ name: 'seed', value: String(e.seed), excluded: true }, ...(e.mutant ? [{ name: 'mutant', value: e.mutant }] : [])],
    durationMs: e.durationMs,
    ...(shown.length
      ? { attachments: [textAttachment('violation timelines', [...shown.map((v) => [`[${v.invariant}] ${v.paymentId}: ${v.explanation}`, ...v.timeline.map((l) => `  ${l}`), `seed ${v.seed}, path ${v.path}`, `replay: ${v.replay}`].join('\n')), ...more(e.violations.length)].join('\n\n'))] }
      : {}),
  };
}

/**
 * The wall time a drill took: the gate's measurement; without one, a live drill's own clock (wall
 * time), and a sim drill's nothing (its clock is virtual; shown as a parameter instead).
 */
export function drillWallMs(d: GateDrill): number {
  return d.wallMs ?? (d.world === 'sim' ? 0 : d.durationMs);
}

function drillCases(d: GateDrill, start: number, fullName: string, mutant: string | null): Case[] {
  const wallMs = drillWallMs(d);
  const suite = `${d.drill} (${d.world})`;
  // The seed is shown but kept out of the history id, so a drill's trend follows it across seeds.
  const parameters: Parameter[] = [{ name: 'world', value: d.world }, { name: 'seed', value: String(d.seed), excluded: true }];
  const base = { feature: 'drills', parentSuite: 'drills', suite, parameters } as const;
  const t0 = d.record.history[0]?.t ?? 0;
  const exercisedLines = [...coverageRows(d).map(coverageLine), ...faultLines(d)];
  const drill: Case = {
    ...base,
    name: `drill ${d.drill}`,
    fullName,
    ...drillStatus(d, mutant),
    // The verdict in words, kept out of the history id (a drill's trend spans its verdicts).
    parameters: [
      ...parameters,
      { name: 'verdict', value: d.verdict, excluded: true },
      ...(d.world === 'sim' ? [{ name: 'virtual time', value: duration(d.durationMs), excluded: true }] : []),
      ...(mutant ? [{ name: 'mutant', value: mutant }] : []),
      ...(needsReplay(d.verdict) ? [{ name: 'replay', value: replayCommand(d, mutant), excluded: true }] : []),
    ],
    description: [
      `Verdict: ${VERDICT_LABEL[d.verdict]} (${VERDICT_MEANING[d.verdict]}).`,
      '',
      ...(d.notApplicable ? [`Not applicable: ${d.notApplicable}.`] : [`${d.payments} payments, ${d.kpis.operations} money operations; history digest \`${d.historyDigest}\`.`]),
      ...d.notes.map((n) => `- narrowed: ${n}`),
      ...d.shortfalls.map((s) => `- shortfall: ${s}`),
      ...exercisedLines.map((l) => `- ${l}`),
      // A fault this world cannot apply is not a failure of the SUT: the drill ran without it.
      ...d.faultsSkipped.map((f) => `- fault skipped (this world cannot apply it; not a failure): ${f}`),
    ].join('\n'),
    start,
    durationMs: wallMs,
    attachments: [
      { name: 'KPIs and pass criteria', type: ContentType.JSON, ext: '.json', body: `${JSON.stringify({ kpis: d.kpis, criteria: d.criteria }, null, 2)}\n` },
      ...(d.verdict === 'not_applicable' || d.verdict === 'not_run' ? [] : [textAttachment('coverage and fault hits', `${exercisedLines.join('\n')}\n`)]),
    ],
  };
  // Not applicable: nothing ran, so no invariant has a result of its own.
  if (d.verdict === 'not_applicable' || d.verdict === 'not_run') return [drill];
  // Invariants are checked once the drill is over: each is an instant at its end.
  const invariants = d.invariants.map((inv): Case => {
    const common = { ...base, name: `invariant ${inv.invariant}`, fullName: `${fullName}#${inv.invariant}`, labels: [{ name: LabelName.STORY, value: inv.invariant }], start: start + wallMs, durationMs: 0 };
    if (inv.valid === 'unknown') return { ...common, status: Status.SKIPPED, details: { message: `undecided: ${inv.note ?? 'the checker could not decide'}` } };
    if (inv.valid) return { ...common, status: Status.PASSED };
    const timelines = inv.violations
      .slice(0, MAX_VIOLATIONS)
      .map((v) => [`[${v.invariant}] ${v.paymentId}: ${v.explanation}`, ...v.timeline.map((e) => `  ${describeDrillEvent(e, t0)}`), `seed ${d.seed}`].join('\n'));
    return {
      ...common,
      status: Status.FAILED,
      details: violationDetails(inv.violations),
      ...(timelines.length ? { attachments: [textAttachment('violation timelines', [...timelines, ...more(inv.violations.length)].join('\n\n'))] } : {}),
    };
  });
  return [drill, ...invariants];
}

/** The message leads with the first explanation; the trace lists them all (up to the cap). */
/**
 * The drill's status by verdict: a bug `failed`; a missed resilience-policy threshold `failed`
 * too, tagged `threshold` so a team can tell it from a bug; a run that proved nothing `broken`
 * (the harness could not earn a verdict, as with a harness error); not applicable and not run
 * (the gate's budget left it out) `skipped`.
 */
function drillStatus(d: DrillResult, mutant: string | null): Pick<Case, 'status' | 'details' | 'labels'> {
  const status = drillStatusOf(d);
  if (!needsReplay(d.verdict) || !status.details) return status;
  // The replay command ends the trace: the line a reader copies to reproduce the finding.
  const replay = `replay: ${replayCommand(d, mutant)}`;
  return { ...status, details: { ...status.details, trace: [status.details.trace, replay].filter(Boolean).join('\n') } };
}

function drillStatusOf(d: DrillResult): Pick<Case, 'status' | 'details' | 'labels'> {
  const { money, policy } = unmetCriteria(d);
  switch (d.verdict) {
    case 'pass':
      return { status: Status.PASSED };
    case 'not_applicable':
      return { status: Status.SKIPPED, details: { message: `not applicable: ${d.notApplicable ?? 'the SUT cannot take part in this drill'}` }, labels: [{ name: LabelName.TAG, value: 'not applicable' }] };
    case 'not_run':
      return { status: Status.SKIPPED, details: { message: `not run: ${d.notRun ?? "the gate's budget was spent"}` }, labels: [{ name: LabelName.TAG, value: 'not run' }] };
    case 'vacuous':
      return {
        status: Status.BROKEN,
        details: { message: `proved nothing: ${d.shortfalls.join('; ') || 'the run did not exercise what the drill targets'}`, trace: d.shortfalls.join('\n') },
        labels: [{ name: LabelName.TAG, value: 'vacuous' }],
      };
    case 'below_threshold':
      return {
        status: Status.FAILED,
        details: { message: `threshold missed (money safe): ${policy.map(criterionShort).join('; ')}`, trace: policy.map(criterionLine).join('\n') },
        labels: [{ name: LabelName.TAG, value: 'threshold' }],
      };
    case 'fail':
      return {
        status: Status.FAILED,
        details: {
          message: [d.violations.length ? `${d.violations.length} violation(s)` : '', ...money.map(criterionShort)].filter(Boolean).join('; ') || 'the drill failed',
          trace: [...money.map((c) => `criterion not met: ${criterionLine(c)}`), ...policy.map((c) => `criterion not met: ${criterionLine(c)}`), ...d.violations.slice(0, MAX_VIOLATIONS).map((v) => `[${v.invariant}] ${v.paymentId}: ${v.explanation}`), ...more(d.violations.length)].join('\n'),
        },
      };
  }
}

function violationDetails(vs: ReadonlyArray<{ invariant: string; paymentId: string; explanation: string }>): StatusDetails {
  return {
    message: `${vs.length} violation(s)${vs[0] ? `: ${vs[0].explanation}` : ''}`,
    trace: [...vs.slice(0, MAX_VIOLATIONS).map((v) => `[${v.invariant}] ${v.paymentId}: ${v.explanation}`), ...more(vs.length)].join('\n'),
  };
}

function more(n: number): string[] {
  return n > MAX_VIOLATIONS ? [`${n - MAX_VIOLATIONS} more violations in gate.json`] : [];
}

function textAttachment(name: string, body: string): NonNullable<Case['attachments']>[number] {
  return { name, type: ContentType.TEXT, ext: '.txt', body };
}

function writeCase(runtime: ReporterRuntime, raw: Case): void {
  // Redacted here, once, so no field (names, parameters, explanations, attachments) can slip by.
  const c = redactDeep(raw);
  const result: Partial<TestResult> = {
    name: c.name,
    fullName: c.fullName,
    titlePath: [c.parentSuite, c.suite],
    status: c.status,
    stage: Stage.FINISHED,
    statusDetails: c.details ?? {},
    labels: [
      { name: LabelName.PARENT_SUITE, value: c.parentSuite },
      { name: LabelName.SUITE, value: c.suite },
      { name: LabelName.FEATURE, value: c.feature },
      { name: LabelName.EPIC, value: 'release gate' },
      ...(c.labels ?? []),
    ],
    parameters: c.parameters ?? [],
    ...(c.description ? { description: c.description } : {}),
    start: c.start,
  };
  const uuid = runtime.startTest(result);
  for (const a of c.attachments ?? []) runtime.writeAttachment(uuid, null, a.name, Buffer.from(a.body, 'utf8'), { contentType: a.type, fileExtension: a.ext });
  // An explicit stop: with a zero duration the runtime would take Date.now() instead.
  runtime.stopTest(uuid, { stop: c.start + Math.max(0, c.durationMs) });
  runtime.writeTest(uuid);
}
