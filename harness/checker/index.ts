// The checker's public face: one checker per invariant, and their composition. Every checker is a
// pure function of a RunRecord (history + ledger + final view): no I/O, no clock, deterministic.
import type { RunRecord } from '../history/types.ts';
import type { CheckResult, Checker, InvariantName, Violation } from './types.ts';
import { agreement } from './agreement.ts';
import { durability } from './durability.ts';
import { honestErrors } from './honest-errors.ts';
import { legalHistory } from './legal-history.ts';
import { liveness } from './liveness.ts';
import { noDoubleMoney } from './no-double-money.ts';
import { webhookIntegrity } from './webhook-integrity.ts';

export type { CheckResult, Checker, InvariantName, Violation } from './types.ts';
export { agreement, durability, honestErrors, legalHistory, liveness, noDoubleMoney, webhookIntegrity };
export { timeline, type TimelineOptions } from './timeline.ts';

/** Each invariant's checker, by name. */
export const CHECKERS: Readonly<Record<InvariantName, Checker>> = Object.freeze({
  'no-double-money': noDoubleMoney,
  agreement,
  'legal-history': legalHistory,
  durability,
  liveness,
  'honest-errors': honestErrors,
  'webhook-integrity': webhookIntegrity,
});

/** Every checker, in the order of DESIGN.md's invariants. */
export const ALL_CHECKERS: readonly Checker[] = Object.freeze(Object.values(CHECKERS));

const NAMES = new Map<Checker, InvariantName>(Object.entries(CHECKERS).map(([name, c]) => [c, name as InvariantName]));

/**
 * Runs each checker on the run. A built-in checker that throws gives `unknown` with the error as
 * its note (the others still run); any other checker's error propagates.
 */
export function checkAll(run: RunRecord, checkers: readonly Checker[] = ALL_CHECKERS): CheckResult[] {
  return checkers.map((check) => {
    try {
      return check(run);
    } catch (err) {
      const invariant = NAMES.get(check);
      if (invariant === undefined) throw err;
      return { invariant, valid: 'unknown', note: `the checker failed: ${err instanceof Error ? err.message : String(err)}`, violations: [] };
    }
  });
}

/** Every violation of every result, in result order. */
export function violationsOf(results: readonly CheckResult[]): Violation[] {
  return results.flatMap((r) => r.violations);
}
