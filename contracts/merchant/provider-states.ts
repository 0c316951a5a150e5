// Provider states of the merchant contract, set up through the provider's own merchant API over
// HTTP (never its database), so the same states work against the reference core and against a
// team's own service. Pact's verifier POSTs {state, params, action} here; the JSON answered is
// injected into the interaction (`${paymentId}` in paths, `${idempotencyKey}` in headers).
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { CheckoutClient, type CreatePayment, type Payment, type Result } from './checkout-client.ts';
import { STATES } from './pact.ts';

type Params = Record<string, unknown>;
type Values = Record<string, string>;

/** A state that could not be reached: the verifier reports the interaction as failed with this. */
class StateFailed extends Error {}

// Keys are random so that a second verification against a long-lived service is not a replay of
// the first (same key, same path would answer the old payment, or 422 for another payment's path).
const freshKey = () => `pact-state-${randomUUID()}`;

export function providerStatesApp({ baseUrl, fetch }: { baseUrl: string; fetch?: typeof globalThis.fetch }): Hono {
  const client = new CheckoutClient({ baseUrl, ...(fetch ? { fetch } : {}) });

  const create = async (input: CreatePayment, want: Payment['status'], key = freshKey()): Promise<Payment> =>
    expectStatus(`create ${input.capture}-capture payment`, await client.createPayment(input, key), want);

  const handlers: Record<string, (p: Params) => Promise<Values>> = {
    [STATES.freshKey]: async () => ({ idempotencyKey: freshKey() }),
    [STATES.authorized]: async (p) => ({ paymentId: (await create(order(p, 'manual'), 'authorized')).id }),
    [STATES.captured]: async (p) => ({ paymentId: (await create(order(p, 'automatic'), 'captured')).id }),
    [STATES.voided]: async (p) => {
      const { id } = await create(order(p, 'manual'), 'authorized');
      expectStatus('void', await client.void(id, freshKey()), 'voided');
      return { paymentId: id };
    },
    [STATES.createdWithKey]: async (p) => {
      const idempotencyKey = freshKey();
      const input = { ...order(p, p.capture === 'automatic' ? 'automatic' : 'manual'), paymentMethod: text(p, 'paymentMethod'), reference: text(p, 'reference') };
      const { id } = await create(input, input.capture === 'automatic' ? 'captured' : 'authorized', idempotencyKey);
      return { paymentId: id, idempotencyKey };
    },
  };

  const app = new Hono();
  app.post('/', async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as { state?: unknown; params?: unknown; action?: unknown } | undefined;
    if (typeof body?.state !== 'string') return c.json({ error: 'body must be {state, params?, action?}' }, 400);
    // States only add payments; there is nothing to undo. An interaction without a state is
    // announced with the empty name: nothing to set up either.
    if (body.action === 'teardown' || body.state === '') return c.json({});
    const handler = handlers[body.state];
    if (!handler) return c.json({ error: `unknown provider state "${body.state}"`, known: Object.keys(handlers) }, 404);
    try {
      return c.json(await handler(isParams(body.params) ? body.params : {}));
    } catch (err) {
      return c.json({ error: `provider state "${body.state}" could not be set up on ${baseUrl}: ${(err as Error).message}` }, 500);
    }
  });
  return app;
}

function expectStatus(what: string, r: Result, want: Payment['status']): Payment {
  if (!r.ok) throw new StateFailed(`${what}: HTTP ${r.error.status} ${r.error.code}: ${r.error.message}`);
  if (r.payment.status !== want) throw new StateFailed(`${what}: status ${r.payment.status}, expected ${want}`);
  return r.payment;
}

/** A card the providers' test conventions approve, for the amount, currency and provider in params. */
function order(p: Params, capture: CreatePayment['capture']): CreatePayment {
  const provider = text(p, 'provider');
  if (provider !== 'stripe' && provider !== 'adyen' && provider !== 'auto') throw new StateFailed(`params.provider must be stripe, adyen or auto, not ${provider}`);
  const amount = p.amount;
  if (!Number.isInteger(amount)) throw new StateFailed('params.amount must be an integer in minor units');
  return { amount: amount as number, currency: text(p, 'currency'), provider, paymentMethod: 'pm_card_visa', capture, reference: `pact-state-${randomUUID().slice(0, 8)}` };
}

function text(p: Params, name: string): string {
  const v = p[name];
  if (typeof v !== 'string' || v === '') throw new StateFailed(`params.${name} must be a non-empty string`);
  return v;
}

const isParams = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);
