// Applying one provider event to the payment it is about. Idempotent (the inbox dedupes by event
// id, and settling an already-settled operation changes nothing) and order-insensitive (a late
// "authorized" after "captured" changes nothing: amounts only grow and the status only moves
// forward). Runs in the caller's transaction.
import type { ProviderEvent, ProviderName } from '../adapters/types.ts';
import { settle } from '../payments/settle.ts';
import { OPEN_STATUSES as OPEN } from '../payments/policies.ts';
import type { OperationKind, PaymentRow } from '../payments/types.ts';
import type { StoreTx } from '../storage/store.ts';
import { DEFAULT_WEBHOOK_POLICIES, type WebhookPolicies } from './policies.ts';

/**
 * The event contradicts what is booked: it names, for this payment, a provider reference (a
 * capture's charge, a refund) that another payment's operation already holds. One reference is one
 * money movement, so it is not booked twice; waiting will not resolve it, so the inbox parks the
 * event as a dead letter at once, with this message, for a human (and replay once resolved).
 */
export class EventConflictError extends Error {
  override name = 'EventConflictError';
}

export type ApplyOutcome = { kind: 'applied'; paymentId: string; detail: string } | { kind: 'ignored'; paymentId?: string; detail: string } | { kind: 'no_payment' };

/** `policies`: how events are matched, deduplicated and ordered (./policies.ts); the defaults are the correct ones. */
export async function applyEvent(q: StoreTx, provider: ProviderName, event: ProviderEvent, at: number, policies: WebhookPolicies = DEFAULT_WEBHOOK_POLICIES): Promise<ApplyOutcome> {
  const payment = await locate(q, provider, event);
  if (!payment) return { kind: 'no_payment' };
  const ops = await q.operations.listFor(payment.id);
  const detail = `${provider} ${event.type} ${event.eventId}`;
  const match = (kind: OperationKind) => policies.matchOperation(ops, kind, event);
  // Last writer wins: an authorization event sets the status it names, whatever came before.
  const lastWriterWins = policies.webhookOrdering === 'last-writer-wins';
  // Without dedupe, an event about an operation already settled books its amount again.
  const bookRepeats = policies.webhookDedupe === 'none';
  const done = async (what: string): Promise<ApplyOutcome> => {
    const r = await settle(q, payment, { cause: 'webhook', at, detail, policy: policies, ...(lastWriterWins && what === 'authorized' ? { explicit: 'authorized' as const } : {}) });
    return r.refused
      ? { kind: 'ignored', paymentId: payment.id, detail: `${what}; ${r.refused.from} → ${r.refused.to} refused` }
      : { kind: 'applied', paymentId: payment.id, detail: what };
  };

  switch (event.type) {
    case 'authorized': {
      if (!lastWriterWins && payment.status !== 'authorizing' && payment.status !== 'unknown') return { kind: 'ignored', paymentId: payment.id, detail: `late authorization on a ${payment.status} payment` };
      const auth = ops.find((o) => o.kind === 'authorize' && o.provider === provider && OPEN.includes(o.status));
      if (auth) await q.operations.update(auth.id, { status: 'succeeded', updated_at: at });
      payment.provider_payment_id ??= event.providerPaymentId;
      payment.amount_authorized = Math.max(payment.amount_authorized, event.amount ?? payment.amount);
      // Automatic capture: the provider captures what it authorized at once, and may say nothing
      // more (Adyen sends no CAPTURE notification for an immediate capture by default).
      if (payment.capture_mode === 'automatic') payment.reported_captured = Math.max(payment.reported_captured, payment.amount_authorized);
      return done('authorized');
    }
    case 'authorization_failed': {
      if (!lastWriterWins && payment.status !== 'authorizing' && payment.status !== 'unknown') return { kind: 'ignored', paymentId: payment.id, detail: `late authorization failure on a ${payment.status} payment` };
      const auth = ops.find((o) => o.kind === 'authorize' && o.provider === provider && OPEN.includes(o.status));
      if (auth) await q.operations.update(auth.id, { status: 'failed', last_error: `declined: ${event.reason ?? 'unknown'}`, updated_at: at });
      payment.decline_code = event.reason ?? 'declined';
      const r = await settle(q, payment, { cause: 'webhook', at, detail, explicit: 'declined', policy: policies });
      return r.refused ? { kind: 'ignored', paymentId: payment.id, detail: 'declined refused' } : { kind: 'applied', paymentId: payment.id, detail: 'declined' };
    }
    case 'captured': {
      const op = match('capture');
      const automatic = payment.capture_mode === 'automatic' && !ops.some((o) => o.kind === 'capture');
      if ((op && OPEN.includes(op.status)) || (!op && event.providerReference && !automatic)) await claimReference(q, payment, op?.provider ?? payment.provider, 'capture', event.providerReference);
      if (op) {
        if (OPEN.includes(op.status)) await q.operations.update(op.id, { status: 'succeeded', provider_reference: event.providerReference ?? null, updated_at: at });
        else if (bookRepeats) await bookAgain(q, payment, 'capture', event, at);
      } else if (event.providerReference && !automatic) {
        await external(q, payment, 'capture', event, at);
      } else {
        // A cumulative report (Stripe's amount_received), or the capture that came with an
        // automatic-capture authorization: kept apart from the core's own capture operations.
        payment.reported_captured = Math.max(payment.reported_captured, event.amount ?? 0);
      }
      if ((payment.status === 'authorizing' || payment.status === 'unknown') && event.amount) {
        // Captured at once (automatic capture): the event also proves the authorization.
        const auth = ops.find((o) => o.kind === 'authorize' && o.provider === provider && OPEN.includes(o.status));
        if (auth) await q.operations.update(auth.id, { status: 'succeeded', updated_at: at });
        payment.provider_payment_id ??= event.providerPaymentId;
        payment.amount_authorized = Math.max(payment.amount_authorized, event.amount);
      }
      return done('captured');
    }
    case 'refunded': {
      const op = match('refund');
      const book = policies.unrequestedRefunds === 'book';
      if ((op && OPEN.includes(op.status)) || (!op && book)) await claimReference(q, payment, op?.provider ?? payment.provider, 'refund', event.providerReference);
      if (op) {
        if (OPEN.includes(op.status)) await q.operations.update(op.id, { status: 'succeeded', provider_reference: event.providerReference ?? null, updated_at: at });
        else if (bookRepeats) await bookAgain(q, payment, 'refund', event, at);
      } else if (!book) {
        return { kind: 'ignored', paymentId: payment.id, detail: 'refund the core did not ask for' };
      } else await external(q, payment, 'refund', event, at);
      return done('refunded');
    }
    case 'voided': {
      const op = match('void');
      if (!op || OPEN.includes(op.status)) await claimReference(q, payment, op?.provider ?? payment.provider, 'void', event.providerReference);
      if (op) {
        if (OPEN.includes(op.status)) await q.operations.update(op.id, { status: 'succeeded', provider_reference: event.providerReference ?? null, updated_at: at });
      } else if (!ops.some((o) => o.kind === 'void' && o.status === 'succeeded')) await external(q, payment, 'void', { ...event, amount: payment.amount_authorized }, at);
      return done('voided');
    }
    case 'capture_failed':
    case 'refund_failed':
    case 'void_failed': {
      const kind = event.type.replace('_failed', '') as OperationKind;
      const op = match(kind);
      if (!op || !OPEN.includes(op.status)) return { kind: 'ignored', paymentId: payment.id, detail: `${event.type} for no open ${kind}` };
      await claimReference(q, payment, op.provider, kind, event.providerReference);
      await q.operations.update(op.id, { status: 'failed', provider_reference: event.providerReference ?? null, last_error: event.reason ?? event.type, updated_at: at });
      return done(event.type);
    }
    case 'disputed': {
      if (policies.disputes === 'ignore') return { kind: 'ignored', paymentId: payment.id, detail: 'dispute not booked' };
      payment.disputed_amount = Math.max(payment.disputed_amount, Math.min(event.amount ?? payment.amount_captured, payment.amount_captured - payment.amount_refunded));
      return done('disputed');
    }
  }
}

async function locate(q: StoreTx, provider: ProviderName, event: ProviderEvent): Promise<PaymentRow | undefined> {
  if (event.paymentId) {
    const p = await q.payments.get(event.paymentId, { lock: true });
    if (p) return p;
  }
  return q.payments.findByProviderId(provider, event.providerPaymentId, { lock: true });
}

/** Throws EventConflictError when another payment's operation of this kind already holds `reference`. */
async function claimReference(q: StoreTx, payment: PaymentRow, provider: string, kind: OperationKind, reference: string | undefined): Promise<void> {
  if (reference === undefined) return;
  const holder = await q.operations.referenceHolder(provider, kind, reference, payment.id);
  if (holder !== undefined) throw new EventConflictError(`${provider} ${kind} ${reference} is already booked on payment ${holder}; this event claims it for payment ${payment.id}`);
}

/** Money the provider moved that the core did not ask for (a dashboard refund): recorded, not lost. */
function external(q: StoreTx, payment: PaymentRow, kind: OperationKind, event: ProviderEvent, at: number): Promise<void> {
  return bookSettled(q, payment, kind, event.amount ?? 0, at, (seq) => ({
    id: `op_ext_${payment.id}_${seq}`,
    // The payment id keeps two payments' external operations apart whatever the provider names them
    // (the key is unique per provider: core/db/migrations/004).
    key: `external-${payment.id}-${kind}-${event.providerReference ?? event.eventId}`,
    reference: event.providerReference ?? null,
  }));
}

/** Without dedupe: the event's amount booked as one more settled operation of its kind. */
function bookAgain(q: StoreTx, payment: PaymentRow, kind: OperationKind, event: ProviderEvent, at: number): Promise<void> {
  return bookSettled(q, payment, kind, event.amount ?? 0, at, (seq) => ({ id: `op_naive_${payment.id}_${seq}`, key: `naive-${payment.id}-${kind}-${seq}`, reference: null }));
}

/** Records an operation the provider already settled, named by `name(seq)`. */
async function bookSettled(
  q: StoreTx,
  payment: PaymentRow,
  kind: OperationKind,
  amount: number,
  at: number,
  name: (seq: number) => { id: string; key: string; reference: string | null },
): Promise<void> {
  const seq = await q.operations.nextSeq(payment.id);
  const { id, key, reference } = name(seq);
  await q.operations.insert({
    id,
    payment_id: payment.id,
    seq,
    kind,
    amount,
    provider: payment.provider,
    status: 'succeeded',
    provider_idempotency_key: key,
    provider_reference: reference,
    attempts: 0,
    last_error: null,
    created_at: at,
    updated_at: at,
  });
}
