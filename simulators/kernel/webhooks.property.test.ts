// Property: under any webhook fault plan, every event reaches every endpoint at least once with
// a genuine signature, as long as its failures fit in the retry budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultRule, WebhookEffect } from './fault-plan.ts';
import { testKernel } from './test-support.ts';

const RETRY_DELAYS = [1_000, 5_000, 30_000, 120_000];

const effect: fc.Arbitrary<WebhookEffect> = fc.oneof(
  fc.record({ type: fc.constant('duplicate' as const), copies: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('reorder' as const), maxHoldMs: fc.integer({ min: 0, max: 60_000 }) }),
  fc.record({ type: fc.constant('delay' as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
  fc.record({ type: fc.constant('drop' as const), attempts: fc.integer({ min: 1, max: 2 }) }),
  fc.constant({ type: 'bad_signature' as const }),
  fc.record({ type: fc.constant('stale' as const), ageMs: fc.integer({ min: 0, max: 600_000 }) }),
);

const rule: fc.Arbitrary<FaultRule> = fc.record(
  {
    match: fc.constantFrom({ event: 'a.*' }, { event: 'b.done' }, {}),
    probability: fc.double({ min: 0, max: 1, noNaN: true }),
    times: fc.integer({ min: 1, max: 5 }),
    effect,
  },
  { requiredKeys: ['effect'] },
);

describe('webhook delivery under faults', () => {
  it('delivers every event at least once, genuinely signed, within the retry budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rule, { maxLength: 4 }),
        fc.array(fc.tuple(fc.constantFrom('a.created', 'a.updated', 'b.done'), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1_000 }),
        async (rules, events, seed) => {
          // Each event's receiver-side failures; drops add at most two more, within the four retries.
          const failuresLeft = new Map(events.map(([, f], i) => [`evt_${i}`, f]));
          const genuine = new Set<string>();
          const { kernel, clock } = testKernel({
            seed,
            retryDelaysMs: RETRY_DELAYS,
            fetch: async (_url, init) => {
              const id = (JSON.parse(String(init?.body)) as { id: string }).id;
              const forged = new Headers(init?.headers).get('x-test-signed-by') !== 'whsec';
              if (forged) return new Response('bad signature', { status: 400 });
              const left = failuresLeft.get(id)!;
              if (left > 0) {
                failuresLeft.set(id, left - 1);
                return new Response('', { status: 500 });
              }
              genuine.add(id);
              return new Response('', { status: 200 });
            },
          });
          // Drops of at most 2 attempts plus at most 2 receiver failures fit in 5 attempts only
          // when one rule drops; cap the plan to keep every event within its budget.
          const drops = rules.filter((r) => r.effect.type === 'drop').slice(1);
          kernel.faults.set({ rules: rules.filter((r) => !drops.includes(r)) });
          kernel.webhooks.addEndpoint({ url: 'http://receiver.test', secret: 'whsec' });
          events.forEach(([type], i) => kernel.webhooks.emit({ id: `evt_${i}`, type, createdAt: kernel.now(), payload: {} }));
          for (let step = 0; step < 200; step++) {
            await kernel.webhooks.deliverDue();
            const next = kernel.webhooks.nextDueAt();
            if (next === undefined) break;
            await clock.advance(Math.max(0, next - clock.now()));
          }
          expect([...genuine].sort()).toEqual(events.map((_, i) => `evt_${i}`).sort());
          expect(kernel.webhooks.summary().failed).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
