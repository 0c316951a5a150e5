// The Adyen Checkout adapter: the core's ProviderAdapter spoken in Adyen's own JSON wire format
// (v71) through the injected fetch. No SDK at runtime, no ambient time or randomness; the call
// timeout is the core's `ctx.signal` (AbortSignal.timeout only when none is given). README.md
// beside this file has the mappings: tokens, resultCodes, error classification, notifications.
import type { FetchLike } from '../../env.ts';
import type { CallContext, ModificationRequest, ProviderAdapter } from '../types.ts';
import { authorizeBody, authorizeResult } from './authorize.ts';
import { createAdyenClient } from './client.ts';
import { decodeHexKey } from './hmac.ts';
import { modificationBody, modificationPath, modificationResult, type ModificationKind } from './modifications.ts';
import { parsePaymentMethod } from './payment-method.ts';
import { parseNotification } from './webhooks.ts';

export interface AdyenAdapterOptions {
  /** Checkout base URL without the version (`http://adyen.sim`, `https://checkout-test.adyen.com`); `/v71/...` is appended. */
  baseUrl: string;
  apiKey: string;
  merchantAccount: string;
  /** The notification HMAC key, hex. */
  hmacKey: string;
  fetch: FetchLike;
  /** Checkout requires a returnUrl even for card payments that never redirect. */
  returnUrl?: string;
}

export const DEFAULT_RETURN_URL = 'https://gauntlet.invalid/adyen/return';

export function createAdyenAdapter(options: AdyenAdapterOptions): ProviderAdapter {
  const key = decodeHexKey(options.hmacKey);
  const client = createAdyenClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, fetch: options.fetch });
  const wire = { merchantAccount: options.merchantAccount, returnUrl: options.returnUrl ?? DEFAULT_RETURN_URL };

  const modify = async (kind: ModificationKind, request: ModificationRequest, ctx: CallContext) => {
    const body = modificationBody(kind, request, options.merchantAccount, request.operationId ?? ctx.idempotencyKey);
    return modificationResult(kind, request, await client.post(modificationPath(kind, request.providerPaymentId), body, ctx));
  };

  return {
    provider: 'adyen',

    async authorize(request, ctx) {
      const method = parsePaymentMethod(request.paymentMethod);
      if (!method.ok) return { kind: 'invalid_request', status: 400, code: 'invalid_payment_method', message: method.message, notSent: true };
      return authorizeResult(request, await client.post('/payments', authorizeBody(request, method.value, wire), ctx));
    },

    capture: (request, ctx) => modify('captures', request, ctx),
    refund: (request, ctx) => modify('refunds', request, ctx),
    void: (request, ctx) => modify('cancels', request, ctx),

    async retrieve(providerPaymentId) {
      return {
        kind: 'invalid_request',
        status: 501,
        code: 'unsupported',
        message: `Adyen Checkout has no payment lookup (${providerPaymentId}): re-send the original call with its idempotency key, or wait for the notification`,
      };
    },

    parseWebhook(rawBody, _headers, _nowMs) {
      return parseNotification(rawBody, key, options.merchantAccount);
    },

    acknowledge() {
      return { status: 200, body: '[accepted]', contentType: 'text/plain' };
    },
  };
}

export { parsePaymentMethod, type SchemePaymentMethod } from './payment-method.ts';
export { notificationEventId } from './events.ts';
export { CHECKOUT_VERSION } from './client.ts';
