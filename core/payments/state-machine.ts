// The payment state machine: forward-only. A status can only move to a later one; an illegal
// transition is refused whatever its source (API, webhook, reconciliation, recovery).

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

const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  authorizing: ['unknown', 'authorized', 'partially_captured', 'captured', 'declined', 'failed'],
  // An indeterminate authorization resolves to whatever the provider actually did.
  unknown: ['authorized', 'partially_captured', 'captured', 'declined', 'failed', 'voided'],
  authorized: ['partially_captured', 'captured', 'voided', 'partially_refunded', 'refunded', 'disputed'],
  partially_captured: ['captured', 'partially_refunded', 'refunded', 'disputed'],
  captured: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['refunded', 'disputed'],
  refunded: ['disputed'],
  voided: [],
  declined: [],
  failed: [],
  disputed: [],
};

export function isStatus(value: string): value is PaymentStatus {
  return (STATUSES as readonly string[]).includes(value);
}

/** Staying put is always legal (amounts may change within a status); moving needs an edge. */
export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export function isTerminal(status: PaymentStatus): boolean {
  return NEXT[status].length === 0;
}

export interface MoneyState {
  status: PaymentStatus;
  amountAuthorized: number;
  amountCaptured: number;
  amountRefunded: number;
}

/**
 * The status that the amounts imply, for a payment whose authorization succeeded. Amounts only
 * grow, so the implied status only moves forward.
 */
export function statusFromAmounts(m: Omit<MoneyState, 'status'>): PaymentStatus {
  if (m.amountCaptured === 0) return 'authorized';
  if (m.amountRefunded > 0) return m.amountRefunded >= m.amountCaptured ? 'refunded' : 'partially_refunded';
  return m.amountCaptured >= m.amountAuthorized ? 'captured' : 'partially_captured';
}

/** The statuses from which each merchant operation may start. */
export const ALLOWED_FROM = {
  capture: ['authorized', 'partially_captured'],
  refund: ['partially_captured', 'captured', 'partially_refunded'],
  void: ['authorized'],
} as const satisfies Record<string, readonly PaymentStatus[]>;
