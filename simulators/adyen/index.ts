// The Adyen Checkout dialect simulator: a stateful fake Adyen that @adyen/api-library talks to
// unchanged, built on the simulator kernel. What it does and where it differs from Adyen is in
// README.md beside this file.
import { ADYEN_IDEMPOTENCY, Kernel, type FeePolicy, type SimEnv } from '../kernel/index.ts';
import { createAdyenApp } from './app.ts';
import type { AdyenConfig } from './deps.ts';
import { isHexKey } from './hmac.ts';
import { adyenWebhookEncoder } from './notifications.ts';
import { ADYEN_RETRY_DELAYS_MS } from './retry-schedule.ts';
import { AdyenPaymentStore } from './store.ts';
import type { AdyenSimulator } from './simulator-type.ts';

export interface AdyenSimulatorOptions {
  env: SimEnv;
  /** The HMAC key notifications to `webhookUrl` are signed with, in hex. */
  hmacKey: string;
  /** When set, `x-api-key` must equal it; otherwise any non-empty key is accepted. */
  apiKey?: string;
  /** When set, requests must name this merchant account; otherwise any is accepted. */
  merchantAccount?: string;
  /** Compression of Adyen's webhook retry delays (0.001: a minute becomes 60 ms). Default 1. */
  webhookTimeScale?: number;
  /** A notification endpoint registered at start, signed with `hmacKey`. */
  webhookUrl?: string;
  /** The merchant account's capture delay. Default `immediate`, Adyen's default. */
  defaultCapture?: 'immediate' | 'manual';
  /** Also send CAPTURE for automatic captures (opt-in at Adyen). Default false. */
  autoCaptureNotifications?: boolean;
  fees?: FeePolicy;
  maxPayments?: number;
}

export type { AdyenSimulator } from './simulator-type.ts';

/** Interchange++ is per card; a flat 60 bps + 12 minor units stands in for it in settlement reports. */
export const ADYEN_FEES: FeePolicy = { basisPoints: 60, fixed: 12 };
export const DEFAULT_MERCHANT_ACCOUNT = 'GauntletECOM';

export function createAdyenSimulator(options: AdyenSimulatorOptions): AdyenSimulator {
  if (!isHexKey(options.hmacKey)) throw new Error('hmacKey: the HMAC key in hex (whole bytes)');
  const kernel = new Kernel({
    provider: 'adyen',
    env: options.env,
    idempotency: ADYEN_IDEMPOTENCY,
    encoder: adyenWebhookEncoder,
    retryDelaysMs: [...ADYEN_RETRY_DELAYS_MS],
    fees: options.fees ?? ADYEN_FEES,
    ...(options.webhookTimeScale !== undefined ? { webhookTimeScale: options.webhookTimeScale } : {}),
    ...(options.maxPayments !== undefined ? { maxPayments: options.maxPayments } : {}),
  });
  const config: AdyenConfig = {
    ...(options.merchantAccount !== undefined ? { merchantAccount: options.merchantAccount } : {}),
    defaultCapture: options.defaultCapture ?? 'immediate',
    autoCaptureNotifications: options.autoCaptureNotifications ?? false,
  };
  const deps = { kernel, store: new AdyenPaymentStore(kernel), config };
  if (options.webhookUrl !== undefined) kernel.webhooks.addEndpoint({ url: options.webhookUrl, secret: options.hmacKey });
  const app = createAdyenApp(deps, options.apiKey !== undefined ? { apiKey: options.apiKey } : {});
  return {
    provider: 'adyen',
    app,
    kernel,
    hmacKey: options.hmacKey,
    merchantAccount: options.merchantAccount ?? DEFAULT_MERCHANT_ACCOUNT,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
  };
}

export { ADYEN_RETRY_DELAYS_MS } from './retry-schedule.ts';
export { CHECKOUT_VERSIONS } from './app.ts';
export { REPLAYED_HEADER } from './edge.ts';
export { ADYEN_ERRORS, type AdyenError } from './errors.ts';
export { forgeryKey, hmacSignature, isHexKey, signingString } from './hmac.ts';
export { notificationEventId, type EventCode, type NotificationBody, type NotificationRequestItem } from './notifications.ts';
// The case driver (`./case-driver.ts`) is imported directly, as Stripe's is: it runs on
// @adyen/api-library, a devDependency, which the simulator must not load at run time.
