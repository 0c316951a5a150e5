// What the shared case suite needs from a dialect: the kernel's semantics expressed as wire
// calls. Each dialect implements this in its own `case-driver.ts`, speaking its real HTTP API
// through `app.fetch`, so the suite exercises the dialect and the kernel together.
import type { Hono } from 'hono';
import type { DeclineReason, Kernel } from '../kernel/index.ts';

export interface Simulator {
  provider: 'stripe' | 'adyen';
  /** The dialect's HTTP API plus the control API under /__gauntlet/. */
  app: Hono;
  kernel: Kernel;
}

export type CaseCard = 'approved' | DeclineReason;

export interface AuthorizeCase {
  amount: number;
  currency: string;
  capture: 'manual' | 'automatic';
  card: CaseCard;
  idempotencyKey?: string;
  reference?: string;
}

export interface CaseResult {
  /** HTTP status of the response. */
  status: number;
  /** The provider's verdict on the request as the dialect expresses it, reduced to one word. */
  outcome: 'authorized' | 'captured' | 'declined' | 'accepted' | 'refused' | 'error';
  /** PSP id of the payment (PaymentIntent id / pspReference). */
  paymentId?: string;
  declineReason?: DeclineReason;
  /** The raw response body, for replay comparisons. */
  body: string;
  /** The response said it was an idempotent replay (Stripe's Idempotent-Replayed header). */
  replayed: boolean;
}

export interface DialectDriver {
  readonly name: 'stripe' | 'adyen';
  readonly sim: Simulator;
  /** Cards the dialect can express as test payment methods. */
  readonly declineReasons: readonly DeclineReason[];
  authorize(c: AuthorizeCase): Promise<CaseResult>;
  capture(paymentId: string, amount?: number, idempotencyKey?: string): Promise<CaseResult>;
  refund(paymentId: string, amount?: number, idempotencyKey?: string): Promise<CaseResult>;
  void(paymentId: string, idempotencyKey?: string): Promise<CaseResult>;
  /** Registers a webhook receiver URL; returns the secret (Stripe) or HMAC key (Adyen) it signs with. */
  registerWebhook(url: string): Promise<string>;
  /** Checks a received webhook with the provider's official SDK verifier. */
  verifyWebhook(body: string, headers: Record<string, string>, secret: string): boolean;
}
