// Orders and their payment state. The shop's own status names; a status only moves forward
// (a late or replayed Stripe event never takes an order back), and amounts only grow, because
// they come from Stripe's cumulative figures (amount_received, amount_refunded, refund ids).

export const ORDER_STATUSES = ['pending_payment', 'unknown', 'authorized', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'declined', 'error'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where each status may go next. Terminal statuses go nowhere. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['unknown', 'authorized', 'paid', 'declined', 'error'],
  unknown: ['authorized', 'paid', 'declined', 'error', 'cancelled'],
  authorized: ['paid', 'cancelled', 'partially_refunded', 'refunded'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
  cancelled: [],
  declined: [],
  error: [],
};

export type OperationKind = 'payment' | 'capture' | 'refund' | 'cancel';
/** `pending` while the call is in flight; `unknown` when we never learnt what Stripe did. */
export type OperationState = 'pending' | 'succeeded' | 'failed' | 'unknown';

export interface Operation {
  kind: OperationKind;
  /** The merchant's Idempotency-Key for the request that started it (when it sent one). */
  merchantKey: string | null;
  /** The Idempotency-Key we send Stripe; re-sends reuse it. */
  stripeKey: string;
  /** Exactly what we sent, so a re-send is the same request (Stripe refuses a key reused with other params). */
  path: string;
  params: Record<string, unknown>;
  amountCents: number | null;
  state: OperationState;
  error: { code: string; message: string } | null;
}

export interface Order {
  id: string;
  amountCents: number;
  currency: string;
  card: string;
  captureMethod: 'manual' | 'automatic';
  status: OrderStatus;
  /** Every status the order has had, oldest first. */
  statusHistory: OrderStatus[];
  paymentIntentId: string | null;
  authorizedCents: number;
  capturedCents: number;
  refundedCents: number;
  /** Refunds Stripe confirmed, by refund id: their sum is what we refunded. */
  refunds: Record<string, number>;
  declineCode: string | null;
  operations: Operation[];
  createdAt: string;
  updatedAt: string;
}

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

export interface MoveOptions {
  /** The late-event-regresses bug: take the event's status even when it goes backwards. */
  allowRegression?: boolean;
}

/** Moves the order to `to` when that is forward; returns whether it moved. */
export function moveTo(order: Order, to: OrderStatus, now: string, o: MoveOptions = {}): boolean {
  if (order.status === to) return false;
  if (!canMove(order.status, to) && !o.allowRegression) return false;
  order.status = to;
  order.statusHistory.push(to);
  order.updatedAt = now;
  return true;
}

/** The status the money implies for an order whose payment was authorized. */
export function statusFromMoney(order: Order): OrderStatus {
  if (order.refundedCents > 0) return order.refundedCents >= order.capturedCents ? 'refunded' : 'partially_refunded';
  if (order.capturedCents > 0) return 'paid';
  return 'authorized';
}

export function refundsTotal(order: Order): number {
  return Object.values(order.refunds).reduce((a, b) => a + b, 0);
}

/** Money not yet refunded and not held by a refund whose outcome we do not know yet. */
export function refundable(order: Order): number {
  const open = order.operations.filter((op) => op.kind === 'refund' && (op.state === 'pending' || op.state === 'unknown')).reduce((a, op) => a + (op.amountCents ?? 0), 0);
  return order.capturedCents - order.refundedCents - open;
}

export class OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly byIntent = new Map<string, string>();

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  all(): Order[] {
    return [...this.orders.values()];
  }

  add(order: Order): void {
    this.orders.set(order.id, order);
  }

  linkIntent(order: Order, paymentIntentId: string): void {
    if (!order.paymentIntentId) order.paymentIntentId = paymentIntentId;
    this.byIntent.set(paymentIntentId, order.id);
  }

  byPaymentIntent(id: string): Order | undefined {
    const orderId = this.byIntent.get(id);
    return orderId ? this.orders.get(orderId) : undefined;
  }
}

/** What the API shows of an order: no card details beyond the test token name. */
export function orderView(order: Order) {
  return {
    id: order.id,
    status: order.status,
    amountCents: order.amountCents,
    currency: order.currency,
    captureMethod: order.captureMethod,
    stripePaymentIntent: order.paymentIntentId,
    authorizedCents: order.authorizedCents,
    capturedCents: order.capturedCents,
    refundedCents: order.refundedCents,
    declineCode: order.declineCode,
    statusHistory: order.statusHistory,
    operations: order.operations.map((op) => ({ kind: op.kind, amountCents: op.amountCents, state: op.state, error: op.error })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
export type OrderView = ReturnType<typeof orderView>;
