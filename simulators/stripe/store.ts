// The dialect's own objects (PaymentIntents, Charges, Refunds, Disputes) on top of the kernel's
// payments. Money lives in the kernel's PaymentBook; these records hold what only Stripe has
// (statuses, charges, errors, metadata). A record is alive while its kernel payment is the one
// it was created with, so a kernel reset (control API or in-process) makes them all vanish.
import type { DeclineReason, Kernel, KernelPayment } from '../kernel/index.ts';
import type { StripeErrorBody } from './errors.ts';

export type IntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

export interface IntentRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  captureMethod: CaptureMethod;
  status: IntentStatus;
  paymentMethod: string | null;
  paymentMethodTypes: string[];
  description: string | null;
  metadata: Record<string, string>;
  clientSecret: string;
  latestChargeId: string | null;
  lastPaymentError: StripeErrorBody | null;
  canceledAt: number | null;
  cancellationReason: string | null;
  /** Every charge attempt, oldest first. */
  chargeIds: string[];
  payment: KernelPayment;
}

export interface ChargeFailure {
  reason: DeclineReason;
  code: string;
  declineCode?: string;
  message: string;
}

export interface ChargeRecord {
  id: string;
  created: number;
  paymentIntentId: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  status: 'succeeded' | 'failed';
  captured: boolean;
  /** The capture's balance transaction (also the capture's ledger movement id). */
  balanceTransaction: string | null;
  failure: ChargeFailure | null;
  description: string | null;
  metadata: Record<string, string>;
  refundIds: string[];
  disputeId: string | null;
}

export interface RefundRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string;
  reason: string | null;
  metadata: Record<string, string>;
  balanceTransaction: string;
}

export interface DisputeRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string;
  reason: string;
}

/** What Stripe keeps about a webhook endpoint beyond what the kernel's dispatcher needs. */
export interface EndpointMeta {
  description: string | null;
  metadata: Record<string, string>;
  apiVersion: string | null;
}

export class StripeState {
  private readonly kernel: Kernel;
  readonly intents = new Map<string, IntentRecord>();
  readonly charges = new Map<string, ChargeRecord>();
  readonly refunds = new Map<string, RefundRecord>();
  readonly disputes = new Map<string, DisputeRecord>();
  readonly endpointMeta = new Map<string, EndpointMeta>();

  constructor(kernel: Kernel) {
    this.kernel = kernel;
  }

  intent(id: string): IntentRecord | undefined {
    const record = this.intents.get(id);
    if (!record) return undefined;
    if (this.kernel.payments.get(id) !== record.payment) {
      this.intents.delete(id);
      return undefined;
    }
    return record;
  }

  charge(id: string): ChargeRecord | undefined {
    return this.live(this.charges, id);
  }

  refund(id: string): RefundRecord | undefined {
    return this.live(this.refunds, id);
  }

  dispute(id: string): DisputeRecord | undefined {
    return this.live(this.disputes, id);
  }

  /** A record whose PaymentIntent is gone (the kernel was reset) is forgotten with it. */
  private live<R extends { paymentIntentId: string }>(records: Map<string, R>, id: string): R | undefined {
    const record = records.get(id);
    if (record && !this.intent(record.paymentIntentId)) {
      records.delete(id);
      return undefined;
    }
    return record;
  }

  /** Newest first, as Stripe lists. */
  listIntents(): IntentRecord[] {
    return newestFirst(this.intents, (id) => this.intent(id));
  }

  listCharges(): ChargeRecord[] {
    return newestFirst(this.charges, (id) => this.charge(id));
  }

  listRefunds(): RefundRecord[] {
    return newestFirst(this.refunds, (id) => this.refund(id));
  }

  /** The charge whose capture can be refunded: the PaymentIntent's successful charge. */
  successfulCharge(intent: IntentRecord): ChargeRecord | undefined {
    for (const id of intent.chargeIds) {
      const charge = this.charges.get(id);
      if (charge?.status === 'succeeded') return charge;
    }
    return undefined;
  }

  amountRefunded(charge: ChargeRecord): number {
    let sum = 0;
    for (const id of charge.refundIds) sum += this.refunds.get(id)?.amount ?? 0;
    return sum;
  }

  /** Forgets every object; webhook endpoint details stay, as the kernel keeps the endpoints. */
  clear(): void {
    this.intents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.disputes.clear();
  }
}

function newestFirst<T>(map: Map<string, T>, alive: (id: string) => T | undefined): T[] {
  const out: T[] = [];
  for (const id of [...map.keys()].reverse()) {
    const record = alive(id);
    if (record) out.push(record);
  }
  return out;
}
