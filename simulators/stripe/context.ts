// What every Stripe handler works with: the simulator (kernel + dialect state) and the request.
import type { DeclineReason, Kernel } from '../kernel/index.ts';
import type { Params } from './params.ts';
import type { StripeState } from './store.ts';

export interface Dialect {
  kernel: Kernel;
  state: StripeState;
}

export interface RequestContext {
  dialect: Dialect;
  /** The dialect operation, e.g. `stripe.payment_intents.capture`. */
  operation: string;
  requestId: string;
  idempotencyKey?: string;
  /** The API version the request asked for (`Stripe-Version`), else the account default. */
  apiVersion: string;
  /** Set when a `decline` fault overrides the issuer. */
  forcedDecline?: DeclineReason;
}

/** What a handler answers: the status and the Stripe object (or list) to send. */
export interface HandlerResult {
  status: number;
  body: unknown;
}

export type Handler = (ctx: RequestContext, params: Params, path: Record<string, string>) => HandlerResult | Promise<HandlerResult>;

/** Simulator time in Stripe's unit: whole seconds since the epoch. */
export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
