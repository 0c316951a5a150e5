// The core's records, as stored.
import type { ProviderName } from '../adapters/types.ts';
import type { PaymentStatus } from './state-machine.ts';

export type OperationKind = 'authorize' | 'capture' | 'refund' | 'void';
export type OperationStatus = 'pending' | 'succeeded' | 'failed' | 'unknown';
export type TransitionCause = 'api' | 'webhook' | 'reconciliation' | 'recovery';

export interface PaymentRow {
  id: string;
  merchant_reference: string;
  amount: number;
  currency: string;
  requested_provider: string;
  provider: ProviderName;
  payment_method: string;
  capture_mode: 'manual' | 'automatic';
  status: PaymentStatus;
  provider_payment_id: string | null;
  amount_authorized: number;
  amount_captured: number;
  amount_refunded: number;
  reported_captured: number;
  disputed_amount: number;
  decline_code: string | null;
  failure_message: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface OperationRow {
  id: string;
  payment_id: string;
  seq: number;
  kind: OperationKind;
  amount: number;
  provider: ProviderName;
  status: OperationStatus;
  provider_idempotency_key: string;
  provider_reference: string | null;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface PaymentEventRow {
  payment_id: string;
  seq: number;
  from_status: PaymentStatus | null;
  to_status: PaymentStatus;
  cause: TransitionCause;
  detail: string | null;
  at: number;
}
