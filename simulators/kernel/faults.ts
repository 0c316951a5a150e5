// Decides, hit by hit, which rules of the fault plan apply, and keeps the record of every fault
// applied with the request or event it hit.
import type { Clock, RandomSource } from './env.ts';
import { EMPTY_PLAN, globMatches, isWebhookEffect, MAX_RULES, type FaultPlan, type FaultRule, type RequestEffect, type SettlementGap, type WebhookEffect } from './fault-plan.ts';

export interface RequestTarget {
  operation: string;
  method: string;
  path: string;
  requestId: string;
  /** For the request log only (rules do not match on them). */
  idempotencyKey?: string;
  paymentId?: string;
}

export interface WebhookTarget {
  eventId: string;
  eventType: string;
  endpointId: string;
}

export interface AppliedFault {
  at: number;
  ruleId: string;
  effect: RequestEffect | WebhookEffect;
  request?: RequestTarget;
  webhook?: WebhookTarget;
}

export interface RequestDecision {
  /** Sum of the latency rules that apply before the operation executes. */
  latencyMs: number;
  /** Sum of the latency rules that hold the answer after the operation executed. */
  latencyAfterCommitMs: number;
  /** The first non-latency effect that applies, if any. */
  effect?: Exclude<RequestEffect, { type: 'latency' }>;
}

interface RuleState {
  matched: number;
  applied: number;
}

const MAX_LOG = 10_000;

export class FaultEngine {
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private plan: FaultPlan = EMPTY_PLAN;
  private states: RuleState[] = [];
  private readonly log: AppliedFault[] = [];
  private logDropped = 0;
  /** Settlement reports produced while gaps were in the plan: how often a gap reached a reader. */
  private settlementReportsWithGaps = 0;

  constructor(
    clock: Clock,
    random: RandomSource,
  ) {
    this.clock = clock;
    this.random = random;
  }

  /** Replaces the plan; counters start again from zero. */
  set(plan: FaultPlan): void {
    this.plan = plan;
    this.states = plan.rules.map(() => ({ matched: 0, applied: 0 }));
  }

  clear(): void {
    this.set(EMPTY_PLAN);
  }

  /**
   * Adds one (validated) rule to the plan in effect; the other rules keep their counters, so a
   * fault starting mid-run does not restart another one's `times`, `nth` or `after`.
   */
  add(rule: FaultRule): { ok: true } | { ok: false; message: string } {
    if (this.plan.rules.length >= MAX_RULES) return { ok: false, message: `the plan already holds ${MAX_RULES} rules` };
    if (rule.id !== undefined && this.plan.rules.some((r) => r.id === rule.id)) return { ok: false, message: `a rule with id ${rule.id} is already in the plan` };
    this.plan = { ...this.plan, rules: [...this.plan.rules, rule] };
    this.states.push({ matched: 0, applied: 0 });
    return { ok: true };
  }

  /** Takes the rule with this id out of the plan; the others keep their counters. */
  remove(id: string): boolean {
    const i = this.plan.rules.findIndex((r) => r.id === id);
    if (i === -1) return false;
    this.plan = { ...this.plan, rules: this.plan.rules.filter((_, j) => j !== i) };
    this.states.splice(i, 1);
    return true;
  }

  /** The plan in effect, each rule with how often it matched and applied. */
  current(): { plan: FaultPlan; rules: { id: string; matched: number; applied: number; exhausted: boolean }[]; settlementReportsWithGaps: number } {
    return {
      plan: this.plan,
      settlementReportsWithGaps: this.settlementReportsWithGaps,
      rules: this.plan.rules.map((rule, i) => {
        const state = this.states[i]!;
        return { id: ruleId(rule, i), ...state, exhausted: isExhausted(rule, state) };
      }),
    };
  }

  applied(): { faults: readonly AppliedFault[]; dropped: number } {
    return { faults: this.log, dropped: this.logDropped };
  }

  decideRequest(target: RequestTarget): RequestDecision {
    const decision: RequestDecision = { latencyMs: 0, latencyAfterCommitMs: 0 };
    this.plan.rules.forEach((rule, i) => {
      if (isWebhookEffect(rule.effect) || !requestMatches(rule, target)) return;
      // A terminal effect is already chosen: this rule still sees the hit (its nth/after count
      // on), but cannot apply to it.
      if (decision.effect && rule.effect.type !== 'latency') {
        this.states[i]!.matched += 1;
        return;
      }
      if (!this.select(rule, i)) return;
      const effect = rule.effect as RequestEffect;
      this.record({ at: this.clock.now(), ruleId: ruleId(rule, i), effect, request: target });
      if (effect.type === 'latency') {
        if (effect.afterCommit) decision.latencyAfterCommitMs += effect.ms;
        else decision.latencyMs += effect.ms;
      }
      else decision.effect = effect;
    });
    return decision;
  }

  /** Every webhook effect that applies to this delivery; they compose (a delayed duplicate...). */
  decideWebhook(target: WebhookTarget): WebhookEffect[] {
    const effects: WebhookEffect[] = [];
    this.plan.rules.forEach((rule, i) => {
      if (!isWebhookEffect(rule.effect)) return;
      const pattern = rule.match?.event;
      if (pattern && !globMatches(pattern, target.eventType)) return;
      if (!this.select(rule, i)) return;
      this.record({ at: this.clock.now(), ruleId: ruleId(rule, i), effect: rule.effect, webhook: target });
      effects.push(rule.effect);
    });
    return effects;
  }

  /** Adds a settlement gap (the rules keep their counters). */
  addSettlementGap(gap: SettlementGap): void {
    this.plan = { ...this.plan, settlement: [...(this.plan.settlement ?? []), gap] };
  }

  /** Takes every settlement gap out (the rules keep their counters). */
  clearSettlementGaps(): void {
    const { settlement: _gaps, ...rest } = this.plan;
    this.plan = rest;
  }

  /** The gaps to apply to a settlement report being produced now (counted when there are any). */
  settlementGaps(): FaultPlan['settlement'] {
    if (this.plan.settlement?.length) this.settlementReportsWithGaps += 1;
    return this.plan.settlement ?? [];
  }

  private select(rule: FaultRule, index: number): boolean {
    const state = this.states[index]!;
    state.matched += 1;
    if (rule.after !== undefined && state.matched <= rule.after) return false;
    if (rule.nth !== undefined && state.matched !== rule.nth) return false;
    if (rule.times !== undefined && state.applied >= rule.times) return false;
    // Draw only when a probability is set, so plans without one leave the random stream alone.
    if (rule.probability !== undefined && this.random.next() >= rule.probability) return false;
    state.applied += 1;
    return true;
  }

  private record(fault: AppliedFault): void {
    if (this.log.length >= MAX_LOG) {
      this.log.shift();
      this.logDropped += 1;
    }
    this.log.push(fault);
  }
}

function requestMatches(rule: FaultRule, target: RequestTarget): boolean {
  const m = rule.match ?? {};
  if (m.operation && !globMatches(m.operation, target.operation)) return false;
  if (m.method && m.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (m.path && !globMatches(m.path, target.path)) return false;
  return true;
}

function isExhausted(rule: FaultRule, state: RuleState): boolean {
  if (rule.times !== undefined && state.applied >= rule.times) return true;
  if (rule.nth !== undefined && state.matched >= rule.nth) return true;
  return false;
}

function ruleId(rule: FaultRule, index: number): string {
  return rule.id ?? `rule-${index + 1}`;
}
