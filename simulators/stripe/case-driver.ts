// The shared case suite's view of the Stripe dialect: the kernel's semantics as real wire calls
// (form-encoded, Bearer key, Idempotency-Key) through `sim.app.fetch`, no SDK in between. Only
// webhook verification uses stripe-node, because the point is that the official verifier agrees.
import Stripe from 'stripe';
import { DECLINE_WORDING, STRIPE_TEST_PAYMENT_METHODS, isDropped, type DeclineReason } from '../kernel/index.ts';
import type { AuthorizeCase, CaseResult, DialectDriver, Simulator } from '../testing/dialect-driver.ts';
import { encodeForm } from './form.ts';

const API_KEY = 'sk_test_gauntlet_case_driver';

/** The test PaymentMethod for each outcome the catalogue covers. */
const CARD_FOR: Partial<Record<'approved' | DeclineReason, string>> = (() => {
  const out: Partial<Record<'approved' | DeclineReason, string>> = { approved: 'pm_card_visa' };
  for (const [pm, entry] of Object.entries(STRIPE_TEST_PAYMENT_METHODS)) {
    if (entry.outcome.kind === 'declined' && !out[entry.outcome.reason]) out[entry.outcome.reason] = pm;
  }
  return out;
})();

const REASON_FOR_DECLINE_CODE = new Map<string, DeclineReason>(
  (Object.entries(DECLINE_WORDING) as [DeclineReason, (typeof DECLINE_WORDING)[DeclineReason]][]).map(([reason, w]) => [w.stripe.declineCode ?? w.stripe.code, reason]),
);

export function createStripeCaseDriver(sim: Simulator): DialectDriver {
  const call = async (method: 'GET' | 'POST', path: string, params: Record<string, unknown>, idempotencyKey?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    let url = `http://stripe.sim${path}`;
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = encodeForm(params);
    } else if (Object.keys(params).length) {
      url += `?${encodeForm(params)}`;
    }
    const res = await sim.app.fetch(new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) }));
    // A dropped connection (fail_before_commit, timeout_after_commit) is what `app.fetch` shows
    // for it: a 504 with no body, reported as an `error` outcome.
    if (isDropped(res)) return { status: res.status, text: '', json: {} as Record<string, unknown>, replayed: false };
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: reported as an error below.
    }
    return { status: res.status, text, json, replayed: res.headers.get('idempotent-replayed') === 'true' };
  };

  const result = (r: Awaited<ReturnType<typeof call>>, success: (body: Record<string, unknown>) => CaseResult['outcome'], paymentId?: string): CaseResult => {
    const error = r.json.error as { decline_code?: string; code?: string; payment_intent?: { id?: string } } | undefined;
    const base = { status: r.status, body: r.text, replayed: r.replayed };
    if (r.status === 200) return { ...base, outcome: success(r.json), ...pid(paymentId ?? (r.json.payment_intent as string | undefined) ?? (r.json.id as string)) };
    if (r.status === 402 && error) {
      const reason = REASON_FOR_DECLINE_CODE.get(error.decline_code ?? error.code ?? '');
      return { ...base, outcome: 'declined', ...pid(paymentId ?? error.payment_intent?.id), ...(reason ? { declineReason: reason } : {}) };
    }
    if (r.status >= 400 && r.status < 500 && r.status !== 429 && r.status !== 409 && error) return { ...base, outcome: 'refused', ...pid(paymentId) };
    return { ...base, outcome: 'error', ...pid(paymentId) };
  };

  return {
    name: 'stripe',
    sim,
    declineReasons: Object.keys(CARD_FOR).filter((k): k is DeclineReason => k !== 'approved'),

    async authorize(c: AuthorizeCase) {
      const pm = CARD_FOR[c.card];
      if (!pm) throw new Error(`no Stripe test PaymentMethod declines with ${c.card}`);
      const r = await call(
        'POST',
        '/v1/payment_intents',
        {
          amount: c.amount,
          currency: c.currency,
          capture_method: c.capture,
          payment_method: pm,
          confirm: true,
          ...(c.reference !== undefined ? { metadata: { reference: c.reference } } : {}),
        },
        c.idempotencyKey,
      );
      return result(r, (pi) => (pi.status === 'succeeded' ? 'captured' : 'authorized'));
    },

    async capture(paymentId, amount, idempotencyKey) {
      const r = await call('POST', `/v1/payment_intents/${encodeURIComponent(paymentId)}/capture`, amount !== undefined ? { amount_to_capture: amount } : {}, idempotencyKey);
      return result(r, () => 'captured', paymentId);
    },

    async refund(paymentId, amount, idempotencyKey) {
      const r = await call('POST', '/v1/refunds', { payment_intent: paymentId, ...(amount !== undefined ? { amount } : {}) }, idempotencyKey);
      return result(r, () => 'accepted', paymentId);
    },

    async void(paymentId, idempotencyKey) {
      const r = await call('POST', `/v1/payment_intents/${encodeURIComponent(paymentId)}/cancel`, {}, idempotencyKey);
      return result(r, () => 'accepted', paymentId);
    },

    async registerWebhook(url) {
      const r = await call('POST', '/v1/webhook_endpoints', { url, enabled_events: ['*'] });
      const secret = r.json.secret;
      if (r.status !== 200 || typeof secret !== 'string') throw new Error(`could not register a webhook endpoint: ${r.status} ${r.text}`);
      return secret;
    },

    verifyWebhook(body, headers, secret) {
      const signature = Object.entries(headers).find(([k]) => k.toLowerCase() === 'stripe-signature')?.[1];
      if (!signature) return false;
      try {
        // Received "now" in simulator time, so a virtual clock's deliveries verify as fresh.
        Stripe.webhooks.constructEvent(body, signature, secret, undefined, undefined, sim.kernel.now());
        return true;
      } catch {
        return false;
      }
    },
  };
}

function pid(id: string | undefined): { paymentId?: string } {
  return id ? { paymentId: id } : {};
}
