// The mutants that are a wrong policy: each the correct core with ONE of its policies
// (core/policies.ts) replaced by a classic payment bug. The core's code is the same; only the
// decision it is handed differs.
import type { ProviderEvent } from '../adapters/types.ts';
import { DEFAULT_POLICIES, type CorePolicies } from '../policies.ts';
import type { OperationKind, OperationRow } from '../payments/types.ts';
import type { MutantName } from './catalogue.ts';

/** The policies that make `mutant`; empty for the mutants that live in the adapters or the settlement source. */
export function mutantPolicies(mutant: MutantName): Partial<CorePolicies> {
  return POLICIES[mutant] ?? {};
}

/** The refunds booked as succeeded, whatever the stored (CHECK-bounded) column says. */
const bookedRefunds = (ops: OperationRow[]) => ops.filter((o) => o.kind === 'refund' && o.status === 'succeeded').reduce((s, o) => s + o.amount, 0);

/** A refund event matched only by the provider's refund id, which the core stores when the API answers. */
const byReferenceOnly = (ops: OperationRow[], kind: OperationKind, event: ProviderEvent): OperationRow | undefined => {
  if (kind !== 'refund') return DEFAULT_POLICIES.matchOperation(ops, kind, event);
  return event.providerReference ? ops.find((o) => o.kind === kind && o.provider_reference === event.providerReference) : undefined;
};

const POLICIES: Partial<Record<MutantName, Partial<CorePolicies>>> = {
  // Both dedupes off: the inbox applies every delivery as it arrives, and an event about an
  // operation already settled books its amount again.
  'webhook-no-dedupe': { webhookDedupe: 'none' },
  // A webhook sets the status it names; settle skips the state machine for webhooks.
  'webhook-regresses-state': { webhookOrdering: 'last-writer-wins' },
  'refund-unbounded': {
    // The bound (and "refund the rest") is the whole captured amount; refunds made or in flight ignored.
    refundable: (p) => ({ rest: p.amount_captured, max: Number.POSITIVE_INFINITY }),
    // A refund the PSP answered is booked as succeeded whatever it said, so no refusal reaches the merchant.
    bookAnswer: (kind, result) => (kind === 'refund' && result.kind !== 'indeterminate' ? 'succeeded' : DEFAULT_POLICIES.bookAnswer(kind, result)),
    // The stored column is held at the captured amount (the schema's CHECK); the view reports the booked sum.
    storedRefunded: (booked, captured) => Math.min(booked, captured),
    present: (view, ops) => ({ ...view, amounts: { ...view.amounts, refunded: bookedRefunds(ops) } }),
  },
  // The call policy's own "no answer within the timeout" is a failure too (the adapter wrapper
  // turns the adapter's indeterminate answers into failures).
  'timeout-is-failure': { noAnswer: 'failed' },
  'merchant-key-ignored': { merchantKeys: { ...DEFAULT_POLICIES.merchantKeys, replay: false } },
  // No fingerprint: any request with a known key gets the first one's answer.
  'merchant-key-unchecked': { merchantKeys: { ...DEFAULT_POLICIES.merchantKeys, fingerprint: () => 'unchecked' } },
  // Read without the row lock, open captures reserve nothing: two concurrent captures both pass.
  'capture-race': { concurrency: { lockPayment: false, reserveOpen: (kind) => kind !== 'capture' } },
  'no-crash-recovery': {
    recoverOnRestart: false,
    // An operation still pending with no provider reference (the call went out, its outcome was
    // never written: a crash) is taken for a call in progress, never re-sent.
    inProgress: (op) => op.status === 'pending' && op.provider_reference === null,
  },
  // A capture asks for the whole authorization, whatever the operation (and the merchant) said.
  'partial-capture-ignored': { providerAmount: (p, op) => (op.kind === 'capture' ? p.amount_authorized : op.amount) },
  // An indeterminate primary (payment `unknown`) fails over too, its authorization left unresolved.
  'failover-without-resolving': { failoverAfter: ['provider_error', 'indeterminate'] },
  // Adyen's `received` is booked as done; the notification that says it failed finds nothing open.
  'received-is-final': { bookAnswer: (kind, result) => (result.kind === 'ok' ? 'succeeded' : DEFAULT_POLICIES.bookAnswer(kind, result)) },
  'psp-initiated-ignored': { unrequestedRefunds: 'ignore' },
  'early-webhook-unmatched': { matchOperation: byReferenceOnly },
  'outbox-at-most-once': { outboxDelivery: 'at-most-once' },
  'dispute-ignored': { disputes: 'ignore' },
};
