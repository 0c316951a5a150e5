// The invariants Gauntlet judges a run by (DESIGN.md, "Checker: the invariants"). Drill files,
// the checker, mutants and reports all name them; the list is written once, here.
export const INVARIANT_NAMES = ['no-double-money', 'agreement', 'legal-history', 'durability', 'liveness', 'honest-errors', 'webhook-integrity'] as const;

export type InvariantName = (typeof INVARIANT_NAMES)[number];

export function isInvariantName(value: string): value is InvariantName {
  return (INVARIANT_NAMES as readonly string[]).includes(value);
}
