// The gate as JUnit XML, the format every CI system renders: one testsuite per part (each pact,
// the exploration, each drill), one testcase per contract interaction, the exploration, each
// drill, and each invariant a drill checked. Faults a world could not apply are not failures of
// the SUT: they are noted in <system-out>. An invariant the checker could not decide is <skipped>.
// A drill's verdict decides its testcase: fail and below_threshold are <failure>s of different
// types, vacuous an <error>, not applicable and not run <skipped>; its <system-out> says what the run
// exercised (coverage per provider × operation, hits per fault) and how the drill was narrowed.
import type { VerificationReport } from '../contracts/index.ts';
import type { CheckResult, DrillResult, ExploreReport } from '../harness/index.ts';
import { drillMutant, type GateDrill, type GateReport } from './gate-report.ts';
import { describeDrillEvent } from './describe.ts';
import { coverageLine, coverageRows, criterionLine, criterionShort, faultLines, needsReplay, replayCommand, unmetCriteria, VERDICT_LABEL } from './drill-facts.ts';
import { markup, type Markup } from './escape.ts';

/** Violations written out with their timelines per invariant; a live drill can find thousands. */
const MAX_TIMELINES = 50;

interface Outcome {
  message: string;
  type: string;
  body: string;
}

interface Case {
  name: string;
  classname: string;
  ms: number;
  failure?: Outcome;
  error?: Outcome;
  skipped?: string;
  out?: string;
}

interface Suite {
  name: string;
  ms: number;
  properties: Array<[string, string | number]>;
  cases: Case[];
  out?: string;
}

export function junitXml(report: GateReport): string {
  const suites: Suite[] = [
    ...report.contracts.map(contractSuite),
    ...(report.exploration ? [explorationSuite(report.exploration)] : explorationNotRun(report.notRun)),
    ...report.drills.map((d) => drillSuite(d, drillMutant(report, d))),
    ...(report.errors.length || report.notes.length || report.notRun?.length ? [gateSuite(report.errors, [...(report.notRun ?? []).map((n) => `not run: ${n}`), ...report.notes])] : []),
  ];
  const all = suites.flatMap((s) => s.cases);
  // The Ant schema's timestamp has no zone; the gate's times are UTC.
  const timestamp = report.startedAt.slice(0, 19);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    markup`<testsuites name="gauntlet release gate" ${counts(all)} time="${seconds(report.durationMs)}" timestamp="${timestamp}">`.toString(),
    ...suites.flatMap((s, i) => renderSuite(s, i, timestamp)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function contractSuite(c: VerificationReport): Suite {
  const classname = `contracts.${c.consumer}.${c.provider}`;
  return {
    name: `contracts: ${c.consumer} → ${c.provider}`,
    ms: 0,
    properties: [['pactFile', c.pactFile], ['baseUrl', c.baseUrl]],
    cases: c.interactions.map((i) => ({
      name: `${i.description}${i.states.length ? ` (given ${i.states.join('; ')})` : ''}`,
      classname,
      ms: 0,
      ...(i.ok ? {} : { failure: { message: i.mismatches[0] ?? 'the interaction did not match', type: 'ContractMismatch', body: i.mismatches.join('\n') } }),
    })),
  };
}

function explorationSuite(e: NonNullable<GateReport['exploration']>): Suite {
  const mutant = e.mutant ? ` against mutant ${e.mutant}` : '';
  return {
    name: 'exploration',
    ms: e.durationMs + (e.sql?.durationMs ?? 0),
    properties: [['seed', e.seed], ['runs', e.runs], ['shrinkRuns', e.shrinkRuns], ['lifecycles', e.lifecycles], ['historyDigest', e.historyDigest], ...(e.mutant ? [['mutant', e.mutant] as [string, string]] : [])],
    cases: [explorationCase(e, `explore seed ${e.seed}${mutant}`), ...(e.sql ? [explorationCase(e.sql, `explore seed ${e.seed}${mutant} on PGlite`)] : [])],
    out: `${e.runs} runs (${e.shrinkRuns} more shrinking), ${e.lifecycles} lifecycles, ${e.lifecyclesPerSecond} lifecycles/s, history digest ${e.historyDigest}${e.sql ? `; on PGlite ${e.sql.runs} runs, history digest ${e.sql.historyDigest}` : ''}`,
  };
}

/** One exploration as a test case: failed when it found a violation, with each one's replay. */
function explorationCase(e: ExploreReport, name: string): Suite['cases'][number] {
  const failure: Outcome | undefined = e.violations.length
    ? {
        message: `${e.violations.length} violation(s): ${e.violations.map((v) => `[${v.invariant}] ${v.paymentId}`).join(', ')}`,
        type: 'InvariantViolation',
        body: e.violations
          .map((v) => [`[${v.invariant}] ${v.paymentId}: ${v.explanation}`, ...v.timeline.map((l) => `  ${l}`), `seed ${v.seed}, path ${v.path}`, `replay: ${v.replay}`].join('\n'))
          .join('\n\n'),
      }
    : undefined;
  return { name, classname: 'exploration', ms: e.durationMs, ...(failure ? { failure } : {}) };
}

/** Exploration the budget left no room for: a skipped case that says so, never a silent absence. */
function explorationNotRun(notRun: string[] = []): Suite[] {
  const why = notRun.find((n) => n.startsWith('exploration'));
  if (!why) return [];
  return [{ name: 'exploration', ms: 0, properties: [], cases: [{ name: 'explore', classname: 'exploration', ms: 0, skipped: why }] }];
}

function drillSuite(d: GateDrill, mutant: string | null): Suite {
  const classname = `drills.${d.drill}`;
  const t0 = d.record.history[0]?.t ?? 0;
  // Not applicable: nothing ran, so nothing of it can fail; the reason is the skip message.
  const invariantCases: Case[] =
    d.verdict === 'not_applicable' || d.verdict === 'not_run' ? [] : d.invariants.map((inv) => invariantCase(d, inv, classname, t0));
  const out = [
    `world ${d.world}, seed ${d.seed}, verdict ${VERDICT_LABEL[d.verdict]}, ${d.payments} payments, ${d.kpis.operations} money operations, history digest ${d.historyDigest}`,
    ...(d.notApplicable ? [`not applicable: ${d.notApplicable}`] : []),
    ...(d.notRun ? [`not run: ${d.notRun}`] : []),
    ...d.notes.map((n) => `note: ${n}`),
    ...d.shortfalls.map((s) => `shortfall: ${s}`),
    ...coverageRows(d).map(coverageLine),
    ...faultLines(d),
    ...d.faultsSkipped.map((f) => `fault skipped (this world cannot apply it; not a failure): ${f}`),
    ...d.criteria.map(criterionLine),
  ].join('\n');
  return {
    name: `drill: ${d.drill} (${d.world})`,
    ms: d.wallMs ?? d.durationMs,
    properties: [['world', d.world], ['seed', d.seed], ['verdict', d.verdict], ['historyDigest', d.historyDigest], ...(d.wallMs !== undefined ? [['wallMs', d.wallMs] as [string, number]] : [])],
    cases: [{ name: `drill ${d.drill}`, classname, ms: d.wallMs ?? d.durationMs, ...withReplay(d, drillOutcome(d), mutant), out }, ...invariantCases],
  };
}

/** A failure or error body ends with the command that reproduces it. */
function withReplay(d: DrillResult, outcome: Pick<Case, 'failure' | 'error' | 'skipped'>, mutant: string | null): Pick<Case, 'failure' | 'error' | 'skipped'> {
  if (!needsReplay(d.verdict)) return outcome;
  const add = <T extends { body: string }>(x: T): T => ({ ...x, body: `${x.body}\nreplay: ${replayCommand(d, mutant)}` });
  return { ...outcome, ...(outcome.failure ? { failure: add(outcome.failure) } : {}), ...(outcome.error ? { error: add(outcome.error) } : {}) };
}

/**
 * The drill's own testcase by verdict: a bug is a <failure> (DrillFailed), a missed
 * resilience-policy threshold a <failure> of its own type (ThresholdMissed), a run that proved
 * nothing an <error> (VacuousDrill: the harness could not earn a verdict, like a harness error),
 * a drill the SUT cannot take part in <skipped>, and so is one the gate's budget left out (not run:
 * the gate's own verdict, incomplete, is what keeps that from passing).
 */
function drillOutcome(d: DrillResult): Pick<Case, 'failure' | 'error' | 'skipped'> {
  const { money, policy } = unmetCriteria(d);
  switch (d.verdict) {
    case 'pass':
      return {};
    case 'not_applicable':
      return { skipped: `not applicable: ${d.notApplicable ?? 'the SUT cannot take part in this drill'}` };
    case 'not_run':
      return { skipped: `not run: ${d.notRun ?? "the gate's budget was spent"}` };
    case 'vacuous':
      return {
        error: {
          message: `proved nothing: ${d.shortfalls.join('; ') || 'the run did not exercise what the drill targets'}`,
          type: 'VacuousDrill',
          body: [`The run did not exercise what drill ${d.drill} targets, so its result proves nothing (never a pass):`, ...d.shortfalls.map((s) => `- ${s}`)].join('\n'),
        },
      };
    case 'below_threshold':
      return {
        failure: {
          message: `resilience-policy threshold(s) missed (money safe): ${policy.map(criterionShort).join('; ') || 'a policy criterion'}`,
          type: 'ThresholdMissed',
          body: policy.map(criterionLine).join('\n'),
        },
      };
    case 'fail':
      return {
        failure: {
          message: [d.violations.length ? `${d.violations.length} violation(s)` : '', ...money.map(criterionShort)].filter(Boolean).join('; ') || 'the drill failed',
          type: 'DrillFailed',
          body: [...money.map(criterionLine), ...policy.map(criterionLine), ...d.violations.map((v) => `[${v.invariant}] ${v.paymentId}: ${v.explanation}`)].join('\n'),
        },
      };
  }
}

function invariantCase(d: DrillResult, inv: CheckResult, classname: string, t0: number): Case {
  const base = { name: `invariant ${inv.invariant}`, classname, ms: 0 };
  if (inv.valid === 'unknown') return { ...base, skipped: `undecided: ${inv.note ?? 'the checker could not decide'}` };
  if (inv.valid) return base;
  return {
    ...base,
    failure: {
      message: `${inv.violations.length} violation(s)${inv.violations[0] ? `: ${inv.violations[0].explanation}` : ''}`,
      type: 'InvariantViolation',
      body: [
        ...inv.violations
          .slice(0, MAX_TIMELINES)
          .map((v) => [`[${v.invariant}] ${v.paymentId}: ${v.explanation}`, ...v.timeline.map((e) => `  ${describeDrillEvent(e, t0)}`), `seed ${d.seed}`].join('\n')),
        ...(inv.violations.length > MAX_TIMELINES ? [`${inv.violations.length - MAX_TIMELINES} more violations in gate.json`] : []),
      ].join('\n\n'),
    },
  };
}

/** The gate's own failures as <error>s (not the SUT's failures), and its notes as output. */
function gateSuite(errors: string[], notes: string[]): Suite {
  return {
    name: 'gate',
    ms: 0,
    properties: [],
    cases: errors.map((e, i) => ({ name: `harness error ${i + 1}`, classname: 'gate', ms: 0, error: { message: e, type: 'HarnessError', body: e } })),
    ...(notes.length ? { out: notes.map((n) => `note: ${n}`).join('\n') } : {}),
  };
}

function renderSuite(s: Suite, id: number, timestamp: string): string[] {
  const lines = [markup`  <testsuite name="${s.name}" ${counts(s.cases)} time="${seconds(s.ms)}" timestamp="${timestamp}" id="${id}">`.toString()];
  if (s.properties.length) {
    lines.push('    <properties>', ...s.properties.map(([k, v]) => markup`      <property name="${k}" value="${v}"/>`.toString()), '    </properties>');
  }
  for (const c of s.cases) lines.push(...renderCase(c));
  if (s.out) lines.push(markup`    <system-out>${s.out}</system-out>`.toString());
  lines.push('  </testsuite>');
  return lines;
}

function renderCase(c: Case): string[] {
  const open = markup`    <testcase name="${c.name}" classname="${c.classname}" time="${seconds(c.ms)}"`.toString();
  const inner: string[] = [];
  if (c.failure) inner.push(markup`      <failure message="${c.failure.message}" type="${c.failure.type}">${c.failure.body}</failure>`.toString());
  if (c.error) inner.push(markup`      <error message="${c.error.message}" type="${c.error.type}">${c.error.body}</error>`.toString());
  if (c.skipped !== undefined) inner.push(markup`      <skipped message="${c.skipped}"/>`.toString());
  if (c.out) inner.push(markup`      <system-out>${c.out}</system-out>`.toString());
  return inner.length ? [`${open}>`, ...inner, '    </testcase>'] : [`${open}/>`];
}

function counts(cases: Case[]): Markup {
  const n = (p: (c: Case) => boolean) => cases.filter(p).length;
  return markup`tests="${cases.length}" failures="${n((c) => !!c.failure)}" errors="${n((c) => !!c.error)}" skipped="${n((c) => c.skipped !== undefined)}"`;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
