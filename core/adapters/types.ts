// The provider adapter: the one interface a team implements to plug a PSP into the core, and to
// certify it. Small on purpose. Adapters speak the provider's wire format through the injected
// fetch, never decide retries or state (the core does), and classify every outcome into one of
// five kinds, because what the core may do next depends only on that kind.

export type ProviderName = 'stripe' | 'adyen';

export interface CallContext {
  /**
   * The provider-side idempotency key for this call. The core derives it from the payment, the
   * operation and its sequence, and re-sends the same key on every retry of the same operation,
   * so a retry can never move money twice.
   */
  idempotencyKey: string;
  /** The core's per-call timeout. Aborted = indeterminate. */
  timeoutMs: number;
  /**
   * Aborted by the core when `timeoutMs` has passed on the injected clock. Adapters hand it to
   * fetch; they never start timers of their own, so the timeout means the same in virtual time.
   */
  signal?: AbortSignal;
}

/**
 * How a provider call ended, from the core's point of view:
 * - `ok`: the provider answered and did (or accepted to do) the thing.
 * - `declined`: the issuer or provider refused the payment itself (a business outcome, not an error).
 * - `provider_error`: the provider answered with an error that means nothing happened
 *   (5xx before execution, 429, overloaded); `retryable` says whether retrying the same key may help.
 * - `indeterminate`: no usable answer (timeout, connection lost, unreadable response): it may or
 *   may not have happened. Only a retry with the same idempotency key can tell.
 * - `invalid_request`: the provider refused the request as malformed or illegal (4xx): a bug or a
 *   state disagreement, never retried as is.
 */
export type ProviderResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'declined'; code: string; message: string; providerPaymentId?: string }
  | { kind: 'provider_error'; status: number; code: string; message: string; retryable: boolean; retryAfterMs?: number }
  /** `status`: the HTTP status when the provider did answer, with one that leaves the outcome open (a 500). */
  | { kind: 'indeterminate'; reason: string; status?: number }
  /**
   * `notSent`: the adapter refused to build the request (a token it cannot read, text its wire
   * format cannot encode), so nothing left the core. It says nothing about the provider's health
   * and must never count for or against its circuit breaker.
   */
  | { kind: 'invalid_request'; status: number; code: string; message: string; notSent?: true };

export interface AuthorizeRequest {
  /** The core's payment id; adapters send it to the provider as metadata / reference for correlation. */
  paymentId: string;
  merchantReference: string;
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** The provider's test token: `pm_card_visa`, or an Adyen holder name / test card. */
  paymentMethod: string;
  capture: 'manual' | 'automatic';
}

export interface AuthorizeOutcome {
  providerPaymentId: string;
  /** `captured` when the provider captured at once (automatic capture). */
  status: 'authorized' | 'captured';
  amountAuthorized: number;
  amountCaptured: number;
}

export interface ModificationRequest {
  paymentId: string;
  /**
   * The core's id for this capture / refund / cancel. Adapters send it where the provider echoes
   * it back in webhooks (Stripe metadata, Adyen modification `reference`), so an event can be
   * matched to the operation even when it arrives before the API response.
   */
  operationId?: string;
  providerPaymentId: string;
  amount: number;
  currency: string;
}

export interface ModificationOutcome {
  /** The provider's reference for this capture / refund / cancel. */
  providerReference: string;
  /**
   * `succeeded`: done now (Stripe). `pending`: accepted, the outcome comes by webhook (Adyen's
   * `received`).
   */
  status: 'succeeded' | 'pending';
}

/** What the provider says a payment is now, for reconciliation. */
export interface ProviderPaymentView {
  providerPaymentId: string;
  status: 'authorized' | 'captured' | 'voided' | 'declined' | 'pending';
  amountAuthorized: number;
  amountCaptured: number;
  amountRefunded: number;
  currency: string;
}

export type ProviderEventType =
  | 'authorized'
  | 'authorization_failed'
  | 'captured'
  | 'capture_failed'
  | 'refunded'
  | 'refund_failed'
  | 'voided'
  | 'void_failed'
  | 'disputed';

/** One provider event, reduced to what the core acts on. */
export interface ProviderEvent {
  /** Unique per provider: the inbox dedupes on (provider, eventId). */
  eventId: string;
  type: ProviderEventType;
  providerPaymentId: string;
  /** The provider's reference of the capture / refund / cancel, when the event is about one. */
  providerReference?: string;
  /** The core's payment id, when the provider echoes it back (metadata / merchantReference). */
  paymentId?: string;
  /** The core's operation id, when the provider echoes it back (see ModificationRequest). */
  operationId?: string;
  amount?: number;
  currency?: string;
  /** Provider time of the event, ms since epoch. */
  occurredAt: number;
  /** Decline or failure reason, when the event says why. */
  reason?: string;
}

export type WebhookVerdict =
  | { kind: 'ok'; events: ProviderEvent[] }
  | { kind: 'rejected'; reason: 'bad_signature' | 'stale' | 'malformed'; message: string };

export interface WebhookResponse {
  status: number;
  body: string;
  contentType: string;
}

export interface ProviderAdapter {
  readonly provider: ProviderName;
  authorize(request: AuthorizeRequest, ctx: CallContext): Promise<ProviderResult<AuthorizeOutcome>>;
  capture(request: ModificationRequest, ctx: CallContext): Promise<ProviderResult<ModificationOutcome>>;
  refund(request: ModificationRequest, ctx: CallContext): Promise<ProviderResult<ModificationOutcome>>;
  /** Releases an uncaptured authorization. */
  void(request: Omit<ModificationRequest, 'amount'> & { amount: number }, ctx: CallContext): Promise<ProviderResult<ModificationOutcome>>;
  /**
   * The provider's current view of a payment. Providers without a lookup API (Adyen Checkout)
   * return `invalid_request` with code `unsupported`; the core then resolves by re-sending the
   * original call with its idempotency key, which replays the provider's first answer.
   */
  retrieve(providerPaymentId: string, ctx: Omit<CallContext, 'idempotencyKey'>): Promise<ProviderResult<ProviderPaymentView>>;
  /** Verifies a webhook's signature and freshness against `nowMs`, and parses it into events. */
  parseWebhook(rawBody: string, headers: Record<string, string>, nowMs: number): WebhookVerdict;
  /** What to answer the provider once the webhook is durably stored (Adyen: `[accepted]`). */
  acknowledge(): WebhookResponse;
}
