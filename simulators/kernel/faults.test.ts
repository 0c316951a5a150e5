import { describe, expect, it } from 'vitest';
import { VirtualClock, seededRandom } from './env.ts';
import type { FaultPlan } from './fault-plan.ts';
import { FaultEngine } from './faults.ts';

const capture = { operation: 'stripe.payment_intents.capture', method: 'POST', path: '/v1/payment_intents/pi_1/capture', requestId: 'req_1' };
const create = { operation: 'stripe.payment_intents.create', method: 'POST', path: '/v1/payment_intents', requestId: 'req_2' };

function engine(plan: FaultPlan, seed = 1): FaultEngine {
  const e = new FaultEngine(new VirtualClock(0), seededRandom(seed));
  e.set(plan);
  return e;
}

function effects(e: FaultEngine, n: number, target = capture): (string | undefined)[] {
  return Array.from({ length: n }, () => e.decideRequest(target).effect?.type);
}

describe('FaultEngine selection', () => {
  it('applies `times` at most that many times, then lets requests through', () => {
    const e = engine({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, times: 2, effect: { type: 'error', status: 500 } }] });
    expect(effects(e, 4)).toEqual(['error', 'error', undefined, undefined]);
    expect(e.decideRequest(create).effect).toBeUndefined();
    expect(e.current().rules[0]).toMatchObject({ matched: 4, applied: 2, exhausted: true });
  });

  it('applies `nth` to exactly that hit and `after` past the first hits', () => {
    expect(effects(engine({ rules: [{ nth: 3, effect: { type: 'fail_before_commit' } }] }), 4)).toEqual([undefined, undefined, 'fail_before_commit', undefined]);
    expect(effects(engine({ rules: [{ after: 2, effect: { type: 'fail_before_commit' } }] }), 4)).toEqual([undefined, undefined, 'fail_before_commit', 'fail_before_commit']);
  });

  it('draws probabilities from the seed: the same seed gives the same faults', () => {
    const plan: FaultPlan = { rules: [{ probability: 0.5, effect: { type: 'error', status: 503 } }] };
    const a = effects(engine(plan, 9), 40);
    expect(effects(engine(plan, 9), 40)).toEqual(a);
    const hits = a.filter(Boolean).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(35);
  });

  it('adds latencies and keeps the first terminal effect', () => {
    const e = engine({
      rules: [
        { effect: { type: 'latency', ms: 100 } },
        { effect: { type: 'rate_limit' } },
        { effect: { type: 'latency', ms: 50 } },
        { effect: { type: 'error', status: 500 } },
      ],
    });
    expect(e.decideRequest(capture)).toEqual({ latencyMs: 150, latencyAfterCommitMs: 0, effect: { type: 'rate_limit' } });
  });

  it('logs every applied fault with the request it hit', () => {
    const e = engine({ rules: [{ id: 'boom', effect: { type: 'error', status: 502 } }] });
    e.decideRequest(capture);
    expect(e.applied().faults).toEqual([{ at: 0, ruleId: 'boom', effect: { type: 'error', status: 502 }, request: capture }]);
  });

  it('keeps request and webhook rules apart, and composes webhook effects', () => {
    const e = engine({
      rules: [
        { effect: { type: 'error', status: 500 } },
        { match: { event: 'charge.*' }, effect: { type: 'duplicate', copies: 2 } },
        { effect: { type: 'delay', ms: 10 } },
      ],
    });
    expect(e.decideWebhook({ eventId: 'evt_1', eventType: 'charge.refunded', endpointId: 'we_1' }).map((x) => x.type)).toEqual(['duplicate', 'delay']);
    expect(e.decideWebhook({ eventId: 'evt_2', eventType: 'payment_intent.succeeded', endpointId: 'we_1' }).map((x) => x.type)).toEqual(['delay']);
  });
});

describe('FaultEngine counting across rules', () => {
  it('counts a hit for every matching rule, even when an earlier rule already took it', () => {
    const e = engine({
      rules: [
        { nth: 1, effect: { type: 'error', status: 500 } },
        { nth: 2, effect: { type: 'rate_limit' } },
      ],
    });
    expect(effects(e, 3)).toEqual(['error', 'rate_limit', undefined]);
  });
});
