// Stripe's wire in Pact terms, for the consumer test: the request headers the adapter always
// sends, form-encoded bodies with matchers, provider-injected ids and keys, and the response
// objects (PaymentIntent, Refund, error) reduced to what the adapter reads. Exact values where the
// adapter acts on them; matchers where Stripe mints or varies them.
import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { STRIPE_API_VERSION } from '../../core/index.ts';
import { STRIPE_PACT_API_KEY } from './index.ts';

const { integer, like, regex } = MatchersV3;
type Matcher = MatchersV3.Matcher<string>;
type RequestBuilder = Parameters<NonNullable<Parameters<ReturnType<PactV4['addInteraction']>['withRequest']>[2]>>[0];

const FORM = 'application/x-www-form-urlencoded';

/** Stripe ids: a prefix, an underscore, letters and digits. */
export const ID = {
  pi: '^pi_[A-Za-z0-9]+$',
  ch: '^ch_[A-Za-z0-9]+$',
  re: '^re_[A-Za-z0-9]+$',
  req: '^req_[A-Za-z0-9]+$',
} as const;

/** Example values: fixed, so the pact file is byte-stable across runs. */
export const EXAMPLE = {
  pi: 'pi_3PactExampleIntent0001',
  ch: 'ch_3PactExampleCharge0001',
  re: 're_3PactExampleRefund0001',
  req: 'req_PactExample0001',
  created: 1767225600,
} as const;

/**
 * A value the provider mints, injected from its provider state at verification (`${id}`,
 * `${idempotencyKey}`), and matched by `pattern` in the consumer test: Pact's `fromProviderState`
 * with a regex instead of its type matcher, which would accept any string (any path).
 */
export function injected(expression: string, pattern: string, example: string): Matcher {
  return { ...regex(pattern, example), 'pact:generator:type': 'ProviderState', expression } as Matcher;
}

/** `/v1/payment_intents/{id}{action}` with the state's PaymentIntent id. */
export function intentPath(action = ''): Matcher {
  const pattern = `^/v1/payment_intents/pi_[A-Za-z0-9]+${action.replace(/\//g, '\\/')}$`;
  return injected(`/v1/payment_intents/\${id}${action}`, pattern, `/v1/payment_intents/${EXAMPLE.pi}${action}`);
}

/** Every request: Stripe's secret-key auth and the API version the adapter was written against. */
export function getHeaders(): Record<string, string | Matcher> {
  return {
    Authorization: regex('^Bearer (sk|rk)_test_[A-Za-z0-9_]+$', `Bearer ${STRIPE_PACT_API_KEY}`),
    'Stripe-Version': STRIPE_API_VERSION,
  };
}

/**
 * Every POST also: a form body and an Idempotency-Key (Stripe's 1 to 255 characters), injected
 * from the provider state so each verification uses a key the provider has not seen (or, for the
 * reuse and in-flight interactions, the one the state left behind).
 */
export function postHeaders(keyExample: string): Record<string, string | Matcher> {
  return {
    ...getHeaders(),
    'Content-Type': FORM,
    'Idempotency-Key': injected('${idempotencyKey}', '^[\\x21-\\x7e]{1,255}$', keyExample),
  };
}

/**
 * A form-encoded body with matchers. pact-js 16's V4 builder has no form DSL (`body()` takes raw
 * bytes and adds a content-type rule that every field then inherits, pact-js#767), but the Pact
 * FFI underneath (`pactffi_with_body`) turns a JSON object with embedded matchers into a
 * form-urlencoded body plus per-field matching rules, and its mock server matches field by field
 * (missing and unexpected fields included). That FFI call sits on the builder's ConsumerInteraction.
 */
export function formBody(builder: RequestBuilder, fields: Record<string, string | Matcher>): void {
  const interaction = (builder as unknown as { interaction?: { withRequestBody?: (body: string, contentType: string) => unknown } }).interaction;
  if (typeof interaction?.withRequestBody !== 'function') {
    throw new Error('@pact-foundation/pact changed: RequestBuilder.interaction.withRequestBody is gone; see contracts/stripe/wire.ts formBody');
  }
  interaction.withRequestBody(JSON.stringify(fields), FORM);
}

/** A non-empty form value the adapter sends but the provider does not interpret (metadata). */
export const anyValue = (example: string): Matcher => regex('^.+$', example);

/** Every answer from Stripe's API carries its request id. */
export const RESPONSE_HEADERS = { 'Request-Id': regex(ID.req, EXAMPLE.req) };

export interface IntentShape {
  status: string;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  capture_method: 'manual' | 'automatic';
}

/** A PaymentIntent as the adapter reads it (mapping.ts readIntent, authorizeOutcome, captureOutcome). */
export function paymentIntent(shape: IntentShape, latestCharge: unknown = regex(ID.ch, EXAMPLE.ch)) {
  return {
    id: regex(ID.pi, EXAMPLE.pi),
    object: 'payment_intent',
    ...shape,
    currency: 'usd',
    created: integer(EXAMPLE.created),
    latest_charge: latestCharge,
    livemode: false,
  };
}

/** The expanded `latest_charge` retrieve reads: whether it succeeded and what it refunded. */
export function charge(amountCaptured: number, amountRefunded: number) {
  return {
    id: regex(ID.ch, EXAMPLE.ch),
    object: 'charge',
    status: 'succeeded',
    amount_captured: amountCaptured,
    amount_refunded: amountRefunded,
    payment_intent: regex(ID.pi, EXAMPLE.pi),
  };
}

/** A Refund as the adapter reads it (mapping.ts refundOutcome). */
export function refund(amount: number) {
  return {
    id: regex(ID.re, EXAMPLE.re),
    object: 'refund',
    amount,
    currency: 'usd',
    status: 'succeeded',
    payment_intent: regex(ID.pi, EXAMPLE.pi),
    created: integer(EXAMPLE.created),
  };
}

/** Stripe's error object: `type` and `code` decide (classify.ts); the message is free text. */
export function stripeError(type: string, code?: string, extra: Record<string, unknown> = {}) {
  return { error: { type, ...(code !== undefined ? { code } : {}), message: like('An example message.'), ...extra } };
}
