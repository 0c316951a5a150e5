// The history: the ordered record of a run. Checkers read only this, the simulators' ledgers and
// the SUT's final view, so a stored history (JSONL) can be re-checked offline.
import type { Completion, PaymentObservation } from '../driver/types.ts';

export type OperationName = 'authorize' | 'capture' | 'refund' | 'void' | 'get';

interface Base {
  /** Position in the history, from 0. */
  index: number;
  /** Virtual (simulation) or wall (live) time, ms. */
  t: number;
}

export interface InvokeEvent extends Base {
  type: 'invoke';
  /** Which logical client issued it (concurrent operations have different processes). */
  process: number;
  opId: number;
  op: OperationName;
  /** The harness's name for the payment (its merchant reference). */
  reference: string;
  args: Record<string, unknown>;
}

export interface CompleteEvent extends Base {
  type: 'ok' | 'fail' | 'info';
  process: number;
  opId: number;
  op: OperationName;
  reference: string;
  completion: Completion;
}

export interface FaultEvent extends Base {
  type: 'fault';
  action: 'start' | 'stop';
  /** e.g. `psp:stripe`, `net:adyen`, `webhook:stripe`, `sut`. */
  target: string;
  description: string;
  detail?: unknown;
}

export interface WebhookEvent extends Base {
  type: 'webhook';
  provider: string;
  eventId: string;
  eventType: string;
  kind: 'genuine' | 'duplicate' | 'forged' | 'stale';
  /** HTTP status the SUT answered, or undefined when the delivery was lost. */
  status?: number;
  /** The PSP's delivery id: every attempt of one delivery (its retries) carries the same. */
  deliveryId?: string;
  /** A forgery's lie and signature, as the simulator made it: `refund, signature missing`. */
  forgery?: string;
}

/**
 * A merchant-facing event the SUT sent and the merchant's receiver took in (recorded by the
 * receiver, so a request lost on the way is absent and a lost answer still counts as received).
 * Worlds without a receiver record none.
 */
export interface MerchantEventReceived extends Base {
  type: 'merchant_event';
  /** The SUT's id for the event (its outbox id): a redelivery carries the same. */
  eventId: string;
  /** e.g. `payment.captured`. */
  eventType: string;
  /** The SUT's payment id the event is about. */
  paymentId: string;
  /** The payment status the event announces, when it names one. */
  status?: string;
}

export interface PhaseEvent extends Base {
  type: 'phase';
  phase: 'safety' | 'heal' | 'liveness' | 'final';
}

export type HistoryEvent = InvokeEvent | CompleteEvent | FaultEvent | WebhookEvent | MerchantEventReceived | PhaseEvent;

/** A provider money movement, as the simulator's ledger records it (the ground truth). */
export interface LedgerMovement {
  provider: string;
  kind: 'authorization' | 'capture' | 'refund' | 'void' | 'dispute';
  paymentId: string;
  id: string;
  amount: number;
  currency: string;
  at: number;
  operation: string;
  idempotencyKey?: string;
  /** The merchant reference the SUT passed to the provider, when it did (correlation). */
  reference?: string;
}

/** Everything a checker may read. */
export interface RunRecord {
  seed: number;
  history: HistoryEvent[];
  ledger: LedgerMovement[];
  /** The SUT's final view of every payment, read after the liveness phase. */
  final: PaymentObservation[];
  /** Bound (ms of run time) within which nothing may stay unknown after healing. */
  livenessBoundMs: number;
}
