// The fault plan: one JSON format that drives both the in-process and the live world.
//
// A rule matches a request (by dialect operation, method, path) or an outgoing webhook (by event
// type), is selected by count and seeded probability, and applies one effect. Request effects
// happen at the PSP's edge; webhook effects shape delivery. See docs in simulators/README.md.

import { DECLINE_WORDING, isDeclineReason, type DeclineReason } from './catalogue.ts';

export type RequestEffect =
  | { type: 'error'; status: number; code?: string; message?: string }
  | { type: 'rate_limit'; retryAfterSeconds?: number }
  /** The answer waits `ms`; with `afterCommit`, the operation executes first (its webhooks can overtake the answer). */
  | { type: 'latency'; ms: number; afterCommit?: boolean }
  /** The money moves (ledger entry written, response saved for idempotent replay), the response never arrives. */
  | { type: 'timeout_after_commit'; hangMs?: number }
  /** The connection drops before the PSP did anything. */
  | { type: 'fail_before_commit' }
  /**
   * The operation executes (ledger entry written, its answer saved for idempotent replay), then the
   * client gets a 5xx in the dialect's error shape: the provider moved the money and said it failed.
   */
  | { type: 'error_after_commit'; status: number; code?: string; message?: string }
  /**
   * Asynchronous modifications (Adyen /captures, /refunds): the request is answered `received` as
   * usual, but the card scheme refuses it later: no money moves and the CAPTURE / REFUND
   * notification says success "false" with `reason`. Synchronous dialects (Stripe) are unaffected.
   */
  | { type: 'async_failure'; reason?: string }
  /** Override the outcome: the issuer declines with `code`. */
  | { type: 'decline'; code?: DeclineReason };

export type WebhookEffect =
  | { type: 'duplicate'; copies?: number }
  /** Hold the event back until a later event to the same endpoint has been delivered. */
  | { type: 'reorder'; maxHoldMs?: number }
  | { type: 'delay'; ms: number }
  /** The first `attempts` delivery attempts are lost in transit; retries follow the schedule. */
  | { type: 'drop'; attempts?: number }
  /** An extra copy signed with the wrong secret (a forgery); the genuine event is still sent. */
  | { type: 'bad_signature' }
  /**
   * A forgery that lies: an extra delivery, sent ahead of the genuine one (which is still sent),
   * whose content is false (`lie`) and whose signature is not the endpoint's (`signature`).
   */
  | { type: 'forge'; lie?: ForgeryLie; signature?: ForgerySignature }
  /** An extra copy replayed `ageMs` later, signed with its original timestamp. */
  | { type: 'stale'; ageMs?: number };

export type Effect = RequestEffect | WebhookEffect;

/**
 * What a forged webhook claims: `capture` / `refund` a capture or full refund of the payment that
 * did not happen (a new event id); `amount` the genuine event with its amounts changed, under the
 * genuine event id (a tampered replay, sent first, so a receiver that dedupes keeps the lie);
 * `unknown_payment` the event about a payment that does not exist; `none` the genuine content.
 */
export const FORGERY_LIES = ['none', 'capture', 'refund', 'amount', 'unknown_payment'] as const;
export type ForgeryLie = (typeof FORGERY_LIES)[number];
/** How a forgery is signed: a wrong key, no signature at all, an empty one, or garbage. */
export const FORGERY_SIGNATURES = ['wrong_secret', 'missing', 'empty', 'malformed'] as const;
export type ForgerySignature = (typeof FORGERY_SIGNATURES)[number];

export interface RuleMatch {
  /** Dialect operation, `*` wildcards allowed: `stripe.payment_intents.capture`, `adyen.*`. */
  operation?: string;
  method?: string;
  /** Request path, `*` wildcards allowed: `/v1/payment_intents/*\/capture`. */
  path?: string;
  /** Webhook event type, `*` wildcards allowed: `charge.refunded`, `CAPTURE`. */
  event?: string;
}

export interface FaultRule {
  id?: string;
  description?: string;
  match?: RuleMatch;
  /** Chance, per eligible hit, that the effect applies (seeded). Default 1. */
  probability?: number;
  /** Apply at most this many times. */
  times?: number;
  /** Apply only to the nth matching hit (from 1). */
  nth?: number;
  /** Skip the first `after` matching hits. */
  after?: number;
  effect: Effect;
}

export type SettlementGap =
  | { type: 'missing'; paymentId?: string; nth?: number }
  | { type: 'extra'; amount: number; currency: string; paymentId?: string }
  | { type: 'wrong_amount'; paymentId?: string; nth?: number; delta: number };

export interface FaultPlan {
  rules: FaultRule[];
  settlement?: SettlementGap[];
}

export const EMPTY_PLAN: FaultPlan = Object.freeze({ rules: [] }) as FaultPlan;

const REQUEST_EFFECTS = new Set(['error', 'rate_limit', 'latency', 'timeout_after_commit', 'fail_before_commit', 'decline', 'error_after_commit', 'async_failure']);
const WEBHOOK_EFFECTS = new Set(['duplicate', 'reorder', 'delay', 'drop', 'bad_signature', 'forge', 'stale']);
export const MAX_RULES = 200;

export function isWebhookEffect(effect: Effect): effect is WebhookEffect {
  return WEBHOOK_EFFECTS.has(effect.type);
}

export type PlanValidation = { ok: true; plan: FaultPlan } | { ok: false; errors: string[] };

/** Checks an untrusted plan (from JSON) field by field; every problem is reported with its path. */
export function validatePlan(input: unknown): PlanValidation {
  const errors: string[] = [];
  if (!isObject(input)) return { ok: false, errors: ['plan: must be an object with a "rules" array'] };
  const rules = input.rules ?? [];
  if (!Array.isArray(rules)) errors.push('rules: must be an array');
  else if (rules.length > MAX_RULES) errors.push(`rules: at most ${MAX_RULES} rules`);
  else rules.forEach((rule, i) => validateRule(rule, `rules[${i}]`, errors));
  if (input.settlement !== undefined) {
    if (!Array.isArray(input.settlement)) errors.push('settlement: must be an array');
    else if (input.settlement.length > MAX_RULES) errors.push(`settlement: at most ${MAX_RULES} gaps`);
    else input.settlement.forEach((gap, i) => validateGap(gap, `settlement[${i}]`, errors));
  }
  for (const key of Object.keys(input)) {
    if (key !== 'rules' && key !== 'settlement') errors.push(`${key}: unknown field`);
  }
  if (errors.length) return { ok: false, errors };
  // Normalised: `{}` is the empty plan, `rules` is always there (the engine maps over it).
  const plan: FaultPlan = { rules: structuredClone(rules) as FaultRule[] };
  if (input.settlement !== undefined) plan.settlement = structuredClone(input.settlement) as SettlementGap[];
  return { ok: true, plan };
}

function validateRule(rule: unknown, at: string, errors: string[]): void {
  if (!isObject(rule)) {
    errors.push(`${at}: must be an object`);
    return;
  }
  const allowed = new Set(['id', 'description', 'match', 'probability', 'times', 'nth', 'after', 'effect']);
  for (const key of Object.keys(rule)) if (!allowed.has(key)) errors.push(`${at}.${key}: unknown field`);
  if (rule.id !== undefined && !(typeof rule.id === 'string' && rule.id.length <= 200)) errors.push(`${at}.id: must be a string of at most 200 characters`);
  if (rule.description !== undefined && !(typeof rule.description === 'string' && rule.description.length <= 2000)) {
    errors.push(`${at}.description: must be a string of at most 2000 characters`);
  }
  if (rule.probability !== undefined && !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)) {
    errors.push(`${at}.probability: must be a number from 0 to 1`);
  }
  for (const key of ['times', 'nth', 'after'] as const) {
    const v = rule[key];
    if (v !== undefined && !(Number.isSafeInteger(v) && (v as number) >= (key === 'nth' ? 1 : 0))) {
      errors.push(`${at}.${key}: must be a whole number${key === 'nth' ? ' from 1' : ''}`);
    }
  }
  if (rule.match !== undefined) {
    if (!isObject(rule.match)) errors.push(`${at}.match: must be an object`);
    else
      for (const [k, v] of Object.entries(rule.match)) {
        if (!['operation', 'method', 'path', 'event'].includes(k)) errors.push(`${at}.match.${k}: unknown field`);
        else if (typeof v !== 'string' || v.length === 0 || v.length > 200) errors.push(`${at}.match.${k}: must be a non-empty string`);
      }
  }
  const effect = rule.effect;
  if (!isObject(effect) || typeof effect.type !== 'string') {
    errors.push(`${at}.effect: must be an object with a "type"`);
    return;
  }
  const isRequest = REQUEST_EFFECTS.has(effect.type);
  const isWebhook = WEBHOOK_EFFECTS.has(effect.type);
  if (!isRequest && !isWebhook) {
    errors.push(`${at}.effect.type: unknown effect "${effect.type}"`);
    return;
  }
  const match = isObject(rule.match) ? rule.match : {};
  if (isWebhook && (match.operation || match.method || match.path)) {
    errors.push(`${at}.match: a webhook effect matches by "event" only`);
  }
  if (isRequest && match.event) errors.push(`${at}.match.event: a request effect matches by operation, method or path`);
  const num = (name: string, min: number, max: number, required = false): void => {
    const v = effect[name];
    if (v === undefined) {
      if (required) errors.push(`${at}.effect.${name}: required`);
      return;
    }
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)) {
      errors.push(`${at}.effect.${name}: must be a number from ${min} to ${max}`);
    }
  };
  switch (effect.type) {
    case 'error':
      num('status', 400, 599, true);
      break;
    case 'error_after_commit':
      // Only a server error can follow a commit: a 4xx says the request was refused.
      num('status', 500, 599, true);
      break;
    case 'async_failure':
      if (effect.reason !== undefined && !(typeof effect.reason === 'string' && effect.reason.length > 0 && effect.reason.length <= 200)) {
        errors.push(`${at}.effect.reason: must be a string of 1 to 200 characters`);
      }
      break;
    case 'rate_limit':
      num('retryAfterSeconds', 0, 3600);
      break;
    case 'latency':
      num('ms', 0, 600_000, true);
      if (effect.afterCommit !== undefined && typeof effect.afterCommit !== 'boolean') errors.push(`${at}.effect.afterCommit: must be true or false`);
      break;
    case 'timeout_after_commit':
      num('hangMs', 0, 600_000);
      break;
    case 'duplicate':
      num('copies', 1, 20);
      break;
    case 'reorder':
      num('maxHoldMs', 0, 86_400_000);
      break;
    case 'delay':
      num('ms', 0, 86_400_000, true);
      break;
    case 'drop':
      num('attempts', 1, 20);
      break;
    case 'stale':
      num('ageMs', 0, 30 * 86_400_000);
      break;
    case 'forge':
      if (effect.lie !== undefined && !(FORGERY_LIES as readonly unknown[]).includes(effect.lie)) errors.push(`${at}.effect.lie: must be one of ${FORGERY_LIES.join(', ')}`);
      if (effect.signature !== undefined && !(FORGERY_SIGNATURES as readonly unknown[]).includes(effect.signature)) {
        errors.push(`${at}.effect.signature: must be one of ${FORGERY_SIGNATURES.join(', ')}`);
      }
      break;
    case 'decline':
      if (effect.code !== undefined && !(typeof effect.code === 'string' && isDeclineReason(effect.code))) {
        errors.push(`${at}.effect.code: unknown decline reason (one of ${Object.keys(DECLINE_WORDING).join(', ')})`);
      }
      break;
  }
}

function validateGap(gap: unknown, at: string, errors: string[]): void {
  if (!isObject(gap) || typeof gap.type !== 'string') {
    errors.push(`${at}: must be an object with a "type"`);
    return;
  }
  if (!['missing', 'extra', 'wrong_amount'].includes(gap.type)) errors.push(`${at}.type: unknown gap "${gap.type}"`);
  const allowed = new Set(['type', 'paymentId', 'nth', 'amount', 'currency', 'delta']);
  for (const key of Object.keys(gap)) if (!allowed.has(key)) errors.push(`${at}.${key}: unknown field`);
  if (gap.paymentId !== undefined && !(typeof gap.paymentId === 'string' && gap.paymentId.length > 0 && gap.paymentId.length <= 200)) {
    errors.push(`${at}.paymentId: must be a non-empty string`);
  }
  if (gap.type === 'extra') {
    if (!Number.isSafeInteger(gap.amount) || (gap.amount as number) <= 0) errors.push(`${at}.amount: must be a positive integer`);
    if (typeof gap.currency !== 'string' || !/^[A-Za-z]{3}$/.test(gap.currency)) errors.push(`${at}.currency: a three-letter currency code`);
  }
  if (gap.type === 'wrong_amount' && !(Number.isSafeInteger(gap.delta) && gap.delta !== 0)) {
    errors.push(`${at}.delta: must be a non-zero integer`);
  }
  if (gap.nth !== undefined && !(Number.isSafeInteger(gap.nth) && (gap.nth as number) >= 1)) errors.push(`${at}.nth: must be a whole number from 1`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `*` matches any run of characters; everything else is literal. */
export function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
