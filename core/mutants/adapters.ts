// Mutants that live in the adapter: a wrapper around a correct ProviderAdapter that gets one thing
// wrong (the key it sends, how it classifies an answer, how it checks a webhook). The core behind
// it is the correct one.
//
// The two webhook mutants read the adapters' own parsing insides (the Stripe event mapping, the
// Adyen notification reader): a mutant is the adapter with one check removed, so it parses with
// the same code, minus that check.
import { readNotification } from '../adapters/adyen/notification.ts';
import { toProviderEvent } from '../adapters/adyen/events.ts';
import { mapStripeEvent } from '../adapters/stripe/events.ts';
import { parseObject } from '../adapters/stripe/json.ts';
import type { CallContext, ProviderAdapter, ProviderEvent, ProviderResult, WebhookVerdict } from '../adapters/types.ts';
import type { MutantName } from './catalogue.ts';
import { exponentIgnored } from './currency-exponent.ts';
import { isUnsigned, verifyWithWrongSecret } from './webhook-verification.ts';

/** The mutants implemented here; any other name leaves the adapter as it is. */
export const ADAPTER_MUTANTS: readonly MutantName[] = [
  'no-provider-idempotency',
  'timeout-is-failure',
  'decline-as-failure',
  'failure-as-decline',
  'signature-not-verified',
  'stale-accepted',
  'genuine-webhooks-refused',
  'missing-signature-accepted',
  'provider-500-not-executed',
  'retry-after-ignored',
  'currency-exponent-ignored',
];

export function mutantAdapter(inner: ProviderAdapter, mutant: MutantName): ProviderAdapter {
  if (!ADAPTER_MUTANTS.includes(mutant)) return inner;
  if (mutant === 'currency-exponent-ignored') return exponentIgnored(inner);
  const key = freshKeyPerAttempt(mutant);
  const classify = misclassify(mutant);
  return {
    provider: inner.provider,
    authorize: async (request, ctx) => classify(await inner.authorize(request, key(ctx))),
    capture: async (request, ctx) => classify(await inner.capture(request, key(ctx))),
    refund: async (request, ctx) => classify(await inner.refund(request, key(ctx))),
    void: async (request, ctx) => classify(await inner.void(request, key(ctx))),
    retrieve: (providerPaymentId, ctx) => inner.retrieve(providerPaymentId, ctx),
    parseWebhook: (rawBody, headers, nowMs) => {
      if (mutant === 'signature-not-verified') return acceptUnsigned(inner, rawBody, headers, nowMs);
      if (mutant === 'stale-accepted') return inner.parseWebhook(rawBody, headers, signedAtMs(inner, headers) ?? nowMs);
      if (mutant === 'genuine-webhooks-refused') return verifyWithWrongSecret(inner, rawBody, headers, nowMs);
      if (mutant === 'missing-signature-accepted' && isUnsigned(inner.provider, rawBody, headers)) return parseUnverified(inner, rawBody);
      return inner.parseWebhook(rawBody, headers, nowMs);
    },
    acknowledge: () => inner.acknowledge(),
  };
}

/**
 * `no-provider-idempotency`: every attempt of an operation gets its own provider key (the
 * operation's key plus an attempt counter), so the PSP cannot tell a retry from a new request.
 */
function freshKeyPerAttempt(mutant: MutantName): (ctx: CallContext) => CallContext {
  if (mutant !== 'no-provider-idempotency') return (ctx) => ctx;
  const attempts = new Map<string, number>();
  return (ctx) => {
    const n = (attempts.get(ctx.idempotencyKey) ?? 0) + 1;
    attempts.set(ctx.idempotencyKey, n);
    return { ...ctx, idempotencyKey: `${ctx.idempotencyKey}-attempt-${n}` };
  };
}

/** The classification mutants: one outcome kind read as another. */
function misclassify(mutant: MutantName): <T>(result: ProviderResult<T>) => ProviderResult<T> {
  switch (mutant) {
    case 'timeout-is-failure':
      // No answer is read as "the provider refused": non-retryable, so nothing re-sends the key.
      return <T>(r: ProviderResult<T>): ProviderResult<T> =>
        r.kind === 'indeterminate' ? { kind: 'provider_error', status: 504, code: 'timeout', message: `no answer, taken as a failure: ${r.reason}`, retryable: false } : r;
    case 'provider-500-not-executed':
      // MUTANT provider-500-not-executed: a 500 the provider answered (outcome open) is read as a
      // refusal: non-retryable, so the operation fails and nothing ever asks the PSP again.
      return <T>(r: ProviderResult<T>): ProviderResult<T> =>
        r.kind === 'indeterminate' && r.status === 500 ? { kind: 'provider_error', status: 500, code: 'internal_error', message: `provider 500, taken as not executed: ${r.reason}`, retryable: false } : r;
    case 'retry-after-ignored':
      // MUTANT retry-after-ignored: the Retry-After the PSP sent never reaches the call policy.
      return <T>(r: ProviderResult<T>): ProviderResult<T> => {
        if (r.kind !== 'provider_error' || r.retryAfterMs === undefined) return r;
        const { retryAfterMs: _ignored, ...rest } = r;
        return rest;
      };
    case 'decline-as-failure':
      return <T>(r: ProviderResult<T>): ProviderResult<T> => (r.kind === 'declined' ? { kind: 'provider_error', status: 402, code: r.code, message: r.message, retryable: false } : r);
    case 'failure-as-decline':
      return <T>(r: ProviderResult<T>): ProviderResult<T> => (r.kind === 'provider_error' ? { kind: 'declined', code: r.code, message: r.message } : r);
    default:
      return <T>(r: ProviderResult<T>): ProviderResult<T> => r;
  }
}

/**
 * `signature-not-verified`: the adapter's verdict is asked first; a delivery it refuses for its
 * signature is parsed anyway, without verifying, and accepted. (Freshness and shape are still
 * checked where the adapter would have checked them after the signature.)
 */
function acceptUnsigned(inner: ProviderAdapter, rawBody: string, headers: Record<string, string>, nowMs: number): WebhookVerdict {
  const verdict = inner.parseWebhook(rawBody, headers, nowMs);
  if (verdict.kind !== 'rejected' || verdict.reason !== 'bad_signature') return verdict;
  return parseUnverified(inner, rawBody);
}

/** The delivery parsed with the adapter's own code, its signature never looked at. */
function parseUnverified(inner: ProviderAdapter, rawBody: string): WebhookVerdict {
  return inner.provider === 'stripe' ? parseStripeUnverified(rawBody) : parseAdyenUnverified(rawBody);
}

function parseStripeUnverified(rawBody: string): WebhookVerdict {
  const body = parseObject(rawBody);
  if (!body) return { kind: 'rejected', reason: 'malformed', message: 'the body is not a JSON object' };
  const mapped = mapStripeEvent(body);
  return mapped.ok ? { kind: 'ok', events: mapped.events } : { kind: 'rejected', reason: 'malformed', message: mapped.message };
}

function parseAdyenUnverified(rawBody: string): WebhookVerdict {
  const read = readNotification(rawBody);
  if (!read.ok) return { kind: 'rejected', reason: 'malformed', message: read.message };
  const events: ProviderEvent[] = [];
  for (const item of read.items) {
    const mapped = toProviderEvent(item);
    if (!mapped.ok) return { kind: 'rejected', reason: 'malformed', message: mapped.message };
    if (mapped.event) events.push(mapped.event);
  }
  return { kind: 'ok', events };
}

/**
 * `stale-accepted`: "now", for the freshness check, is the time the webhook says it was signed,
 * so every delivery is fresh. Stripe only: Adyen's signature covers no timestamp (the adapter
 * never refuses an Adyen notification as stale), so there is nothing to get wrong there.
 */
function signedAtMs(inner: ProviderAdapter, headers: Record<string, string>): number | undefined {
  if (inner.provider !== 'stripe') return undefined;
  const header = Object.entries(headers).find(([k]) => k.toLowerCase() === 'stripe-signature')?.[1];
  const t = header?.match(/(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/)?.[1];
  return t === undefined ? undefined : Number(t) * 1000;
}
