// The ledger: every money movement the PSP performed, append-only. This is the ground truth the
// checker trusts; nothing else in a simulator is evidence of money moving.

export type MovementKind = 'authorization' | 'capture' | 'refund' | 'void' | 'dispute';

export interface Movement {
  /** Position in the ledger, from 1. */
  seq: number;
  /** Id of the movement itself (capture / refund / cancel reference). */
  id: string;
  provider: string;
  kind: MovementKind;
  /** The PSP's id for the payment (Stripe PaymentIntent id, Adyen pspReference). */
  paymentId: string;
  amount: number;
  currency: string;
  /** Simulator time, ms since epoch. */
  at: number;
  /** The dialect operation that caused it, e.g. `stripe.payment_intents.capture`. */
  operation: string;
  /** Id of the HTTP request that caused it (`control` for control-API actions). */
  requestId: string;
  idempotencyKey?: string;
  /** The merchant's reference for the payment, when it gave one (correlation for the checker). */
  reference?: string;
}

export type NewMovement = Omit<Movement, 'seq'>;

export class Ledger {
  private readonly entries: Movement[] = [];

  append(movement: NewMovement): Movement {
    const entry = Object.freeze({ ...movement, seq: this.entries.length + 1 });
    this.entries.push(entry);
    return entry;
  }

  all(): readonly Movement[] {
    return this.entries;
  }

  forPayment(paymentId: string): Movement[] {
    return this.entries.filter((m) => m.paymentId === paymentId);
  }

  /** Sum of one kind of movement for a payment. */
  total(paymentId: string, kind: MovementKind): number {
    let sum = 0;
    for (const m of this.entries) if (m.paymentId === paymentId && m.kind === kind) sum += m.amount;
    return sum;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
