// A drill: one named resilience exercise, declared in one JSON file in scenarios/drills/.
// Traffic shape, a fault schedule over time (PSP fault-plan rules, network toxics, webhook faults,
// process faults), the invariants checked and the pass criteria. The same file runs in the
// simulation world (virtual time, in process) and in the live world (real processes, Toxiproxy),
// as far as each world and the SUT allow; what a world cannot do is reported, never faked.
import type { z } from 'zod';
import { issueLines } from '../simulators/index.ts';
import { DrillFaultSchema, DrillSchema, ExerciseSchema, PassCriteriaSchema, TrafficSchema, type CAPABILITIES, type FOLLOW_UPS, type INVARIANTS, type NETWORK_TARGETS, type TOXICS, type WORLDS } from './drill-schema.ts';

export { CAPABILITIES, FOLLOW_UPS, INVARIANTS, NETWORK_TARGETS, TOXICS, WORLDS } from './drill-schema.ts';
export { durationMs } from './duration.ts';

// The types are what the schema (drill-schema.ts) accepts: one definition, no drift.
export type Capability = (typeof CAPABILITIES)[number];
export type DrillInvariant = (typeof INVARIANTS)[number];
export type World = (typeof WORLDS)[number];
/** What each payment of the traffic does after its authorization, in order. */
export type FollowUp = (typeof FOLLOW_UPS)[number];
export type ToxicName = (typeof TOXICS)[number];
export type NetworkTarget = (typeof NETWORK_TARGETS)[number];
export type Traffic = z.output<typeof TrafficSchema>;
export type DrillFault = z.output<typeof DrillFaultSchema>;
export type PassCriteria = z.output<typeof PassCriteriaSchema>;
export type Exercise = z.output<typeof ExerciseSchema>;
/** A drill as the harness runs it: the file's content without its editor hint (`$schema`). */
export type Drill = Omit<z.output<typeof DrillSchema>, '$schema'>;

/**
 * Pass criteria that encode one SUT's resilience policy (how hard it retries, whether it fails
 * over) rather than money safety: a team may override them per drill; missing one is a distinct
 * verdict from an invariant violation. The others (duplicates, unknown after heal, mismatches,
 * settlement discrepancies) are about money and stay as the drill says.
 */
export const POLICY_CRITERIA = ['maxPlatformFailureRate', 'minAuthorizationSuccessRate'] as const satisfies readonly (keyof PassCriteria)[];

/** Checks a parsed drill file against the schema; returns every problem, each with the file and the field's path. */
export function validateDrill(value: unknown, source: string): { ok: true; drill: Drill } | { ok: false; errors: string[] } {
  const result = DrillSchema.safeParse(value);
  if (!result.success) return { ok: false, errors: issueLines(result.error).map((e) => `${source}: ${e}`) };
  const { $schema: _editorHint, ...drill } = result.data;
  return { ok: true, drill };
}
