// The driver: Jepsen's client. It turns a harness operation into calls on the system under test
// and reports how each ended: `ok`, `fail` (it certainly did not happen), or `info`
// (indeterminate: timed out, connection lost; the effect may or may not have happened). A thrown
// error is `info`. Any payment service behind HTTP can be driven by implementing this.
// The contract in full, for a team writing a driver: README.md beside this file; check a driver
// with `gauntlet driver check --driver PATH` before any drill trusts it.

export type ProviderChoice = 'stripe' | 'adyen' | 'auto';
export type ProviderName = 'stripe' | 'adyen';

/** Merchant operations a SUT may support beyond authorize (and reading a payment). */
export const OPERATION_CAPABILITIES = ['capture', 'partial_capture', 'refund', 'partial_refund', 'multiple_refunds', 'void'] as const;
export type OperationCapability = (typeof OPERATION_CAPABILITIES)[number];

/**
 * What the SUT supports, declared by its driver. The harness only sends what is declared; a drill
 * that needs more is not applicable to this SUT (skipped with the reason, never failed or passed).
 */
export interface DriverCapabilities {
  /** The PSPs the SUT talks to. */
  providers: ProviderName[];
  operations: OperationCapability[];
  /** PSP webhooks the SUT takes, per provider: the path on its base URL (e.g. `/hooks/stripe`). */
  webhooks: Partial<Record<ProviderName, string>>;
  /** The SUT honours a merchant Idempotency-Key: a retried request with the same key is done once. */
  merchantIdempotency: boolean;
  /** The SUT routes `provider: auto` itself and fails over between providers. */
  failover: boolean;
  /** `reconcile()` asks the SUT to resolve what it does not know with the PSPs. */
  reconcile: boolean;
  /** `discrepancies()` runs the SUT's reconciliation against the PSPs' settlement reports. */
  settlementReports: boolean;
}

/** What the SUT says about one payment, reduced to what the checkers compare. */
export interface PaymentObservation {
  paymentId: string;
  /** The merchant reference the harness gave it: the harness's own name for the payment. */
  reference: string;
  status: string;
  amount: number;
  currency: string;
  provider: string | null;
  providerPaymentId: string | null;
  /**
   * Minor units. `disputed`: what the cardholder's chargeback holds, when the SUT reports
   * disputes (absent: agreement does not judge them).
   */
  amounts: { authorized: number; captured: number; refunded: number; disputed?: number };
  declineCode: string | null;
  /** The statuses the SUT reported over time, oldest first, when it exposes them. */
  history?: string[];
}

export interface OperationError {
  /** `decline` (the issuer said no), `platform` (the SUT or provider failed), `invalid` (refused as illegal), `network`. */
  kind: 'decline' | 'platform' | 'invalid' | 'network';
  code: string;
  message: string;
}

export type Completion =
  | { type: 'ok'; value: PaymentObservation }
  | { type: 'fail'; error: OperationError; value?: PaymentObservation }
  | { type: 'info'; error: OperationError };

export interface SettlementDiscrepancy {
  kind: string;
  paymentId: string | null;
}

export interface AuthorizeArgs {
  reference: string;
  amount: number;
  currency: string;
  provider: ProviderChoice;
  paymentMethod: string;
  capture: 'manual' | 'automatic';
  idempotencyKey: string;
}

export interface Driver {
  readonly name: string;
  /** What the SUT supports; see DriverCapabilities. */
  readonly capabilities: DriverCapabilities;
  setup?(): Promise<void>;
  authorize(args: AuthorizeArgs): Promise<Completion>;
  capture(paymentId: string, amount: number | undefined, idempotencyKey: string): Promise<Completion>;
  refund(paymentId: string, amount: number | undefined, idempotencyKey: string): Promise<Completion>;
  void(paymentId: string, idempotencyKey: string): Promise<Completion>;
  get(paymentId: string): Promise<Completion>;
  /** Every payment the SUT knows: its final view, read once everything is quiet. */
  list(): Promise<PaymentObservation[]>;
  /** Asks the SUT to resolve what it does not know (unknown payments, pending operations). */
  reconcile?(): Promise<void>;
  /** Runs the SUT's reconciliation against the PSPs' settlement reports; what it found wrong. */
  discrepancies?(): Promise<SettlementDiscrepancy[]>;
  teardown?(): Promise<void>;
}
