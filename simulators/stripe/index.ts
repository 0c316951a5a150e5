// The Stripe dialect simulator: a stateful fake Stripe (PaymentIntents, Charges, Refunds,
// Events, WebhookEndpoints, Stripe-Signature) on the shared kernel, faithful enough that the
// official stripe-node SDK works against it unchanged.
import { Kernel, STRIPE_IDEMPOTENCY, type SimEnv } from '../kernel/index.ts';
import type { Simulator } from '../testing/dialect-driver.ts';
import { buildApp } from './app.ts';
import { STRIPE_FEES, STRIPE_WEBHOOK_RETRY_DELAYS_MS } from './policy.ts';
import { stripeWebhookEncoder } from './signature.ts';
import { StripeState } from './store.ts';

export interface StripeSimulatorOptions {
  env: SimEnv;
  /** Compression of Stripe's webhook retry delays (0.001: a minute becomes 60 ms). Default 1. */
  webhookTimeScale?: number;
  /** Endpoints registered at start; a missing `secret` is generated (`whsec_...`). */
  webhookEndpoints?: { url: string; secret?: string; events?: string[] }[];
}

export interface StripeSimulator extends Simulator {
  provider: 'stripe';
  /** The endpoints registered from the options, with their signing secrets. */
  endpoints: { id: string; url: string; secret: string }[];
  /** Forgets every payment, key, fault and delivery (endpoints stay), like `POST /__gauntlet/reset`. */
  reset(): void;
}

export function createStripeSimulator(options: StripeSimulatorOptions): StripeSimulator {
  const kernel = new Kernel({
    provider: 'stripe',
    env: options.env,
    idempotency: STRIPE_IDEMPOTENCY,
    encoder: stripeWebhookEncoder,
    retryDelaysMs: [...STRIPE_WEBHOOK_RETRY_DELAYS_MS],
    fees: STRIPE_FEES,
    ...(options.webhookTimeScale !== undefined ? { webhookTimeScale: options.webhookTimeScale } : {}),
  });
  const state = new StripeState(kernel);
  const endpoints = (options.webhookEndpoints ?? []).map((e) => {
    const endpoint = kernel.webhooks.addEndpoint({
      id: kernel.id('we_'),
      url: e.url,
      secret: e.secret ?? `whsec_${kernel.id('', 32)}`,
      ...(e.events ? { enabledEvents: e.events } : {}),
    });
    return { id: endpoint.id, url: endpoint.url, secret: endpoint.secret };
  });
  const dialect = { kernel, state };
  return {
    provider: 'stripe',
    app: buildApp(dialect),
    kernel,
    endpoints,
    reset() {
      state.clear();
      kernel.reset();
    },
  };
}

export { STRIPE_API_VERSION, STRIPE_FEES, STRIPE_WEBHOOK_RETRY_DELAYS_MS } from './policy.ts';
export { stripeSignature, stripeWebhookEncoder } from './signature.ts';
// The case driver (`./case-driver.ts`) is imported directly: it verifies webhooks with the stripe
// SDK, a devDependency, which the simulator itself must not need at run time.
