// What a drill exercised and how it was judged, worded once for every view (JUnit, HTML, Allure),
// so the three cannot disagree: the coverage rows (each cell beside the minimum the drill
// requires of it, short ones flagged), each fault with its hit count, each criterion marked as a
// money criterion or an overridable resilience-policy threshold, and the verdict's label.
import type { CriterionResult, DrillResult, DrillVerdict, FaultCoverage } from '../harness/index.ts';
import { COVERED_OPERATIONS, drillReplayCommand, exercised, type CoverageCell, type DrillReplayTarget } from '../harness/index.ts';
import { percent } from './format.ts';
import { OUTCOME_LABEL } from './outcome.ts';
import { EMPTY_COUNTS, outcomeCounts, type OutcomeCounts } from './outcome-counts.ts';

export const VERDICT_LABEL: Record<DrillVerdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  below_threshold: 'BELOW THRESHOLD',
  vacuous: 'VACUOUS',
  not_applicable: 'NOT APPLICABLE',
  not_run: 'NOT RUN',
};

/** What each verdict means, for a reader who has not read the design. */
export const VERDICT_MEANING: Record<DrillVerdict, string> = {
  pass: 'every invariant held, every criterion was met, and everything the drill targets was exercised',
  fail: 'an invariant was violated or a money criterion missed: a bug',
  below_threshold: "money was safe, but a resilience-policy threshold (one a team may override) was missed",
  vacuous: 'the run did not exercise what the drill targets, so it proves nothing (never a pass)',
  not_applicable: 'the SUT or the world cannot take part in this drill (an undeclared capability): skipped',
  not_run: "the gate's time budget was spent before this drill could start: not started, so neither passed nor failed (the gate is incomplete, never a pass)",
};

export interface CoverageRow extends CoverageCell {
  /** The minimum the drill requires to reach the PSP, where it requires this cell at all. */
  min?: number;
  /** Reached the SUT's PSP side: attempted minus refused (for webhooks: accepted). */
  reached: number;
  /** Required and fell short: too few reached the PSP, or none of it shows in the PSP's ledger. */
  short: boolean;
  /**
   * How the SUT answered, by whose doing (outcome.ts): the SUT's refusals and the issuer's
   * declines apart from platform failures; they add up to `attempted`. Present when the drill's
   * history is at hand.
   */
  outcomes?: OutcomeCounts;
}

/**
 * One row per coverage cell, plus a zero row for each required cell the run never touched (an
 * operation never attempted is the shortfall a reader most needs to see), sorted as coverage is.
 * `short` follows the runner's own rule (harness/drill/exercise.ts `shortfalls`).
 */
export function coverageRows(d: Pick<DrillResult, 'coverage' | 'required'> & { record?: Pick<DrillResult['record'], 'history' | 'final'> }): CoverageRow[] {
  const rows: CoverageRow[] = d.coverage.map((c) => ({ ...c, reached: c.operation === 'webhook_applied' ? c.ok : exercised(c), short: false }));
  for (const r of d.required) {
    let row = rows.find((c) => c.provider === r.provider && c.operation === r.operation);
    if (!row) {
      row = { provider: r.provider, operation: r.operation, attempted: 0, ok: 0, fail: 0, info: 0, refused: 0, atPsp: r.operation === 'webhook_applied' ? null : 0, reached: 0, short: false };
      rows.push(row);
    }
    row.min = Math.max(row.min ?? 0, r.min);
    row.short = row.reached < row.min || (row.operation !== 'webhook_applied' && row.atPsp === 0);
  }
  if (d.record) {
    const split = outcomeCounts(d.record);
    for (const row of rows) {
      // Webhooks have no merchant answer to classify: accepted, rejected by the SUT (a platform failure for a genuine one), or lost.
      const fromCell = { ...EMPTY_COUNTS, ok: row.ok, refused: row.refused, failed: row.fail, indeterminate: row.info };
      row.outcomes = row.operation === 'webhook_applied' ? fromCell : (split.get(`${row.provider}/${row.operation}`) ?? (row.attempted ? fromCell : { ...EMPTY_COUNTS }));
    }
  }
  const order = (op: string) => (COVERED_OPERATIONS as readonly string[]).indexOf(op);
  return rows.sort((a, b) => a.provider.localeCompare(b.provider) || order(a.operation) - order(b.operation));
}

export function operationWords(operation: string): string {
  return operation === 'webhook_applied' ? 'webhooks applied' : operation.replace('_', ' ');
}

/** A coverage row as one line of plain text. */
export function coverageLine(r: CoverageRow): string {
  const refused = r.refused ? `, refused by the SUT ${r.refused}${r.topRefusal ? ` (mostly ${r.topRefusal})` : ''}` : ', refused by the SUT 0';
  const psp = r.atPsp === null ? '' : `, money moved at the PSP ${r.atPsp}`;
  const required = r.min !== undefined ? `; required ≥ ${r.min} ${r.short ? 'SHORT' : 'met'}` : '';
  return `coverage ${r.provider} ${operationWords(r.operation)}: attempted ${r.attempted}, ok ${r.ok} / fail ${r.fail} / info ${r.info}${refused}${psp}${required}${r.outcomes ? `; ${outcomeWords(r.outcomes)}` : ''}`;
}

/** `the SUT said no on purpose: declined by the issuer 1, refused by the SUT 0; the platform failed: platform failure 0, indeterminate 2; ok 9`. */
export function outcomeWords(c: OutcomeCounts): string {
  const n = (o: keyof OutcomeCounts) => `${OUTCOME_LABEL[o]} ${c[o]}`;
  return `ok ${c.ok}; the SUT said no on purpose: ${n('declined')}, ${n('refused')}; the platform failed: ${n('failed')}, ${n('indeterminate')}`;
}

/** A fault with how much it touched; one that touched nothing is called out. */
export function faultLine(f: FaultCoverage): string {
  return `fault applied: ${f.description}: ${f.hits} ${f.unit} touched${f.hits === 0 ? ' (NEVER FIRED)' : ''}`;
}

/**
 * Faults applied, with hits where the runner counted them; a fault applied but absent from
 * `faults` (not counted) keeps its plain line, so nothing applied goes unmentioned.
 */
export function faultLines(d: Pick<DrillResult, 'faults' | 'faultsApplied'>): string[] {
  const counted = new Set(d.faults.map((f) => f.description));
  return [...d.faults.map(faultLine), ...d.faultsApplied.filter((f) => !counted.has(f)).map((f) => `fault applied: ${f} (hits not counted)`)];
}

/** "policy" / "policy, overridden" / "" — what kind of criterion this is. */
export function criterionKind(c: CriterionResult): string {
  return c.policy ? (c.overridden ? 'policy threshold, overridden by the team' : 'policy threshold') : '';
}

/**
 * A criterion's limit or measurement in its own unit: the rate criteria (`…Rate`, fractions 0..1)
 * as percentages, the others (unknown after heal, settlement discrepancies, early retries) as
 * counts, so a count of 3 never reads as "300%".
 */
export function criterionValue(criterion: CriterionResult['criterion'], value: number | null): string {
  if (value === null) return 'n/a';
  return criterion.endsWith('Rate') ? percent(value) : String(value);
}

/** `≥` for a minimum, `≤` for a maximum. */
export function criterionBound(c: CriterionResult): string {
  return c.criterion.startsWith('min') ? '≥' : '≤';
}

export function criterionLine(c: CriterionResult): string {
  const kind = criterionKind(c);
  return `criterion ${c.criterion} ${criterionBound(c)} ${criterionValue(c.criterion, c.limit)}${kind ? ` (${kind})` : ''}: measured ${criterionValue(c.criterion, c.measured)} ${c.ok ? 'ok' : 'NOT MET'}`;
}

/** Unmet criteria that are about money (a bug), and unmet resilience-policy thresholds. */
export function unmetCriteria(d: Pick<DrillResult, 'criteria'>): { money: CriterionResult[]; policy: CriterionResult[] } {
  const unmet = d.criteria.filter((c) => !c.ok);
  return { money: unmet.filter((c) => !c.policy), policy: unmet.filter((c) => c.policy) };
}

export function criterionShort(c: CriterionResult): string {
  return `${c.criterion} ${criterionBound(c)} ${criterionValue(c.criterion, c.limit)}${c.overridden ? ' (overridden)' : ''}: measured ${criterionValue(c.criterion, c.measured)}`;
}

/**
 * The command that runs this drill again exactly: same drill (its file, if it came from one), world
 * and seed, and the mutant the reference core ran as, if any. A live drill also needs the driver or
 * world file it ran against, which the report does not keep: the command says so. Built by the
 * harness's one builder, which the CLI's rerun lines use too.
 */
export function replayCommand(d: DrillReplayTarget, mutant?: string | null): string {
  return drillReplayCommand(d, { mutant });
}

/** Whether a verdict is a finding someone must act on, and so carries its replay command. */
export function needsReplay(v: DrillVerdict): boolean {
  return v === 'fail' || v === 'vacuous' || v === 'below_threshold';
}
