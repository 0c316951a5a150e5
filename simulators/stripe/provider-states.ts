// Pact provider states for the Stripe dialect (contracts/): each handler puts the simulator into a
// named state by calling the simulator's own API in process, and returns the ids it minted for
// Pact to inject into the interaction (`${id}` in a path or form field, `${idempotencyKey}` in the
// Idempotency-Key header).
//
// State names carry placeholders and the values come as Pact params
// (`given('a payment authorized for {amount} {currency}', {amount: 2000, currency: 'usd'})`): the
// control route looks handlers up by exact name, so one name serves every amount.
//
// Every state hands out a fresh Idempotency-Key (`pact-<request id>`: the simulator's seeded request
// ids never repeat), so the same pact verifies again and again against one long-lived simulator
// without tripping Stripe's "same key, other parameters" check.
//
// Faults are set through the control API like any harness would, and appended to the plan in
// effect, so a plan someone set on purpose (a broken simulator under test) survives.
import { addStateRule, StateRuleError, type FaultRule, type ProviderStateHandler, type ProviderStateResult } from '../kernel/index.ts';
import { encodeForm } from './form.ts';

export const STRIPE_PROVIDER_STATES = {
  freshKey: 'an unused Idempotency-Key',
  authorized: 'a payment authorized for {amount} {currency}',
  authorizedUnderKey: 'an Idempotency-Key already used to authorize {amount} {currency}',
  captured: 'a payment captured for {amount} {currency}',
  partiallyRefunded: 'a payment captured for {amount} {currency} with {refunded} refunded',
  canceled: 'a payment authorized for {amount} {currency} and canceled',
  refundInFlight: 'a refund of {refundAmount} in flight on a payment captured for {amount} {currency}',
  nextFails: 'the next {operation} request fails with HTTP {status}',
  nextRateLimited: 'the next {operation} request is rate limited with Retry-After {retryAfterSeconds}',
} as const;

/**
 * The secret key state handlers call the API with. It matters beyond authentication: Stripe scopes
 * idempotency keys to the API key, so the states that leave a key behind (`authorized` with its
 * key, `refundInFlight`) must store it where the verifier's request, which carries the pact's
 * example `Authorization: Bearer sk_test_gauntlet_pact`, will look for it.
 */
export const STRIPE_STATE_API_KEY = 'sk_test_gauntlet_pact';

/**
 * How long the `refundInFlight` state holds its refund at the edge, in simulator time: long enough
 * for the verifier's request with the same key to arrive while it runs (409), short enough that
 * the held request does not outlive a verification run by much on the wall clock.
 */
export const IN_FLIGHT_HOLD_MS = 3_000;

/** Rules the states add carry this id prefix; used up, they are dropped from the plan. */
const STATE_RULE_PREFIX = 'pact-state-';
const ORIGIN = 'http://stripe.provider-state';
/** Stripe's public test PaymentMethod that always approves (never a card number). */
const APPROVING_PM = 'pm_card_visa';

type Api = (request: Request) => Promise<Response>;
type Params = Record<string, unknown>;
type Answer = { status: number; body: Record<string, unknown>; requestId: string };

/** `api` is the simulator's own app (Stripe dialect), called in process. */
export function stripeProviderStates(api: Api): Record<string, ProviderStateHandler> {
  const stripe = async (method: 'GET' | 'POST', path: string, params: Record<string, unknown> = {}, idempotencyKey?: string): Promise<Answer> => {
    const form = encodeForm(params);
    const headers: Record<string, string> = { authorization: `Bearer ${STRIPE_STATE_API_KEY}` };
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const url = `${ORIGIN}${path}${method === 'GET' && form ? `?${form}` : ''}`;
    const res = await api(new Request(url, { method, headers, ...(method === 'POST' ? { body: form } : {}) }));
    const body = parseObject(await res.text());
    return { status: res.status, body, requestId: res.headers.get('request-id') ?? '' };
  };

  /** A key no request has used: derived from a request id the simulator just drew. */
  const freshKey = async (): Promise<string> => {
    const probe = await stripe('GET', '/v1/payment_intents', { limit: 1 });
    if (probe.requestId === '') throw new StateError(409, `GET /v1/payment_intents answered ${probe.status} without a Request-Id`);
    return `pact-${probe.requestId}`;
  };

  const intent = async (params: Params, capture: 'manual' | 'automatic', expected: string, key?: string): Promise<string> => {
    const { amount, currency } = amountParams(params);
    key ??= await freshKey();
    const res = await stripe('POST', '/v1/payment_intents', { amount, currency, payment_method: APPROVING_PM, confirm: true, capture_method: capture }, key);
    return expectStatus(res, 'POST /v1/payment_intents', expected);
  };

  const refund = async (id: string, amount: number): Promise<void> => {
    const res = await stripe('POST', '/v1/refunds', { payment_intent: id, amount }, await freshKey());
    expectStatus(res, 'POST /v1/refunds', 'succeeded');
  };

  /** Adds a rule (the others keep their counters); returns its id. */
  const appendRule = async (rule: FaultRule): Promise<string> => {
    try {
      return await addStateRule(api, ORIGIN, STATE_RULE_PREFIX, rule);
    } catch (err) {
      if (err instanceof StateRuleError) throw new StateError(err.status, err.message);
      throw err;
    }
  };

  const S = STRIPE_PROVIDER_STATES;
  const handlers: Record<string, (params: Params) => Promise<Record<string, unknown>>> = {
    [S.freshKey]: async () => ({ idempotencyKey: await freshKey() }),
    [S.authorized]: async (params) => ({ id: await intent(params, 'manual', 'requires_capture'), idempotencyKey: await freshKey() }),
    [S.authorizedUnderKey]: async (params) => {
      // The verifier's request re-uses this key with other parameters: Stripe's 400 idempotency_error.
      const key = await freshKey();
      return { id: await intent(params, 'manual', 'requires_capture', key), idempotencyKey: key };
    },
    [S.captured]: async (params) => ({ id: await intent(params, 'automatic', 'succeeded'), idempotencyKey: await freshKey() }),
    [S.partiallyRefunded]: async (params) => {
      const refunded = positiveInt(params, 'refunded');
      const id = await intent(params, 'automatic', 'succeeded');
      await refund(id, refunded);
      return { id, idempotencyKey: await freshKey() };
    },
    [S.canceled]: async (params) => {
      const id = await intent(params, 'manual', 'requires_capture');
      expectStatus(await stripe('POST', `/v1/payment_intents/${id}/cancel`, {}, await freshKey()), 'POST /v1/payment_intents/{id}/cancel', 'canceled');
      return { id, idempotencyKey: await freshKey() };
    },
    [S.refundInFlight]: async (params) => {
      const refundAmount = positiveInt(params, 'refundAmount');
      const id = await intent(params, 'automatic', 'succeeded');
      const key = await freshKey();
      // The refund is held at the edge after it claimed its key; the verifier's request with the
      // same key finds the key in use (409), as at Stripe while the first request still runs.
      const hold = await appendRule({ description: `Pact provider state: ${S.refundInFlight}`, match: { operation: 'stripe.refunds.create' }, times: 1, effect: { type: 'latency', ms: IN_FLIGHT_HOLD_MS } });
      void stripe('POST', '/v1/refunds', { payment_intent: id, amount: refundAmount }, key).catch(() => undefined);
      await untilApplied(api, hold);
      return { id, idempotencyKey: key };
    },
    [S.nextFails]: async (params) => {
      const status = params.status;
      if (!(Number.isSafeInteger(status) && (status as number) >= 400 && (status as number) <= 599)) throw invalid('status: an HTTP error status from 400 to 599');
      await appendRule({ description: `Pact provider state: ${S.nextFails}`, match: { operation: operationParam(params) }, times: 1, effect: { type: 'error', status: status as number } });
      return {};
    },
    [S.nextRateLimited]: async (params) => {
      const seconds = params.retryAfterSeconds;
      if (!(Number.isSafeInteger(seconds) && (seconds as number) >= 0 && (seconds as number) <= 3600)) throw invalid('retryAfterSeconds: whole seconds from 0 to 3600');
      await appendRule({ description: `Pact provider state: ${S.nextRateLimited}`, match: { operation: operationParam(params) }, times: 1, effect: { type: 'rate_limit', retryAfterSeconds: seconds as number } });
      return {};
    },
  };

  return Object.fromEntries(
    Object.entries(handlers).map(([name, run]) => [
      name,
      async (params: Params): Promise<ProviderStateResult> => {
        try {
          return { ok: true, values: await run(params) };
        } catch (err) {
          if (err instanceof StateError) return { ok: false, status: err.status, message: `${name}: ${err.message}` };
          throw err;
        }
      },
    ]),
  );
}

class StateError extends Error {
  readonly status: 400 | 404 | 409;
  constructor(
    status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.status = status;
  }
}

function invalid(message: string): StateError {
  return new StateError(400, message);
}

/**
 * Waits until the rule `id` applied to a request, i.e. the request claimed its idempotency key
 * and reached the edge. Each look is a call through the app, which lets the held request's own
 * steps run in between; no timers (simulators own none).
 */
async function untilApplied(api: Api, id: string): Promise<void> {
  for (let look = 0; look < 200; look++) {
    const res = await api(new Request(`${ORIGIN}/__gauntlet/faults`));
    const view = (await res.json()) as { rules: { id: string; applied: number }[] };
    if (view.rules.some((r) => r.id === id && r.applied > 0)) return;
  }
  throw new StateError(409, `the held request never reached the edge (fault rule ${id} never applied)`);
}

function expectStatus(res: Answer, what: string, status: string): string {
  const id = res.body.id;
  if (res.status !== 200 || res.body.status !== status || typeof id !== 'string') {
    throw new StateError(409, `${what} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}, not a ${status} object`);
  }
  return id;
}

function amountParams(params: Params): { amount: number; currency: string } {
  const amount = positiveInt(params, 'amount');
  const { currency } = params;
  if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) throw invalid('currency: a lower-case ISO 4217 code, as Stripe spells it');
  return { amount, currency };
}

function positiveInt(params: Params, name: string): number {
  const v = params[name];
  if (!(Number.isSafeInteger(v) && (v as number) > 0)) throw invalid(`${name}: a positive integer in minor units`);
  return v as number;
}

function operationParam(params: Params): string {
  const { operation } = params;
  if (typeof operation !== 'string' || !/^stripe\.[a-z_.*]+$/.test(operation)) throw invalid('operation: the dialect operation to fault, e.g. stripe.payment_intents.capture');
  return operation;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
