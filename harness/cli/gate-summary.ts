// The gate's verdict for a terminal: one line per part, and under each finding the command that
// replays it, so a failing gate can be reproduced from what it printed (not only from gate.json).
import type { GateReport } from '../../reports/index.ts';
import type { ReportedViolation } from '../explore/violation.ts';
import { drillReplayCommand } from '../drill/replay-command.ts';

export interface GateSummaryContext {
  seed: number;
  budgetMs: number;
  /** As given on the command line: the replay commands must name them. */
  mutant?: string | undefined;
  driver?: string | undefined;
  worldFile?: string | undefined;
  storage?: string | undefined;
}

const INDENT = '               ';

export function gateSummaryLines(report: GateReport, c: GateSummaryContext): string[] {
  const out = [`gate: ${report.verdict.toUpperCase()} in ${secs(report.durationMs)} (seed ${c.seed}, SUT: ${report.sut})`];
  const interactions = report.contracts.flatMap((x) => x.interactions);
  out.push(`  contracts    ${interactions.filter((i) => i.ok).length}/${interactions.length} interactions pass (${report.contracts.length} pacts)`);
  const e = report.exploration;
  if (e) {
    out.push(`  exploration  ${e.runs} runs, ${e.lifecycles} lifecycles, ${e.violations.length} violation(s)`);
    out.push(...e.violations.flatMap((v) => violationLines(v)));
    if (e.sql?.violations.length) {
      out.push(`  exploration  on PGlite: ${e.sql.runs} runs, ${e.sql.violations.length} violation(s)`);
      out.push(...e.sql.violations.flatMap((v) => violationLines(v)));
    }
  }
  if (report.phases) out.push(`  time         contracts ${secs(report.phases.contracts)}, drills ${secs(report.phases.drills)}, exploration ${secs(report.phases.exploration)} (budget ${secs(c.budgetMs)})`);
  for (const d of report.drills) {
    const verdict = d.verdict === 'pass' ? 'pass' : d.verdict === 'not_applicable' ? 'n/a' : d.verdict === 'below_threshold' ? 'BELOW' : d.verdict === 'not_run' ? 'NOT RUN' : d.verdict.toUpperCase();
    if (d.verdict === 'not_run') {
      out.push(`  drill        ${verdict.padEnd(7)} ${d.drill.padEnd(28)} ${d.world}`);
      continue;
    }
    const what = d.verdict === 'not_applicable' ? d.notApplicable : `${d.payments} payments  ${d.violations.length} violation(s)${d.criteria.some((x) => !x.ok) ? `  criteria missed: ${d.criteria.filter((x) => !x.ok).map((x) => x.criterion).join(', ')}` : ''}`;
    out.push(`  drill        ${verdict.padEnd(7)} ${d.drill.padEnd(28)} ${d.world}  ${what}`);
    if (d.verdict === 'vacuous') for (const x of d.shortfalls) out.push(`${INDENT}fell short: ${x}`);
    if (d.verdict === 'fail' || d.verdict === 'below_threshold') out.push(`${INDENT}replay: ${drillReplayCommand(d, { mutant: d.mutant ?? c.mutant, driver: c.driver, worldFile: c.worldFile, storage: c.storage, sutKnown: true })}`);
  }
  for (const n of report.notRun ?? []) out.push(`  NOT RUN: ${n}`);
  if (report.verdict === 'incomplete') out.push(`  incomplete: give the gate a larger --budget (now ${secs(c.budgetMs)}) to run what was left out`);
  for (const n of report.notes) out.push(`  note: ${n}`);
  for (const x of report.errors) out.push(`  ERROR: ${x}`);
  return out;
}

/**
 * The gate again, for a failure only the whole gate shows (an exception that escaped the SUT or
 * the harness): the same seed, drills, mutant, service and storage, or it is another gate.
 */
export function gateReplayCommand(o: { seed: number; drills?: string | undefined; mutant?: string | undefined; driver?: string | undefined; worldFile?: string | undefined; storage?: string | undefined; criteria?: string | undefined }): string {
  const flags: [string, string | undefined][] = [['--drills', o.drills], ['--mutant', o.mutant], ['--driver', o.driver], ['--world-file', o.worldFile], ['--storage', o.storage], ['--criteria', o.criteria]];
  return ['npx gauntlet gate --seed', String(o.seed), ...flags.flatMap(([flag, v]) => (v ? [flag, v] : []))].join(' ');
}

/** As a drill's violations are shown: the invariant, the payment, and how to replay it. */
function violationLines(v: ReportedViolation): string[] {
  return [`${INDENT}[${v.invariant}] ${v.paymentId}: ${v.explanation}`, `${INDENT}replay: ${v.replay}`];
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
