import { describe, expect, it } from 'vitest';
import { FORGERY_LIES, FORGERY_SIGNATURES, globMatches, validatePlan } from './fault-plan.ts';

describe('validatePlan', () => {
  it('accepts every effect in its documented form', () => {
    const plan = {
      rules: [
        { match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 5000 } },
        { match: { method: 'POST', path: '/v72/payments/*/refunds' }, nth: 2, effect: { type: 'error', status: 503 } },
        { probability: 0.3, effect: { type: 'rate_limit', retryAfterSeconds: 2 } },
        { after: 3, effect: { type: 'latency', ms: 250 } },
        { effect: { type: 'fail_before_commit' } },
        { effect: { type: 'decline', code: 'insufficient_funds' } },
        { match: { event: 'charge.*' }, effect: { type: 'duplicate', copies: 3 } },
        { effect: { type: 'reorder' } },
        { effect: { type: 'delay', ms: 60_000 } },
        { effect: { type: 'drop', attempts: 2 } },
        { effect: { type: 'bad_signature' } },
        { effect: { type: 'stale', ageMs: 3_600_000 } },
      ],
      settlement: [{ type: 'missing', nth: 1 }, { type: 'extra', amount: 500, currency: 'usd' }, { type: 'wrong_amount', delta: -10 }],
    };
    expect(validatePlan(plan)).toEqual({ ok: true, plan });
  });

  it.each([
    [null, 'plan: must be an object'],
    [{ rules: 'x' }, 'rules: must be an array'],
    [{ rules: [{ effect: { type: 'explode' } }] }, 'rules[0].effect.type: unknown effect "explode"'],
    [{ rules: [{ effect: { type: 'error' } }] }, 'rules[0].effect.status: required'],
    [{ rules: [{ effect: { type: 'error', status: 200 } }] }, 'rules[0].effect.status: must be a number from 400 to 599'],
    [{ rules: [{ probability: 2, effect: { type: 'fail_before_commit' } }] }, 'rules[0].probability: must be a number from 0 to 1'],
    [{ rules: [{ nth: 0, effect: { type: 'fail_before_commit' } }] }, 'rules[0].nth: must be a whole number from 1'],
    [{ rules: [{ match: { event: 'x' }, effect: { type: 'latency', ms: 1 } }] }, 'rules[0].match.event: a request effect matches by operation, method or path'],
    [{ rules: [{ match: { operation: 'x' }, effect: { type: 'duplicate' } }] }, 'rules[0].match: a webhook effect matches by "event" only'],
    [{ rules: [{ effect: { type: 'decline', code: 'nope' } }] }, 'rules[0].effect.code: unknown decline reason'],
    [{ rules: [], extra: 1 }, 'extra: unknown field'],
    [{ rules: [{ effect: { type: 'forge', lie: 'chargeback' } }] }, 'rules[0].effect.lie: must be one of none, capture, refund, amount, unknown_payment'],
    [{ rules: [{ effect: { type: 'forge', signature: 'none' } }] }, 'rules[0].effect.signature: must be one of wrong_secret, missing, empty, malformed'],
    [{ rules: [{ match: { path: '/x' }, effect: { type: 'forge' } }] }, 'rules[0].match: a webhook effect matches by "event" only'],
    [{ rules: [], settlement: [{ type: 'extra', amount: -1, currency: 'usd' }] }, 'settlement[0].amount: must be a positive integer'],
    [{ rules: [{ effect: {} }] }, 'rules[0].effect.type: required: one of error, rate_limit'],
    [{ rules: [{ effect: 'error' }] }, 'rules[0].effect: must be an object with a "type"'],
    [{ rules: [{ effect: { type: 'latency', ms: 5, jitter: 2 } }] }, 'rules[0].effect.jitter: unknown field'],
    [{ rules: [{ effect: { type: 'fail_before_commit' } }, { match: { operation: '' }, effect: { type: 'fail_before_commit' } }] }, 'rules[1].match.operation: must be a non-empty string'],
    [{ rules: [{ times: 1.5, effect: { type: 'fail_before_commit' } }] }, 'rules[0].times: must be a whole number'],
    [{ rules: [], settlement: [{ type: 'wrong_amount', delta: 0 }] }, 'settlement[0].delta: must be a non-zero integer'],
    [{ rules: [], settlement: [{ type: 'refund' }] }, 'settlement[0].type: unknown gap "refund"'],
    [{ rules: Array.from({ length: 201 }, () => ({ effect: { type: 'fail_before_commit' } })) }, 'rules: at most 200 rules'],
  ])('refuses %j with a message naming the field', (plan, message) => {
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(message);
  });
});

describe('the parsed plan', () => {
  it('is the empty plan for {}, and a copy the caller cannot change afterwards', () => {
    expect(validatePlan({})).toEqual({ ok: true, plan: { rules: [] } });
    const input = { rules: [{ effect: { type: 'delay', ms: 5 } }] };
    const result = validatePlan(input);
    input.rules[0]!.effect.ms = 99;
    expect(result.ok && result.plan.rules[0]!.effect).toEqual({ type: 'delay', ms: 5 });
  });

  it('lists every problem at once, each with its own path', () => {
    const result = validatePlan({ rules: [{ probability: -1, effect: { type: 'error', status: 99 } }, { effect: { type: 'delay' } }], settlement: 'x' });
    expect(result).toEqual({
      ok: false,
      errors: ['rules[0].probability: must be a number from 0 to 1', 'rules[0].effect.status: must be a number from 400 to 599', 'rules[1].effect.ms: required', 'settlement: must be an array'],
    });
  });
});

describe('forge', () => {
  it('accepts every lie with every signature variant, and no options at all', () => {
    for (const lie of FORGERY_LIES) for (const signature of FORGERY_SIGNATURES) expect(validatePlan({ rules: [{ match: { event: '*' }, effect: { type: 'forge', lie, signature } }] }).ok).toBe(true);
    expect(validatePlan({ rules: [{ effect: { type: 'forge' } }] }).ok).toBe(true);
  });
});

describe('globMatches', () => {
  it('treats * as any run of characters and everything else literally', () => {
    expect(globMatches('stripe.*', 'stripe.payment_intents.capture')).toBe(true);
    expect(globMatches('/v1/payment_intents/*/capture', '/v1/payment_intents/pi_1/capture')).toBe(true);
    expect(globMatches('stripe.refunds.create', 'stripeXrefunds.create')).toBe(false);
    expect(globMatches('adyen.payments', 'adyen.payments.extra')).toBe(false);
  });
});
