// Property, against the core's real app and database: whatever mix and order of genuine and
// poisoned webhook deliveries, every genuine event is applied, every poison ends refused at the
// edge (400, nothing stored) or parked with its reason, and nothing stays pending once time passes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreWorld, type World } from '../testing/world.ts';
import { DEFAULT_INBOX_RETRY, retryDelayMs } from './retry-policy.ts';
import { postStripe } from './signed.test-support.ts';

let w: World;
beforeAll(async () => {
  w = await coreWorld({ seed: 11 });
});
afterAll(async () => w?.close());

type Genuine = 'plain' | 'nul-hint';
type Poison = 'unparseable' | 'nul-id' | 'conflict';
let run = 0;

const intent = (psp: string, paymentId: string, charge: string) => ({
  id: psp,
  object: 'payment_intent',
  amount: 1500,
  amount_received: 1500,
  currency: 'usd',
  capture_method: 'manual',
  latest_charge: charge,
  metadata: { payment_id: paymentId },
});

describe('webhook inbox under poison (property)', () => {
  it('genuine events applied, poisons refused or parked, nothing left pending', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Genuine>('plain', 'nul-hint'), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom<Poison>('unparseable', 'nul-id', 'conflict'), { maxLength: 3 }),
        fc.infiniteStream(fc.nat()),
        async (genuine, poisons, order) => {
          const r = ++run;
          const payments: { id: string; psp: string }[] = [];
          for (const [i] of genuine.entries()) {
            const id = (await w.api('POST', '/v1/payments', { amount: 1500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: `prop-${r}-${i}` })).body.id;
            payments.push({ id, psp: '' });
          }
          await w.drainWebhooks();
          for (const p of payments) p.psp = (await w.api('GET', `/v1/payments/${p.id}`)).body.providerPaymentId!;

          // Each delivery is a thunk; they run in a generated order.
          const deliveries: (() => Promise<void>)[] = [];
          genuine.forEach((kind, i) => {
            const p = payments[i]!;
            // nul-hint: the echoed payment id is unusable; the event must be found by the intent's id.
            const paymentId = kind === 'nul-hint' ? `${p.id}\u0000` : p.id;
            deliveries.push(async () => expect((await postStripe(w, { id: `evt_p${r}_g${i}`, type: 'payment_intent.succeeded', object: intent(p.psp, paymentId, `ch_p${r}_${i}`) })).status).toBe(200));
          });
          let parkedExpected = 0;
          poisons.forEach((kind, j) => {
            if (kind === 'unparseable') {
              parkedExpected += 1;
              deliveries.push(async () => {
                await w.db.query(`INSERT INTO webhook_inbox (provider, event_id, received_at, event, state) VALUES ('stripe', $1, $2, '{"eventId":', 'pending')`, [`evt_p${r}_u${j}`, w.clock.now()]);
              });
            } else if (kind === 'nul-id') {
              deliveries.push(async () => {
                const res = await postStripe(w, { id: `evt_p${r}_n${j}\u0000`, type: 'payment_intent.succeeded', object: intent(payments[0]!.psp, payments[0]!.id, `ch_p${r}_n${j}`) });
                expect(res.status).toBe(400);
              });
            } else {
              // A second claim on payment 0's charge, for a payment of its own: one of the two is parked.
              parkedExpected += 1;
              deliveries.push(async () => {
                const other = (await w.api('POST', '/v1/payments', { amount: 1500, currency: 'USD', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', reference: `prop-${r}-c${j}` })).body;
                await w.drainWebhooks();
                const psp = (await w.api('GET', `/v1/payments/${other.id}`)).body.providerPaymentId!;
                expect((await postStripe(w, { id: `evt_p${r}_c${j}`, type: 'payment_intent.succeeded', object: intent(psp, other.id, `ch_p${r}_0`) })).status).toBe(200);
              });
            }
          });
          const draw = order[Symbol.iterator]();
          const shuffled = [...deliveries];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const k = draw.next().value! % (i + 1);
            [shuffled[i], shuffled[k]] = [shuffled[k]!, shuffled[i]!];
          }
          for (const deliver of shuffled) {
            await deliver();
            await w.core.inbox.drain();
          }
          // Let the backoff run out: every retry falls due, the poisons reach their last attempt.
          for (let attempt = 1; attempt <= DEFAULT_INBOX_RETRY.maxAttempts; attempt++) {
            await w.clock.advance(retryDelayMs(DEFAULT_INBOX_RETRY, attempt));
            await w.core.inbox.drain();
          }

          const mine = await w.db.query<{ event_id: string; state: string }>(`SELECT event_id, state FROM webhook_inbox WHERE event_id LIKE $1`, [`evt_p${r}_%`]);
          expect(mine.filter((e) => e.state === 'pending')).toEqual([]);
          expect(mine.filter((e) => e.event_id.includes('\u0000') || /_n\d/.test(e.event_id))).toEqual([]);
          expect(mine.filter((e) => e.state === 'dead_letter')).toHaveLength(parkedExpected);
          // Every payment with a charge of its own is captured; payment 0 is, or its charge's other claimant is.
          for (const [i, p] of payments.entries()) {
            const view = (await w.api('GET', `/v1/payments/${p.id}`)).body;
            if (i > 0 || !poisons.includes('conflict')) expect(view).toMatchObject({ status: 'captured', amounts: { captured: 1500 } });
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});
