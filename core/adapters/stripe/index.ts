// The Stripe adapter of the reference core: PaymentIntents, Refunds and Stripe-Signature
// webhooks over the injected fetch, in Stripe's own wire format (no SDK at run time).
import type { FetchLike } from '../../env.ts';
import type { ProviderAdapter } from '../types.ts';
import { createStripeClient } from './client.ts';
import { authorizeOutcome, captureOutcome, paymentView, refundOutcome, voidOutcome } from './mapping.ts';
import { parseStripeWebhook } from './webhooks.ts';

export { STRIPE_API_VERSION } from './client.ts';

export interface StripeAdapterOptions {
  /** `https://api.stripe.com`, or a simulator's origin. */
  baseUrl: string;
  /** A secret key, `sk_test_…`. */
  apiKey: string;
  /** The webhook endpoint's signing secret, `whsec_…`. */
  webhookSecret: string;
  fetch: FetchLike;
  /** How far a webhook's signing time may be from `nowMs`, either way. Default 300 s. */
  webhookToleranceSeconds?: number;
}

const ACKNOWLEDGED = JSON.stringify({ received: true });

export function createStripeAdapter(options: StripeAdapterOptions): ProviderAdapter {
  const client = createStripeClient(options);
  const webhook = { webhookSecret: options.webhookSecret, toleranceSeconds: options.webhookToleranceSeconds ?? 300 };
  const intentPath = (id: string, action = '') => `/v1/payment_intents/${encodeURIComponent(id)}${action}`;

  return {
    provider: 'stripe',

    async authorize(request, ctx) {
      const answer = await client.post(
        '/v1/payment_intents',
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          payment_method: request.paymentMethod,
          confirm: true,
          capture_method: request.capture,
          metadata: { payment_id: request.paymentId, reference: request.merchantReference },
        },
        ctx,
      );
      return answer.kind === 'answer' ? authorizeOutcome(answer.body) : answer;
    },

    async capture(request, ctx) {
      // The operation id goes into the intent's metadata, so payment_intent.succeeded echoes it.
      const answer = await client.post(
        intentPath(request.providerPaymentId, '/capture'),
        { amount_to_capture: request.amount, ...(request.operationId !== undefined ? { metadata: { operation_id: request.operationId } } : {}) },
        ctx,
      );
      return answer.kind === 'answer' ? captureOutcome(answer.body) : answer;
    },

    async refund(request, ctx) {
      const answer = await client.post(
        '/v1/refunds',
        {
          payment_intent: request.providerPaymentId,
          amount: request.amount,
          metadata: { payment_id: request.paymentId, operation_id: request.operationId },
        },
        ctx,
      );
      return answer.kind === 'answer' ? refundOutcome(answer.body) : answer;
    },

    async void(request, ctx) {
      // Stripe's cancel releases the whole authorization (`amount` is not sent) and takes no
      // metadata, so `operationId` cannot travel: payment_intent.canceled is matched by the intent.
      const answer = await client.post(intentPath(request.providerPaymentId, '/cancel'), {}, ctx);
      return answer.kind === 'answer' ? voidOutcome(answer.body) : answer;
    },

    async retrieve(providerPaymentId, ctx) {
      const answer = await client.get(intentPath(providerPaymentId), { expand: ['latest_charge'] }, ctx);
      return answer.kind === 'answer' ? paymentView(answer.body) : answer;
    },

    parseWebhook(rawBody, headers, nowMs) {
      return parseStripeWebhook(rawBody, headers, nowMs, webhook);
    },

    acknowledge() {
      return { status: 200, body: ACKNOWLEDGED, contentType: 'application/json' };
    },
  };
}
