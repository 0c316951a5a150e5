// Bringing a payment's record in line with its operations: the amounts follow from what settled
// (and from what the provider reported cumulatively), the status follows from the amounts, and
// the status only ever moves forward. Runs inside the caller's transaction, on a locked row.
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { DEFAULT_SETTLE_POLICY, orderingAllows, type SettlePolicy } from './policies.ts';
import type { StoreTx } from '../storage/store.ts';
import { canTransition, statusFromAmounts, type PaymentStatus } from './state-machine.ts';
import type { PaymentRow, TransitionCause } from './types.ts';

export interface SettleResult {
  payment: PaymentRow;
  /** The status the facts implied but the state machine refused (a late or out-of-order fact). */
  refused?: { from: PaymentStatus; to: PaymentStatus };
}

/**
 * Recomputes amounts and status for `payment` (already locked) and persists them with one
 * history entry and one outbox event per status change. `explicit` sets a status the amounts
 * cannot express (declined, failed, unknown). `policy`: how out-of-order events and refunds are
 * treated (./policies.ts); the defaults are the correct ones.
 */
export async function settle(
  q: StoreTx,
  payment: PaymentRow,
  { cause, at, detail, explicit, policy = DEFAULT_SETTLE_POLICY }: { cause: TransitionCause; at: number; detail?: string; explicit?: PaymentStatus; policy?: SettlePolicy },
): Promise<SettleResult> {
  const ops = await q.operations.listFor(payment.id);
  const succeeded = (kind: string) => ops.filter((o) => o.kind === kind && o.status === 'succeeded');
  const next: PaymentRow = { ...payment, updated_at: at };
  const capturedByOps = succeeded('capture').reduce((s, o) => s + o.amount, 0);
  next.amount_captured = Math.min(next.amount_authorized || Infinity, Math.max(capturedByOps, next.reported_captured));
  next.amount_refunded = policy.storedRefunded(succeeded('refund').reduce((s, o) => s + o.amount, 0), next.amount_captured);

  let target: PaymentStatus = explicit ?? payment.status;
  if (!explicit) {
    if (next.disputed_amount > 0) target = 'disputed';
    else if (succeeded('void').length > 0) target = 'voided';
    else if (next.amount_authorized > 0) target = statusFromAmounts({ amountAuthorized: next.amount_authorized, amountCaptured: next.amount_captured, amountRefunded: next.amount_refunded });
  }

  let refused: SettleResult['refused'];
  if (target !== payment.status) {
    if (orderingAllows(policy, cause, canTransition(payment.status, target))) {
      next.status = target;
      await q.events.append({ payment_id: payment.id, from_status: payment.status, to_status: target, cause, detail: detail ?? null, at });
      await enqueueOutbox(q, { type: `payment.${target}`, paymentId: payment.id, at, payload: { id: payment.id, status: target, from: payment.status, cause } });
    } else {
      refused = { from: payment.status, to: target };
    }
  }
  const changed =
    next.status !== payment.status ||
    next.amount_captured !== payment.amount_captured ||
    next.amount_refunded !== payment.amount_refunded ||
    next.amount_authorized !== payment.amount_authorized ||
    next.provider_payment_id !== payment.provider_payment_id ||
    next.provider !== payment.provider ||
    next.reported_captured !== payment.reported_captured ||
    next.disputed_amount !== payment.disputed_amount ||
    next.decline_code !== payment.decline_code ||
    next.failure_message !== payment.failure_message;
  if (changed) {
    await q.payments.save(next);
    next.version = payment.version + 1;
  }
  return { payment: next, ...(refused ? { refused } : {}) };
}
