// The driver: Jepsen's client. It turns a harness operation into calls on the system under test
// and reports how each ended: `ok`, `fail` (it certainly did not happen), or `info`
// (indeterminate: timed out, connection lost; the effect may or may not have happened). A thrown
// error is `info`. Any payment service behind HTTP can be driven by implementing this.

export type ProviderChoice = 'stripe' | 'adyen' | 'auto';

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
  amounts: { authorized: number; captured: number; refunded: number };
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
