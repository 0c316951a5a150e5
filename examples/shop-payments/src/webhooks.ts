// POST /hooks/stripe. Stripe signs each delivery: Stripe-Signature is `t=<unix seconds>,v1=<hex>`
// where v1 = HMAC-SHA256(endpoint secret, "<t>.<raw body>"); we accept any v1 that matches and a
// `t` within the tolerance (300 s, Stripe's default), so a captured request replayed later fails.
// Each event is applied once (by event id); applying is idempotent anyway, because amounts are
// Stripe's cumulative figures and statuses only move forward.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Bug } from './config.ts';
import type { Payments } from './payments.ts';
import type { StripeObject } from './stripe.ts';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyStripeSignature(rawBody: Buffer, header: string | undefined, secret: string, nowSeconds: number, toleranceSeconds: number): SignatureCheck {
  if (!header) return { ok: false, reason: 'no Stripe-Signature header' };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't' && /^\d+$/.test(v)) t = Number(v);
    if (k === 'v1') v1.push(v);
  }
  if (t === undefined || v1.length === 0) return { ok: false, reason: 'Stripe-Signature has no timestamp or no v1 signature' };
  const expected = createHmac('sha256', secret).update(`${t}.`, 'utf8').update(rawBody).digest();
  const matches = v1.some((sig) => {
    if (!/^[0-9a-f]{64}$/i.test(sig)) return false;
    return timingSafeEqual(Buffer.from(sig, 'hex'), expected);
  });
  if (!matches) return { ok: false, reason: 'no signature matches the payload' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, reason: `timestamp is ${nowSeconds - t} s away, outside the ${toleranceSeconds} s tolerance` };
  return { ok: true };
}

export interface WebhookDeps {
  payments: Payments;
  secret: string;
  toleranceSeconds: number;
  bugs: ReadonlySet<Bug>;
  nowSeconds: () => number;
  log: (line: string) => void;
}

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

export class StripeWebhooks {
  private readonly d: WebhookDeps;
  private readonly seen = new Set<string>();
  constructor(d: WebhookDeps) {
    this.d = d;
  }

  handle(rawBody: Buffer, signature: string | undefined): WebhookReply {
    if (!this.d.bugs.has('unsigned-webhooks')) {
      const check = verifyStripeSignature(rawBody, signature, this.d.secret, this.d.nowSeconds(), this.d.toleranceSeconds);
      if (!check.ok) {
        this.d.log(`webhook refused: ${check.reason}`);
        return { status: 400, body: { error: { type: 'invalid_signature', code: 'signature_verification_failed', message: check.reason } } };
      }
    }
    let event: { id?: unknown; type?: unknown; data?: { object?: unknown } };
    try {
      event = JSON.parse(rawBody.toString('utf8')) as typeof event;
    } catch {
      return { status: 400, body: { error: { type: 'invalid_request', code: 'invalid_json', message: 'the body is not JSON' } } };
    }
    const obj = event?.data?.object;
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || !obj || typeof obj !== 'object') {
      return { status: 400, body: { error: { type: 'invalid_request', code: 'invalid_event', message: 'not a Stripe event (id, type, data.object)' } } };
    }
    if (this.seen.has(event.id)) return { status: 200, body: { received: true, duplicate: true } };
    const applied = this.apply(event.type, obj as StripeObject);
    this.seen.add(event.id);
    return { status: 200, body: { received: true, applied } };
  }

  private apply(type: string, obj: StripeObject): boolean {
    const { payments } = this.d;
    const order = payments.orderFor(obj);
    if (!order) return false; // not one of ours (another integration on the same account)
    if (type.startsWith('payment_intent.')) payments.applyIntent(order, obj, { regress: this.d.bugs.has('late-event-regresses') });
    else if (type.startsWith('charge.refund.') || type.startsWith('refund.')) payments.applyRefund(order, obj);
    else if (type.startsWith('charge.') && !type.startsWith('charge.dispute.')) payments.applyCharge(order, obj);
    else return false;
    return true;
  }
}
