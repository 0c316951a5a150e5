// The fault plan: one JSON format that drives both the in-process and the live world.
//
// A rule matches a request (by dialect operation, method, path) or an outgoing webhook (by event
// type), is selected by count and seeded probability, and applies one effect. Request effects
// happen at the PSP's edge; webhook effects shape delivery. See docs in simulators/README.md.

import type { z } from 'zod';
import { EffectSchema, FaultPlanSchema, FaultRuleSchema, RequestEffectSchema, SettlementGapSchema, WEBHOOK_EFFECT_TYPES, WebhookEffectSchema, type FORGERY_LIES, type FORGERY_SIGNATURES } from './fault-plan-schema.ts';
import { issueLines } from './schema-issues.ts';

export { FORGERY_LIES, FORGERY_SIGNATURES, MAX_RULES } from './fault-plan-schema.ts';

// The types are what the schema (fault-plan-schema.ts) accepts: one definition, no drift.
export type RequestEffect = z.output<typeof RequestEffectSchema>;
export type WebhookEffect = z.output<typeof WebhookEffectSchema>;
export type Effect = z.output<typeof EffectSchema>;
export type ForgeryLie = (typeof FORGERY_LIES)[number];
export type ForgerySignature = (typeof FORGERY_SIGNATURES)[number];
export type FaultRule = z.output<typeof FaultRuleSchema>;
export type RuleMatch = NonNullable<FaultRule['match']>;
export type SettlementGap = z.output<typeof SettlementGapSchema>;
export type FaultPlan = z.output<typeof FaultPlanSchema>;

export const EMPTY_PLAN: FaultPlan = Object.freeze({ rules: [] }) as FaultPlan;

export function isWebhookEffect(effect: Effect): effect is WebhookEffect {
  return WEBHOOK_EFFECT_TYPES.includes(effect.type);
}

export type PlanValidation = { ok: true; plan: FaultPlan } | { ok: false; errors: string[] };

/** Checks an untrusted plan (from JSON) against the schema; every problem is reported with its path. */
export function validatePlan(input: unknown): PlanValidation {
  const result = FaultPlanSchema.safeParse(input);
  // The parsed plan is a fresh copy: the caller's object can change later without touching it.
  return result.success ? { ok: true, plan: result.data } : { ok: false, errors: issueLines(result.error, 'plan') };
}

/** `*` matches any run of characters; everything else is literal. */
export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
