// Pact provider states for the Adyen dialect (contracts/): each handler puts the simulator into a
// named state by calling the simulator's own API in process, and returns the ids it minted for
// Pact to inject into the interaction (`${pspReference}` in a path or body).
//
// State names carry placeholders and the values come as Pact params
// (`given('a payment authorized for {amount} {currency}', {amount: 2000, currency: 'EUR'})`):
// the control route looks handlers up by exact name, so one name serves every amount.
//
// Faults are set through the control API like any harness would, and appended to the plan in
// effect, so a plan someone set on purpose (a broken simulator under test) survives.
import { addStateRule, StateRuleError, type FaultRule, type ProviderStateHandler, type ProviderStateResult } from '../kernel/index.ts';

export const ADYEN_PROVIDER_STATES = {
  authorized: 'a payment authorized for {amount} {currency}',
  captured: 'a payment captured for {amount} {currency}',
  authorizedWithKey: 'a payment authorized for {amount} {currency} with Idempotency-Key {idempotencyKey} and reference {reference}',
  nextFails: 'the next {operation} request fails with HTTP {status}',
  nextRateLimited: 'the next {operation} request is rate limited with Retry-After {retryAfterSeconds}',
} as const;

/**
 * The key state handlers authenticate with when the simulator requires none in particular: the
 * Adyen pact's fixture key (contracts/adyen ADYEN_PACT_API_KEY), which its requests also carry. It matters beyond authentication: idempotency keys are scoped to the API key, so
 * the reused-key state must store its key where the verifier's request will look for it.
 */
export const STATE_API_KEY = 'gauntlet_local_test_key';
/** The simulator's default merchant account (index.ts DEFAULT_MERCHANT_ACCOUNT; not imported: index.ts imports this file). */
export const STATE_MERCHANT_ACCOUNT = 'GauntletECOM';

export interface AdyenProviderStateOptions {
  /** The simulator's configured `x-api-key`, when it requires one. */
  apiKey?: string;
  /** The simulator's configured merchant account, when it requires one. */
  merchantAccount?: string;
}

type Api = (request: Request) => Promise<Response>;
type Params = Record<string, unknown>;

const ORIGIN = 'http://adyen.provider-state';
/** The id prefix of the fault rules provider states add. */
const OWN_RULE = 'provider-state-';

/** `api` is the simulator's own app (Adyen dialect), called in process. */
export function adyenProviderStates(api: Api, options: AdyenProviderStateOptions = {}): Record<string, ProviderStateHandler> {
  const apiKey = options.apiKey ?? STATE_API_KEY;
  const merchantAccount = options.merchantAccount ?? STATE_MERCHANT_ACCOUNT;

  const authorize = async (params: Params, capture: 'manual' | 'automatic', idempotency?: { key: string; reference: string }): Promise<ProviderStateResult> => {
    const amount = amountParams(params);
    if (typeof amount === 'string') return invalid(amount);
    const body = {
      amount,
      reference: idempotency?.reference ?? 'pact-provider-state',
      merchantAccount,
      returnUrl: 'https://gauntlet.invalid/pact/return',
      // Adyen's test Visa with an approving holder name (test conventions, never a real card).
      paymentMethod: {
        type: 'scheme',
        encryptedCardNumber: 'test_4111111111111111',
        encryptedExpiryMonth: 'test_03',
        encryptedExpiryYear: 'test_2030',
        encryptedSecurityCode: 'test_737',
        holderName: 'John Smith',
      },
      ...(capture === 'manual' ? { additionalData: { manualCapture: 'true' } } : { captureDelayHours: 0 }),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': apiKey };
    if (idempotency) headers['idempotency-key'] = idempotency.key;
    const res = await api(new Request(`${ORIGIN}/v71/payments`, { method: 'POST', headers, body: JSON.stringify(body) }));
    const text = await res.text();
    const json = parseJson(text) as { resultCode?: unknown; pspReference?: unknown } | undefined;
    if (res.status !== 200 || json?.resultCode !== 'Authorised' || typeof json.pspReference !== 'string') {
      return { ok: false, status: 409, message: `the simulator did not authorise the state's payment: POST /v71/payments answered ${res.status} ${text.slice(0, 300)}` };
    }
    return { ok: true, values: { pspReference: json.pspReference } };
  };

  const appendFault = async (state: string, operation: unknown, effect: FaultRule['effect']): Promise<ProviderStateResult> => {
    if (typeof operation !== 'string' || operation === '') return invalid('operation: the dialect operation to fault, e.g. adyen.captures');
    try {
      await addStateRule(api, ORIGIN, OWN_RULE, { description: `Pact provider state: ${state}`, match: { operation }, times: 1, effect });
      return { ok: true, values: {} };
    } catch (err) {
      if (err instanceof StateRuleError) return { ok: false, status: err.status, message: err.message };
      throw err;
    }
  };

  return {
    [ADYEN_PROVIDER_STATES.authorized]: (params) => authorize(params, 'manual'),
    [ADYEN_PROVIDER_STATES.captured]: (params) => authorize(params, 'automatic'),
    [ADYEN_PROVIDER_STATES.authorizedWithKey]: async (params) => {
      const { idempotencyKey, reference } = params;
      if (typeof idempotencyKey !== 'string' || idempotencyKey === '' || idempotencyKey.length > 64) return invalid('idempotencyKey: 1 to 64 characters');
      if (typeof reference !== 'string' || reference === '' || reference.length > 80) return invalid('reference: 1 to 80 characters');
      return authorize(params, 'manual', { key: idempotencyKey, reference });
    },
    [ADYEN_PROVIDER_STATES.nextFails]: async (params) => {
      const { status } = params;
      if (!(Number.isSafeInteger(status) && (status as number) >= 400 && (status as number) <= 599)) return invalid('status: an HTTP error status from 400 to 599');
      return appendFault(ADYEN_PROVIDER_STATES.nextFails, params.operation, { type: 'error', status: status as number });
    },
    [ADYEN_PROVIDER_STATES.nextRateLimited]: async (params) => {
      const { retryAfterSeconds } = params;
      if (!(Number.isSafeInteger(retryAfterSeconds) && (retryAfterSeconds as number) >= 0 && (retryAfterSeconds as number) <= 3600)) {
        return invalid('retryAfterSeconds: whole seconds from 0 to 3600');
      }
      return appendFault(ADYEN_PROVIDER_STATES.nextRateLimited, params.operation, { type: 'rate_limit', retryAfterSeconds: retryAfterSeconds as number });
    },
  };
}

function amountParams(params: Params): { value: number; currency: string } | string {
  const { amount, currency } = params;
  if (!(Number.isSafeInteger(amount) && (amount as number) > 0)) return 'amount: a positive integer in minor units';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'currency: an upper-case ISO 4217 code';
  return { value: amount as number, currency };
}

function invalid(message: string): ProviderStateResult {
  return { ok: false, status: 400, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
