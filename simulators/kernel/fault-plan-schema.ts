// The fault plan's schema: the one definition of what a plan may say. The types in fault-plan.ts
// are inferred from it, the control API and `gauntlet sim --faults` validate with it, and the
// drill schema (scenarios/drill-schema.ts) embeds its rule and gap, so a drill's JSON Schema
// checks a rule exactly as the simulators will. Messages name the field's range, because a person
// reads them: `rules[0].effect.status: must be a number from 400 to 599`.
import { z } from 'zod';
import { DECLINE_WORDING, type DeclineReason } from './catalogue.ts';

export const MAX_RULES = 200;

/** A number in [min, max] (whole with `whole`); a missing required one says "required". */
function between(min: number, max: number, whole = false) {
  const message = whole ? `must be a whole number${min === 1 ? ' from 1' : ''}` : `must be a number from ${min} to ${max}`;
  const type = whole ? z.int({ error: (iss) => (iss.input === undefined ? 'required' : message) }) : z.number({ error: (iss) => (iss.input === undefined ? 'required' : message) });
  return type.min(min, { error: message }).max(max, { error: message });
}

const text = (min: number, max: number, message: string) => z.string({ error: message }).min(min, { error: message }).max(max, { error: message });

/**
 * What a forged webhook claims: `capture` / `refund` a capture or full refund of the payment that
 * did not happen (a new event id); `amount` the genuine event with its amounts changed, under the
 * genuine event id (a tampered replay, sent first, so a receiver that dedupes keeps the lie);
 * `unknown_payment` the event about a payment that does not exist; `none` the genuine content.
 */
export const FORGERY_LIES = ['none', 'capture', 'refund', 'amount', 'unknown_payment'] as const;
/** How a forgery is signed: a wrong key, no signature at all, an empty one, or garbage. */
export const FORGERY_SIGNATURES = ['wrong_secret', 'missing', 'empty', 'malformed'] as const;

const DECLINE_REASONS = Object.keys(DECLINE_WORDING) as [DeclineReason, ...DeclineReason[]];

const effect = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S, description: string) =>
  z.strictObject({ type: z.literal(type), ...shape }).describe(description);

// Request effects happen at the PSP's edge.
const REQUEST_EFFECTS = [
  effect('error', { status: between(400, 599), code: z.string().optional(), message: z.string().optional() }, 'The PSP answers with this HTTP error, nothing done.'),
  effect('rate_limit', { retryAfterSeconds: between(0, 3600).optional() }, 'A 429, with Retry-After when given.'),
  effect(
    'latency',
    { ms: between(0, 600_000), afterCommit: z.boolean({ error: 'must be true or false' }).optional().describe('The operation executes first: its webhooks can overtake the answer.') },
    'The answer waits `ms`.',
  ),
  effect('timeout_after_commit', { hangMs: between(0, 600_000).optional() }, 'The money moves (ledger entry written, response saved for idempotent replay), the response never arrives.'),
  effect('fail_before_commit', {}, 'The connection drops before the PSP did anything.'),
  // Only a server error can follow a commit: a 4xx says the request was refused.
  effect(
    'error_after_commit',
    { status: between(500, 599), code: z.string().optional(), message: z.string().optional() },
    "The operation executes, then the client gets a 5xx in the dialect's error shape: the provider moved the money and said it failed.",
  ),
  effect(
    'async_failure',
    { reason: text(1, 200, 'must be a string of 1 to 200 characters').optional() },
    'Asynchronous modifications (Adyen /captures, /refunds) are answered `received`, then refused by the scheme: no money moves and the notification says success "false". Stripe is unaffected.',
  ),
  effect('decline', { code: z.enum(DECLINE_REASONS, { error: `unknown decline reason (one of ${DECLINE_REASONS.join(', ')})` }).optional() }, 'The issuer declines with `code`.'),
] as const;

// Webhook effects shape delivery.
const WEBHOOK_EFFECTS = [
  effect('duplicate', { copies: between(1, 20).optional() }, 'The event is delivered `copies` extra times.'),
  effect('reorder', { maxHoldMs: between(0, 86_400_000).optional() }, 'Hold the event back until a later event to the same endpoint has been delivered.'),
  effect('delay', { ms: between(0, 86_400_000) }, 'Delivery waits `ms`.'),
  effect('drop', { attempts: between(1, 20).optional() }, 'The first `attempts` delivery attempts are lost in transit; retries follow the schedule.'),
  effect('bad_signature', {}, 'An extra copy signed with the wrong secret (a forgery); the genuine event is still sent.'),
  effect(
    'forge',
    {
      lie: z.enum(FORGERY_LIES, { error: `must be one of ${FORGERY_LIES.join(', ')}` }).optional(),
      signature: z.enum(FORGERY_SIGNATURES, { error: `must be one of ${FORGERY_SIGNATURES.join(', ')}` }).optional(),
    },
    'A forgery that lies: an extra delivery sent ahead of the genuine one, whose content is false (`lie`) and whose signature is not the endpoint\'s (`signature`).',
  ),
  effect('stale', { ageMs: between(0, 30 * 86_400_000).optional() }, 'An extra copy replayed `ageMs` later, signed with its original timestamp.'),
] as const;

const typeOf = (schema: { shape: { type: z.ZodLiteral<string> } }) => schema.shape.type.value;
export const REQUEST_EFFECT_TYPES: readonly string[] = REQUEST_EFFECTS.map(typeOf);
export const WEBHOOK_EFFECT_TYPES: readonly string[] = WEBHOOK_EFFECTS.map(typeOf);
const EFFECT_TYPES = [...REQUEST_EFFECT_TYPES, ...WEBHOOK_EFFECT_TYPES];

export const RequestEffectSchema = z.discriminatedUnion('type', [...REQUEST_EFFECTS]);
export const WebhookEffectSchema = z.discriminatedUnion('type', [...WEBHOOK_EFFECTS]);
export const EffectSchema = z.discriminatedUnion('type', [...REQUEST_EFFECTS, ...WEBHOOK_EFFECTS], {
  error: (iss) => {
    if (iss.code !== 'invalid_union') return iss.input === undefined ? 'required: an object with a "type"' : 'must be an object with a "type"';
    const type = (iss.input as { type?: unknown } | undefined)?.type;
    return type === undefined ? `required: one of ${EFFECT_TYPES.join(', ')}` : `unknown effect ${JSON.stringify(type)} (one of ${EFFECT_TYPES.join(', ')})`;
  },
});

const pattern = (description: string) => text(1, 200, 'must be a non-empty string').optional().describe(description);

export const RuleMatchSchema = z.strictObject(
  {
    operation: pattern('Dialect operation, `*` wildcards allowed: `stripe.payment_intents.capture`, `adyen.*`.'),
    method: pattern('HTTP method of the request.'),
    path: pattern('Request path, `*` wildcards allowed: `/v1/payment_intents/*/capture`.'),
    event: pattern('Webhook event type, `*` wildcards allowed: `charge.refunded`, `CAPTURE`.'),
  },
  { error: 'must be an object' },
);

/** A rule matches a request (operation, method, path) or a webhook (event), never both. */
function matchFitsEffect(rule: { match?: { operation?: string; method?: string; path?: string; event?: string }; effect: { type: string } }, ctx: z.RefinementCtx): void {
  const match = rule.match ?? {};
  if (WEBHOOK_EFFECT_TYPES.includes(rule.effect.type) && (match.operation || match.method || match.path)) {
    ctx.addIssue({ code: 'custom', path: ['match'], message: 'a webhook effect matches by "event" only' });
  }
  if (REQUEST_EFFECT_TYPES.includes(rule.effect.type) && match.event) {
    ctx.addIssue({ code: 'custom', path: ['match', 'event'], message: 'a request effect matches by operation, method or path' });
  }
}

export const FaultRuleSchema = z
  .strictObject(
    {
      id: text(0, 200, 'must be a string of at most 200 characters').optional(),
      description: text(0, 2000, 'must be a string of at most 2000 characters').optional(),
      match: RuleMatchSchema.optional(),
      probability: between(0, 1).optional().describe('Chance, per eligible hit, that the effect applies (seeded). Default 1.'),
      times: between(0, Number.MAX_SAFE_INTEGER, true).optional().describe('Apply at most this many times.'),
      nth: between(1, Number.MAX_SAFE_INTEGER, true).optional().describe('Apply only to the nth matching hit (from 1).'),
      after: between(0, Number.MAX_SAFE_INTEGER, true).optional().describe('Skip the first `after` matching hits.'),
      effect: EffectSchema,
    },
    { error: 'must be an object' },
  )
  .superRefine(matchFitsEffect)
  .describe('A fault-plan rule: which requests or webhooks it matches, how often, and the one effect it applies (simulators/README.md).');

const paymentId = text(1, 200, 'must be a non-empty string').optional();
const gapNth = between(1, Number.MAX_SAFE_INTEGER, true).optional();
const gap = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S, description: string) =>
  z.strictObject({ type: z.literal(type), paymentId, ...shape }).describe(description);

const GAPS = [
  gap('missing', { nth: gapNth }, 'The settlement report leaves a payment out.'),
  gap(
    'extra',
    {
      amount: z.int({ error: 'must be a positive integer' }).min(1, { error: 'must be a positive integer' }),
      currency: z.string({ error: 'a three-letter currency code' }).regex(/^[A-Za-z]{3}$/, { error: 'a three-letter currency code' }),
    },
    'The settlement report pays out a payment that does not exist.',
  ),
  gap(
    'wrong_amount',
    { nth: gapNth, delta: z.int({ error: 'must be a non-zero integer' }).refine((d) => d !== 0, { error: 'must be a non-zero integer' }) },
    'The settlement report gets a payment\'s amount wrong by `delta`.',
  ),
] as const;
const GAP_TYPES = GAPS.map(typeOf);

export const SettlementGapSchema = z.discriminatedUnion('type', [...GAPS], {
  error: (iss) => {
    if (iss.code !== 'invalid_union') return 'must be an object with a "type"';
    const type = (iss.input as { type?: unknown } | undefined)?.type;
    return type === undefined ? `required: one of ${GAP_TYPES.join(', ')}` : `unknown gap ${JSON.stringify(type)} (one of ${GAP_TYPES.join(', ')})`;
  },
});

export const FaultPlanSchema = z.strictObject(
  {
    // Normalised: `{}` is the empty plan, `rules` is always there (the engine maps over it).
    rules: z
      .array(FaultRuleSchema, { error: 'must be an array' })
      .max(MAX_RULES, { error: `at most ${MAX_RULES} rules` })
      .default(() => []),
    settlement: z.array(SettlementGapSchema, { error: 'must be an array' }).max(MAX_RULES, { error: `at most ${MAX_RULES} gaps` }).optional(),
  },
  { error: 'must be an object with a "rules" array' },
);
