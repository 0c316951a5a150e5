// Payment statuses and the moves between them, as the harness understands payments (DESIGN.md,
// "Reference core": forward-only, with `unknown` for an indeterminate provider call). Written
// here from the domain, edge by edge with its reason, and deliberately NOT taken from the core's
// own table (core/payments/state-machine.ts): the checker judges the core by this one, so a wrong
// edge in the core's table shows up as an illegal history instead of being agreed with.

export const STATUSES = [
  'authorizing',
  'unknown',
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
  'declined',
  'failed',
  'disputed',
] as const;

export type PaymentStatus = (typeof STATUSES)[number];

type Edge = readonly [from: PaymentStatus, to: readonly PaymentStatus[], why: string];

const EDGES: readonly Edge[] = [
  ['authorizing', ['authorized', 'declined', 'failed'], 'the PSP answered the authorization'],
  ['authorizing', ['unknown'], 'the authorization call timed out or broke: the PSP may or may not have acted'],
  ['authorizing', ['partially_captured', 'captured'], 'a capture webhook can arrive before the authorization answer is recorded'],
  ['unknown', ['authorized', 'declined', 'failed', 'partially_captured', 'captured'], 'recovery learns what the PSP actually did'],
  ['unknown', ['voided'], 'an indeterminate authorization the merchant gives up on is cancelled at the PSP'],
  ['authorized', ['partially_captured', 'captured'], 'capture, in full or in part'],
  ['authorized', ['voided'], 'the authorization is released before any capture'],
  ['authorized', ['partially_refunded', 'refunded'], 'capture and refund webhooks applied out of order'],
  ['partially_captured', ['captured'], 'further captures reach the authorized amount'],
  ['partially_captured', ['partially_refunded', 'refunded'], 'money captured so far is refunded'],
  ['captured', ['partially_refunded', 'refunded'], 'refund, in full or in part'],
  ['partially_refunded', ['refunded'], 'further refunds reach the captured amount'],
  ['authorized', ['disputed'], 'a chargeback can come at any point once money was committed'],
  ['partially_captured', ['disputed'], 'chargeback'],
  ['captured', ['disputed'], 'chargeback'],
  ['partially_refunded', ['disputed'], 'chargeback'],
  ['refunded', ['disputed'], 'a cardholder can dispute even a refunded charge'],
  // voided, declined, failed and disputed are final: nothing leaves them.
];

const NEXT: ReadonlyMap<PaymentStatus, ReadonlySet<PaymentStatus>> = (() => {
  const next = new Map<PaymentStatus, Set<PaymentStatus>>(STATUSES.map((s) => [s, new Set<PaymentStatus>()]));
  for (const [from, to] of EDGES) for (const t of to) next.get(from)!.add(t);
  return next;
})();

export function isStatus(value: string): value is PaymentStatus {
  return (STATUSES as readonly string[]).includes(value);
}

/** One step: staying put is always legal (amounts change within a status); moving needs an edge. */
export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return from === to || (NEXT.get(from)?.has(to) ?? false);
}

export function isTerminal(status: PaymentStatus): boolean {
  return NEXT.get(status)?.size === 0;
}

const REACH: ReadonlyMap<PaymentStatus, ReadonlySet<PaymentStatus>> = (() => {
  const out = new Map<PaymentStatus, Set<PaymentStatus>>();
  for (const s of STATUSES) {
    const seen = new Set<PaymentStatus>([s]);
    const todo: PaymentStatus[] = [s];
    while (todo.length > 0) for (const y of NEXT.get(todo.pop()!)!) if (!seen.has(y)) (seen.add(y), todo.push(y));
    out.set(s, seen);
  }
  return out;
})();

/** `to` can follow `from` through zero or more transitions (statuses nobody read in between). */
export function reachable(from: PaymentStatus, to: PaymentStatus): boolean {
  return REACH.get(from)?.has(to) ?? false;
}
