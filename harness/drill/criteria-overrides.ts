// A team's own limits for the resilience-policy pass criteria (how many platform failures a 5xx
// storm may cause, how many authorizations must still succeed): per drill, from a small JSON file
// (`--criteria FILE`) or the `criteria` key of a world file. Money criteria and the invariants
// are not overridable: a team may choose its retry policy, not whether money moves twice.
//
//   { "drills": { "flaky-5xx": { "maxPlatformFailureRate": 0.5 }, "rate-limit-storm": { "minAuthorizationSuccessRate": 0.6 } } }
import { POLICY_CRITERIA, type PassCriteria } from '../../scenarios/index.ts';

type PolicyCriteria = Partial<Pick<PassCriteria, (typeof POLICY_CRITERIA)[number]>>;
export type CriteriaOverrides = Record<string, PolicyCriteria>;

/** Checks an untrusted overrides value; throws with every problem, naming where it came from. */
export function parseCriteriaOverrides(value: unknown, source: string, drillNames: readonly string[]): CriteriaOverrides {
  const errors: string[] = [];
  const drills = (value as { drills?: unknown } | null)?.drills;
  if (typeof value !== 'object' || value === null || typeof drills !== 'object' || drills === null || Array.isArray(drills)) throw new Error(`${source}: expected { "drills": { "<drill>": { "<criterion>": number } } }`);
  const out: CriteriaOverrides = Object.create(null);
  for (const [drill, criteria] of Object.entries(drills)) {
    if (!drillNames.includes(drill)) {
      errors.push(`drills.${drill}: no such drill`);
      continue;
    }
    if (typeof criteria !== 'object' || criteria === null) {
      errors.push(`drills.${drill}: an object of criteria`);
      continue;
    }
    const mine: PolicyCriteria = {};
    for (const [k, v] of Object.entries(criteria)) {
      if (!(POLICY_CRITERIA as readonly string[]).includes(k)) errors.push(`drills.${drill}.${k}: not overridable (only ${POLICY_CRITERIA.join(', ')}; money criteria and invariants are absolute)`);
      else if (typeof v !== 'number' || !(v >= 0 && v <= 1)) errors.push(`drills.${drill}.${k}: a fraction 0..1`);
      else mine[k as keyof PolicyCriteria] = v;
    }
    out[drill] = mine;
  }
  if (errors.length) throw new Error(`${source}:\n  ${errors.join('\n  ')}`);
  return out;
}
